//! The store's contract: every query and write transaction the use cases
//! may call, grouped by area, each answered by whichever backend is in use.
//! The SQL behind each group is in `sql/<area>.rs`, compiled once per
//! backend; the backend enum never leaves the store.

use super::rows::{
    AgentRow, ApiTokenRow, AttachmentRow, AttributeRow, AuditRow, ContactLogRow, ContactNoteRow,
    ContactRow, ContactSummaryRow, ConversationRow, DeliveryRow, InvitationRow, LabelRow, LinkRow,
    LiveRow, MailboxRow, MessageRow, QueueSetupRow, RatedRow, RatingRow, SavedReplyRow, WebhookRow,
};
use super::rows::{FirstResponseRow, ResolutionRow};
use super::{
    dispatch, Actor, AgentSend, ConversationMailRow, CustomerSend, DeliveryOutcome, DueDelivery,
    DueMail, DueRatingMail, MailOutcome, NewAttachment, NewChannel, NewLink, PastConversation,
    RatingsFilter, ReportFilter, Revision, SavedMailbox, Sent, Store,
};
use crate::counts::CountRow;
use crate::error::Result;
use crate::hub::Published;
use crate::lifecycle::{ClientId, ConversationState, Merge, MergeSide, MessageBody, Outcome};
use crate::reports::{By, Samples, Waiting};
use switchboard_types::chat::{Channel, ChannelEntry, ChatMessage, ChatPage, ChatSearchHit};
use switchboard_types::{
    Agent, AgentRef, AlertPreferences, AuthorKind, CustomerConversation, MessageStatus, Queue,
    Role, Sort, Tab, TimelineItem, View,
};

/// Writes each listed signature as a method of [`Store`] that asks the
/// backend in use.
macro_rules! contract {
    ($( $(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty; )*) => {
        impl Store {
            $(
                $(#[$doc])*
                pub async fn $name(&self $(, $arg: $ty)*) -> $ret {
                    dispatch!(self, backend => backend.$name($($arg),*).await)
                }
            )*
        }
    };
}

impl Store {
    /// One lifecycle change in one transaction: lock the conversation, ask
    /// the rule, write the next state and its event, announce them. Racing
    /// changes queue on the row lock, so each rule sees the state the one
    /// before it left: of two accepts, one wins and the other is told who.
    /// A `note` (a transfer's) is stored as a private note with it.
    pub async fn change<F>(
        &self,
        number: i64,
        actor: &Actor,
        note: Option<&str>,
        rule: F,
    ) -> Result<(ConversationRow, Vec<Published>)>
    where
        F: FnOnce(&ConversationState) -> Result<Outcome> + Send,
    {
        dispatch!(self, backend => backend.change(number, actor, note, rule).await)
    }

    /// Merges conversation `from` into `into` as the rule allows, in one
    /// transaction (sql/merge.rs): the joined conversation, and what to
    /// announce.
    pub async fn merge_conversations<F>(
        &self,
        from: i64,
        into: i64,
        actor: &Actor,
        rule: F,
    ) -> Result<(ConversationRow, Vec<Published>)>
    where
        F: FnOnce(MergeSide<'_>, MergeSide<'_>) -> Result<Merge> + Send,
    {
        dispatch!(self, backend => backend.merge_conversations(from, into, actor, rule).await)
    }

    /// A customer rates their conversation as the rule allows, in one
    /// transaction with its history event (sql/satisfaction.rs).
    pub async fn rate<F>(
        &self,
        number: i64,
        contact_id: i64,
        actor: &Actor,
        given: &crate::satisfaction::Score,
        alert_low: bool,
        rule: F,
    ) -> Result<(RatingRow, Vec<Published>)>
    where
        F: FnOnce(&ConversationState, Option<i64>) -> Result<()> + Send,
    {
        dispatch!(self, backend => backend.rate(number, contact_id, actor, given, alert_low, rule).await)
    }
}

contract! {
    // Customers' records: details, notes, the contact log (sql/contact_records.rs);
    // each change is logged and told to every agent in its transaction.
    fn list_contacts(&self, pattern: &str, sort: switchboard_types::ContactSort, offset: i64, limit: i64) -> Result<Vec<ContactSummaryRow>>;
    fn contact_fields(&self, id: i64) -> Result<Option<crate::contacts::ContactFields>>;
    fn update_contact(&self, id: i64, fields: &crate::contacts::ContactFields, changes: &str, agent_id: i64) -> Result<Vec<Published>>;
    /// Verified, answered the pre-chat form, or has a conversation.
    fn contact_known_already(&self, id: i64) -> Result<bool>;
    fn contact_verified(&self, id: i64) -> Result<bool>;
    /// Details, attributes (JSON) and the log entry (JSON) of the
    /// customer's pre-chat answers, told to every agent.
    fn fill_from_prechat(&self, id: i64, fields: &crate::contacts::ContactFields, attributes: &str, changes: &str) -> Result<Vec<Published>>;
    fn contact_notes(&self, contact_id: i64) -> Result<Vec<ContactNoteRow>>;
    fn contact_note(&self, id: i64) -> Result<Option<ContactNoteRow>>;
    fn insert_contact_note(&self, contact_id: i64, agent_id: i64, body: &str, changes: &str) -> Result<(ContactNoteRow, Vec<Published>)>;
    /// Changes a note's text (`Some`) or deletes it (`None`).
    fn change_contact_note(&self, note: &ContactNoteRow, body: Option<&str>, agent_id: i64, changes: &str) -> Result<Vec<Published>>;
    /// The latest `limit` entries, newest first.
    fn contact_log(&self, contact_id: i64, limit: i64) -> Result<Vec<ContactLogRow>>;
    /// Merges customer `from` into `into` as `rule` allows, in one write
    /// transaction (sql/contact_merge.rs): what to announce.
    fn merge_contacts(&self, from: i64, into: i64, agent_id: i64, rule: crate::contacts::MergeRule) -> Result<Vec<Published>>;
    /// The record a customer's was merged into, if it was.
    fn contact_merged_into(&self, id: i64) -> Result<Option<i64>>;
    // Customers in and out of a spreadsheet (sql/contact_import.rs)
    fn contacts_for_export(&self) -> Result<Vec<crate::contact_import::ExportedContact>>;
    fn contacts_for_import(&self, ids: &[i64], emails: &[String]) -> Result<Vec<(i64, crate::contact_import::ImportedContact)>>;
    /// Writes an import in one transaction: each write's id, and what to announce.
    fn import_contacts(&self, writes: &[crate::contact_import::ImportWrite], agent_id: i64) -> Result<(Vec<i64>, Vec<Published>)>;
    // Agents, sessions, the team, API tokens, the audit (sql/agents.rs)
    fn insert_agent(&self, email: &str, name: &str, role: Role, password_hash: &str) -> Result<Agent>;
    fn agent_by_email(&self, email: &str) -> Result<Option<AgentRow>>;
    fn agents(&self) -> Result<Vec<Agent>>;
    fn insert_session(&self, digest: &str, agent_id: i64, expires_at: i64) -> Result<()>;
    fn agent_by_session(&self, digest: &str) -> Result<Option<AgentRow>>;
    fn delete_session(&self, digest: &str) -> Result<()>;
    /// Every agent, active or not, with their capacity.
    fn team(&self) -> Result<Vec<(AgentRow, i64)>>;
    fn team_member(&self, agent_id: i64) -> Result<Option<(AgentRow, i64)>>;
    /// Changes an agent's role, capacity or whether they may log in; a
    /// deactivated agent's sessions and API tokens end at once.
    fn update_agent(&self, agent_id: i64, role: Option<&str>, capacity: Option<i64>, active: Option<bool>) -> Result<()>;
    /// A new password; every session of the agent ends.
    fn set_password(&self, agent_id: i64, password_hash: &str) -> Result<()>;
    /// The conversations an agent holds (working on, or snoozed).
    fn held_conversations(&self, agent_id: i64) -> Result<Vec<i64>>;
    fn insert_link(&self, link: &NewLink<'_>) -> Result<()>;
    /// An unused, unexpired link by its token's digest.
    fn live_link(&self, digest: &str) -> Result<Option<LinkRow>>;
    /// Invitations neither used nor expired, newest first.
    fn pending_invitations(&self) -> Result<Vec<InvitationRow>>;
    /// Ends a pending invitation now: its link no longer works. Answers the
    /// invitation, or None when it was used or had expired already.
    fn revoke_invitation(&self, id: i64) -> Result<Option<InvitationRow>>;
    /// Gives a pending invitation a fresh token (the one before stops
    /// working) and a new expiry.
    fn renew_invitation(&self, id: i64, token_digest: &str, expires_at: i64) -> Result<Option<InvitationRow>>;
    /// Uses a link once: false when it was used (or expired) meanwhile.
    fn use_link(&self, link_id: i64) -> Result<bool>;
    fn insert_api_token(&self, agent_id: i64, name: &str, digest: &str) -> Result<ApiTokenRow>;
    fn api_tokens(&self, agent_id: i64) -> Result<Vec<ApiTokenRow>>;
    /// Revokes one of the agent's tokens; false when there is no such token.
    fn revoke_api_token(&self, agent_id: i64, token_id: i64) -> Result<bool>;
    /// The active agent an unrevoked API token belongs to (noting its use).
    fn agent_by_api_token(&self, digest: &str) -> Result<Option<AgentRow>>;
    fn insert_audit(&self, actor: &Agent, action: &str, subject: &str, data: &str) -> Result<()>;
    /// The latest admin changes, newest first, before `before_id` if given.
    fn audit(&self, before_id: Option<i64>, limit: i64) -> Result<Vec<AuditRow>>;
    /// An active agent, by id.
    fn agent_ref(&self, id: i64) -> Result<Option<AgentRef>>;
    /// Where the agent was in the inbox (JSON), if known.
    fn whereabouts(&self, agent_id: i64) -> Result<Option<String>>;
    fn set_whereabouts(&self, agent_id: i64, data: &str) -> Result<()>;
    /// The agent's choice of alerts; `None` until they made one.
    fn alert_preferences(&self, agent_id: i64) -> Result<Option<AlertPreferences>>;
    fn set_alert_preferences(&self, agent_id: i64, preferences: AlertPreferences) -> Result<()>;

    // Queues, availability, automatic assignment (sql/queues.rs)
    fn queue_details(&self) -> Result<Vec<QueueSetupRow>>;
    fn queue_members(&self) -> Result<Vec<(i64, i64)>>;
    fn insert_queue(&self, name: &str) -> Result<Queue>;
    /// Changes a queue; answers false when there is no such queue.
    fn update_queue(&self, queue_id: i64, name: Option<&str>, policy: Option<&str>, reassign_on_offline: Option<bool>, wait_minutes: Option<i64>, members: Option<&[i64]>) -> Result<bool>;
    /// Active agents who say they are online (ids).
    fn available_agents(&self) -> Result<Vec<i64>>;
    fn set_availability(&self, agent_id: i64, availability: &str) -> Result<()>;
    /// Pending conversations of a queue, oldest first, each with the agent
    /// who helped in the customer's previous conversation (a follow-up is
    /// offered to them first).
    fn waiting_in_queue(&self, queue_id: i64, limit: i64) -> Result<Vec<(i64, Option<i64>)>>;
    /// A queue's active members: id, name, availability, capacity and how
    /// many conversations they work on now.
    fn queue_candidates(&self, queue_id: i64) -> Result<Vec<(i64, String, String, i32, i64)>>;
    /// Gives a pending conversation to `agent` as automation, only while
    /// they are under `capacity`: assignments to one agent are serialised
    /// on their row, so concurrent ones (on any node) never exceed it.
    /// Answers None when they are full or it is no longer pending.
    fn assign_by_automation(&self, number: i64, queue_id: i64, agent: &AgentRef, capacity: i64) -> Result<Option<(ConversationRow, Vec<Published>)>>;
    /// The queue of that name, created if it does not exist yet.
    fn ensure_queue(&self, name: &str) -> Result<Queue>;
    fn add_queue_member(&self, queue_id: i64, agent_id: i64) -> Result<()>;
    /// A queue's working hours as stored (JSON), if it has any.
    fn queue_working_hours(&self, queue_id: i64) -> Result<Option<String>>;
    fn set_queue_working_hours(&self, queue_id: i64, hours: Option<&str>) -> Result<()>;
    fn queues(&self) -> Result<Vec<Queue>>;
    fn queue(&self, id: i64) -> Result<Option<Queue>>;

    // Settings (sql/settings.rs)
    fn setting(&self, key: &str) -> Result<Option<String>>;
    /// Stores `value` unless the key has one already; answers the value kept.
    fn setting_or_insert(&self, key: &str, value: &str) -> Result<String>;
    fn set_setting(&self, key: &str, value: &str) -> Result<()>;

    // Customers and what they read (sql/contacts.rs)
    /// A new customer with their first token; `identifier` is the host
    /// site's id of a verified customer (unique).
    fn insert_contact(&self, name: &str, email: Option<&str>, phone: Option<&str>, identifier: Option<&str>, identity_verified: bool, token_digest: &str) -> Result<ContactRow>;
    /// The customer the host site knows by `identifier`, and whether that
    /// identifier was ever signed.
    fn contact_by_identifier(&self, identifier: &str) -> Result<Option<(ContactRow, bool)>>;
    /// The customer's identifier was signed: only signed claims reach them now.
    fn mark_identity_verified(&self, contact_id: i64) -> Result<()>;
    /// Another credential for a known customer (a new device).
    fn add_contact_token(&self, contact_id: i64, token_digest: &str) -> Result<()>;
    /// The customer's e-mail address (and name, when given).
    fn set_contact_email(&self, contact_id: i64, email: &str, name: Option<&str>) -> Result<()>;
    /// The conversation is answered by e-mail from now on: agents' replies
    /// after its current last message go out as mail.
    fn answer_by_email(&self, number: i64) -> Result<()>;
    fn contact_by_token(&self, digest: &str) -> Result<Option<ContactRow>>;
    /// The customer's current conversation: the open one, else the latest.
    fn latest_conversation_of(&self, contact_id: i64) -> Result<Option<ConversationRow>>;
    fn customer_conversation(&self, row: &ConversationRow) -> Result<CustomerConversation>;
    /// What the customer sees of a conversation: every message but notes.
    fn customer_messages(&self, number: i64, after_seq: i64, company_name: &str) -> Result<Vec<switchboard_types::Message>>;
    /// Everything the customer may see of all their conversations (never
    /// notes), in the order it was written: the latest `limit` messages.
    fn customer_history(&self, contact_id: i64, limit: i64, company_name: &str) -> Result<Vec<switchboard_types::Message>>;
    /// The last `limit` messages of a conversation (notes too), oldest first.
    fn last_messages(&self, number: i64, limit: i64) -> Result<Vec<MessageRow>>;
    /// A customer, when they first wrote in, and their attributes (JSON).
    fn contact(&self, id: i64) -> Result<Option<(ContactRow, i64, String)>>;
    /// Blocks a customer (or lets them back): their conversations move to
    /// or from the Blocked view, and every agent's lists are told.
    fn set_contact_blocked(&self, id: i64, blocked: bool) -> Result<Vec<Published>>;
    /// Whether a customer is blocked.
    fn contact_blocked(&self, id: i64) -> Result<bool>;
    /// All of a customer's conversations, newest first.
    fn conversations_of_contact(&self, viewer: i64, contact_id: i64) -> Result<Vec<ConversationRow>>;

    // Reading conversations (sql/conversations.rs)
    fn conversation(&self, viewer: i64, number: i64) -> Result<Option<ConversationRow>>;
    /// One page of a tab in `sort`'s order, of the conversations carrying
    /// every one of `label_ids`; `after` is the sort key and number of the
    /// last row of the previous page (`ConversationRow::sort_key`).
    #[allow(clippy::too_many_arguments)]
    fn list_conversations(&self, viewer: i64, view: View, tab: Tab, label_ids: &[i64], sort: Sort, after: Option<(i64, i64)>, limit: i64) -> Result<Vec<ConversationRow>>;
    /// Conversations in Pending whose customer has waited longer than their
    /// queue allows, at `now`; the longest wait first.
    fn overdue_pending(&self, now: i64, limit: i64) -> Result<Vec<ConversationRow>>;
    /// The agent's live conversations grouped by status, queue and
    /// assignee, with how many of each hold unread customer messages.
    fn count_rows(&self, viewer: i64) -> Result<Vec<CountRow>>;
    /// The same, counted afresh from every conversation (what the kept
    /// counts must always equal).
    fn recounted_rows(&self, viewer: i64) -> Result<Vec<CountRow>>;
    /// Messages and events after `after_seq`, in `seq` order.
    fn timeline(&self, number: i64, after_seq: i64) -> Result<Vec<TimelineItem>>;
    /// Why each failed message of the conversation failed, by message id.
    fn failures(&self, number: i64) -> Result<Vec<(i64, String)>>;
    /// Where the agent's read pointer in the conversation stands (0: nothing read).
    fn read_pointer(&self, agent_id: i64, number: i64) -> Result<i64>;
    /// A conversation as everyone shares it (no one's unread count).
    fn shared_conversation(&self, number: i64) -> Result<Option<ConversationRow>>;
    /// Conversations whose messages hold all the words, or whose customer's
    /// name or e-mail contains the text, carrying every one of `label_ids`;
    /// newest first. No words: the labels' conversations.
    fn search(&self, viewer: i64, text: &str, label_ids: &[i64], limit: i64) -> Result<Vec<ConversationRow>>;

    // Attachments (sql/attachments.rs)
    /// Remembers a file just stored (not sent with a message yet).
    fn insert_attachment(&self, new: &NewAttachment<'_>) -> Result<()>;
    /// A file, with its message and conversation when it was sent.
    fn attachment(&self, id: &str) -> Result<Option<AttachmentRow>>;
    /// The files in a customer's conversations (not notes'), newest first.
    fn contact_attachments(&self, contact_id: i64, limit: i64) -> Result<Vec<AttachmentRow>>;
    /// Files uploaded before `before` (ms) and never sent: ids, and whether each has a thumbnail.
    fn unsent_attachments(&self, before: i64, limit: i64) -> Result<Vec<(String, bool)>>;
    /// Forgets a file, if it is still unsent (a message may have taken it meanwhile).
    fn forget_unsent_attachment(&self, id: &str) -> Result<bool>;

    // The lifecycle's writes (sql/lifecycle.rs)
    /// A customer writes: appended to their open conversation, or a new one.
    fn customer_send(&self, send: &CustomerSend<'_>) -> Result<Sent>;
    /// An agent writes a reply (to the customer) or a private note.
    fn agent_send(&self, send: &AgentSend<'_>) -> Result<Sent>;
    /// An agent writes to a customer first: a new e-mail conversation,
    /// theirs, as `rule` allows (sql/outbound.rs); its number.
    fn start_email_conversation(&self, contact_id: i64, agent: &switchboard_types::Agent, client_id: &ClientId, rule: crate::contacts::WriteFirstRule) -> Result<(i64, Vec<Published>)>;
    /// Snoozed conversations whose time has come.
    fn due_snoozed(&self, now: i64) -> Result<Vec<i64>>;

    // The live stream and read pointers (sql/events.rs)
    /// The agent has read the conversation up to `seq` (the pointer never
    /// moves back): their other tabs are told, and the customer's messages
    /// up to there are read.
    fn mark_read(&self, agent_id: i64, number: i64, seq: i64) -> Result<Vec<Published>>;
    /// Messages of `author_kind` up to `up_to_seq` reached `status` (their
    /// recipient's screen, or their reading). A quick read first: most
    /// acknowledgements find nothing left to move and write nothing.
    fn advance_messages(&self, number: i64, author_kind: AuthorKind, up_to_seq: i64, status: MessageStatus) -> Result<Vec<Published>>;
    /// Stored live events after `event_id`, oldest first.
    fn live_after(&self, event_id: i64, limit: i64) -> Result<Vec<LiveRow>>;
    /// Tells the other nodes something (PostgreSQL): an empty `payload`
    /// says the live stream grew.
    fn notify_nodes(&self, payload: &str) -> Result<()>;
    fn last_event_id(&self) -> Result<i64>;
    /// Marks the conversation unread for one agent: from the customer's
    /// latest message on. Their other tabs are told.
    fn mark_unread(&self, agent_id: i64, number: i64) -> Result<Vec<Published>>;

    // Mail of replies to e-mail conversations (sql/mail.rs)
    /// Agents' public replies in e-mail conversations that are due to be
    /// mailed: never tried, due for a retry, or claimed by a node that
    /// stopped before it finished.
    fn due_mail(&self, now: i64, limit: i64, server_wide: bool) -> Result<Vec<DueMail>>;
    /// Takes a due mail for this node until `until`; false when another
    /// node took it first.
    fn claim_mail(&self, message_id: i64, now: i64, until: i64) -> Result<bool>;
    /// How a mail went: sent, to be retried at `retry_at`, or failed for good
    /// (the message then shows as failed, with the reason).
    fn mail_outcome(&self, message_id: i64, outcome: &MailOutcome) -> Result<Vec<Published>>;

    // Customer satisfaction (sql/satisfaction.rs)
    fn rating(&self, number: i64) -> Result<Option<RatingRow>>;
    fn ratings(&self, filter: RatingsFilter, limit: i64) -> Result<(Vec<RatedRow>, [i64; 5], i64)>;
    fn due_rating_mails(&self, now: i64, limit: i64) -> Result<Vec<DueRatingMail>>;
    fn claim_rating_mail(&self, number: i64, now: i64, until: i64) -> Result<bool>;
    fn rating_mail_done(&self, number: i64, retry_at: Option<i64>) -> Result<()>;

    // Reports (sql/reports.rs)
    /// New conversations per hour since the epoch: `(hour, count)`.
    fn conversations_by_hour(&self, filter: ReportFilter) -> Result<Vec<(i64, i64)>>;
    /// Who waits in Pending and what each agent holds, now.
    fn waiting(&self) -> Result<Waiting>;
    /// What a period's figures are made of, keyed as `by` asks.
    fn report_samples(&self, filter: ReportFilter, by: By) -> Result<Samples>;
    /// The summary of first responses and resolutions as stored, and as
    /// the whole history says it should be (the same order).
    fn report_summary(&self) -> Result<(Vec<FirstResponseRow>, Vec<ResolutionRow>)>;
    fn recomputed_report_summary(&self) -> Result<(Vec<FirstResponseRow>, Vec<ResolutionRow>)>;
    /// Writes the summary afresh from the whole history.
    fn rebuild_report_summary(&self) -> Result<()>;
    /// Writes past conversations as their history would have been, then
    /// the summary afresh.
    fn insert_past_conversations(&self, past: &[PastConversation]) -> Result<()>;

    // Saved replies (sql/saved_replies.rs)
    /// The team's and `agent_id`'s own, by shortcut (theirs first when
    /// both have one).
    fn saved_replies(&self, agent_id: i64) -> Result<Vec<SavedReplyRow>>;
    fn saved_reply(&self, id: i64) -> Result<Option<SavedReplyRow>>;
    /// `owner_id` `None`: the team's. A shortcut taken is a conflict.
    fn insert_saved_reply(&self, owner_id: Option<i64>, shortcut: &str, body: &str) -> Result<SavedReplyRow>;
    /// False when unknown. A shortcut taken is a conflict.
    fn update_saved_reply(&self, id: i64, shortcut: &str, body: &str) -> Result<bool>;
    fn delete_saved_reply(&self, id: i64) -> Result<bool>;

    // Labels (sql/labels.rs); each change tells every agent the labels as
    // they now are
    /// The team's labels, by name.
    fn labels(&self) -> Result<Vec<LabelRow>>;
    fn label(&self, id: i64) -> Result<Option<LabelRow>>;
    /// A name taken is a conflict.
    fn insert_label(&self, name: &str, colour: &str) -> Result<(LabelRow, Vec<Published>)>;
    /// `None` when unknown. A name taken is a conflict.
    fn update_label(&self, id: i64, name: &str, colour: &str) -> Result<Option<Vec<Published>>>;
    /// Takes it off every conversation too; `None` when unknown.
    fn delete_label(&self, id: i64) -> Result<Option<Vec<Published>>>;
    /// Puts a label on a conversation (`on`) or takes it off, with an entry
    /// in its history; nothing happens when it is so already.
    fn label_conversation(&self, number: i64, label: &LabelRow, on: bool, actor: &Actor) -> Result<(ConversationRow, Vec<Published>)>;

    // Customer attributes (sql/attributes.rs); each change of a definition
    // tells every agent the definitions as they now are
    /// The definitions, in the order details show them.
    fn attribute_definitions(&self) -> Result<Vec<AttributeRow>>;
    fn attribute_definition(&self, id: i64) -> Result<Option<AttributeRow>>;
    /// Placed after the others. A name taken is a conflict.
    fn insert_attribute_definition(&self, name: &str, kind: &str, options: &str) -> Result<(AttributeRow, Vec<Published>)>;
    /// With `order`, every definition numbered in it. `None` when
    /// unknown. A name taken is a conflict.
    fn update_attribute_definition(&self, id: i64, name: &str, options: &str, order: &[i64]) -> Result<Option<Vec<Published>>>;
    /// Customers keep their values; `None` when unknown.
    fn delete_attribute_definition(&self, id: i64) -> Result<Option<Vec<Published>>>;
    /// A customer's attributes and the names agents wrote (JSON).
    fn contact_attributes(&self, id: i64) -> Result<Option<(String, String)>>;
    /// Replaces both; with `changes`, logged (by `agent_id`, none: the
    /// site) and told to every agent.
    fn set_contact_attributes(&self, id: i64, attributes: &str, edited: &str, changes: Option<&str>, agent_id: Option<i64>) -> Result<Vec<Published>>;

    /// What the customer's browser said on a visit (what is none stays);
    /// told to every agent when it differs from the last.
    fn record_visit(&self, id: i64, time_zone: Option<&str>, language: Option<&str>, browser: Option<&str>) -> Result<Vec<Published>>;
    fn contact_visit(&self, id: i64) -> Result<Option<crate::visits::LastVisit>>;

    // Mailboxes, taking their mail, acknowledgements (sql/mailboxes.rs)
    /// The customer with this e-mail address (any case).
    fn contact_by_email(&self, email: &str) -> Result<Option<ContactRow>>;
    fn mailboxes(&self) -> Result<Vec<MailboxRow>>;
    fn mailbox(&self, id: i64) -> Result<Option<MailboxRow>>;
    /// A new mailbox; its address is taken when another has it.
    fn insert_mailbox(&self, mailbox: &SavedMailbox<'_>, secret: &str) -> Result<i64>;
    /// Changes a mailbox whole; false when unknown.
    fn update_mailbox(&self, id: i64, mailbox: &SavedMailbox<'_>) -> Result<bool>;
    fn delete_mailbox(&self, id: i64) -> Result<bool>;
    /// The IMAP mailboxes no node is taking mail from, taken until `until`.
    fn claim_mailboxes_to_poll(&self, now: i64, until: i64) -> Result<Vec<i64>>;
    fn mailbox_reached(&self, id: i64, uid_validity: i64, last_uid: i64) -> Result<()>;
    fn mailbox_polled(&self, id: i64, now: i64, error: Option<&str>) -> Result<()>;
    fn conversation_of_client_id(&self, client_id: &str) -> Result<Option<i64>>;
    fn conversation_of_message(&self, id: i64) -> Result<Option<i64>>;
    fn message_html(&self, number: i64, id: i64) -> Result<Option<String>>;
    fn conversation_mail(&self, number: i64) -> Result<Option<ConversationMailRow>>;
    fn due_acknowledgements(&self, now: i64, limit: i64) -> Result<Vec<(i64, i32)>>;
    fn claim_acknowledgement(&self, number: i64, now: i64, until: i64) -> Result<bool>;
    fn acknowledgement_done(&self, number: i64, retry_at: Option<i64>) -> Result<()>;

    // Webhooks and deliveries (sql/webhooks.rs)
    fn webhooks(&self) -> Result<Vec<WebhookRow>>;
    fn insert_webhook(&self, url: &str, secret: &str) -> Result<WebhookRow>;
    /// Changes or (with `delete`) removes a webhook; false when unknown.
    fn update_webhook(&self, id: i64, url: Option<&str>, active: Option<bool>, delete: bool) -> Result<bool>;
    /// Shared live events after `event_id` (what every agent sees), oldest first.
    fn shared_events_after(&self, event_id: i64, limit: i64) -> Result<Vec<(i64, String)>>;
    /// Queues an event for every active webhook (once each, whichever node
    /// gets there first).
    fn enqueue_deliveries(&self, event_id: i64, event_type: &str, payload: &str) -> Result<()>;
    fn due_deliveries(&self, now: i64, limit: i64) -> Result<Vec<DueDelivery>>;
    /// Takes a due delivery for this node until `until`.
    fn claim_delivery(&self, id: i64, now: i64, until: i64) -> Result<bool>;
    fn delivery_outcome(&self, id: i64, outcome: &DeliveryOutcome) -> Result<()>;
    fn deliveries(&self, webhook_id: i64, limit: i64) -> Result<Vec<DeliveryRow>>;

    // Staff chat (sql/chat.rs)
    /// The channel with its members.
    fn channel(&self, id: i64) -> Result<Option<Channel>>;
    /// The channels in the agent's sidebar (theirs) and the public ones
    /// they could join, most recently active first.
    fn channel_entries(&self, agent_id: i64) -> Result<Vec<ChannelEntry>>;
    /// One channel with the agent's place in it.
    fn channel_entry(&self, agent_id: i64, channel_id: i64) -> Result<ChannelEntry>;
    /// Makes a channel with its first members and tells them (a public
    /// channel: everyone). Private messages between the same people are
    /// one conversation: asking again answers the one there is.
    fn create_channel(&self, new: &NewChannel<'_>) -> Result<(Channel, Vec<Published>)>;
    /// A new name and description.
    fn describe_channel(&self, channel_id: i64, name: &str, description: &str) -> Result<(Channel, Vec<Published>)>;
    /// Adds members (those already in stay as they are). A newcomer has
    /// read nothing: everything before them is theirs to read.
    fn add_channel_members(&self, channel_id: i64, agent_ids: &[i64]) -> Result<(Channel, Vec<Published>)>;
    /// Takes a member out; they are told so, and hear nothing more.
    fn remove_channel_member(&self, channel_id: i64, agent_id: i64) -> Result<(Channel, Vec<Published>)>;
    /// Whether the agent is in the channel.
    fn is_channel_member(&self, channel_id: i64, agent_id: i64) -> Result<bool>;
    /// Up to `limit` messages before `before_seq`, oldest first.
    fn chat_page(&self, channel_id: i64, before_seq: Option<i64>, limit: i64) -> Result<ChatPage>;
    fn chat_message(&self, id: i64) -> Result<Option<ChatMessage>>;
    /// Stores a member's message once (a `client_id` sent again answers
    /// the message it made), moves their read pointer past it, and tells
    /// the members; `mentioned` agents who may read it are told apart.
    fn send_chat_message(&self, channel_id: i64, author_id: i64, client_id: &ClientId, body: &MessageBody, files: &[crate::attachments::Kept], mentioned: &[i64]) -> Result<(ChatMessage, Vec<Published>)>;
    /// Edits or deletes the author's own message; the text it replaced is
    /// kept, and the members see the new version.
    fn revise_chat_message(&self, message_id: i64, author_id: i64, revision: Revision<'_>) -> Result<(ChatMessage, Vec<Published>)>;
    /// The texts a message had before its edits, oldest first.
    fn chat_message_versions(&self, message_id: i64) -> Result<Vec<String>>;
    /// The member has read the channel up to `seq` (never back); their
    /// other tabs are told.
    fn mark_channel_read(&self, channel_id: i64, agent_id: i64, seq: i64) -> Result<Vec<Published>>;
    /// Messages containing `text` in the channels the agent belongs to,
    /// newest first.
    fn search_chat(&self, agent_id: i64, text: &str, limit: i64) -> Result<Vec<ChatSearchHit>>;
}
