//! The inbox's use cases: lists and counts, a conversation and its
//! timeline, replies and notes, every lifecycle change, search, where an
//! agent left off.

use super::{Switchboard, DEFAULT_PAGE, MAX_PAGE, MAX_SEARCH_CHARS};
use crate::clock;
use crate::counts;
use crate::error::{Error, Result};
use crate::labels;
use crate::lifecycle::{self, ConversationState, Outcome};
use crate::store::rows::ConversationRow;
use crate::store::{Actor, AgentSend, Sent};
use switchboard_types::{
    Agent, AgentRef, Conversation, ConversationActions, ConversationPage, Counts, Listing,
    MessageFailure, OpenedConversation, Permission, PreviousConversation, SentMessage, Timeline,
    TimelineItem, View, ViewCounts,
};

impl Switchboard {
    /// A page of a list: a view's tab, maybe narrowed to labels.
    pub async fn conversations(
        &self,
        agent: &Agent,
        listing: &Listing,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> Result<ConversationPage> {
        blocked_view_for_admins(agent, listing.view)?;
        let after = cursor.map(parse_cursor).transpose()?;
        let limit = limit.unwrap_or(DEFAULT_PAGE);
        // Refused rather than quietly changed: a client asking for 1,000
        // should learn that it gets at most 200.
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(Error::Invalid(format!(
                "limit must be 1 to {MAX_PAGE} (it is {limit})"
            )));
        }
        let Some(label_ids) = self.label_ids(&listing.labels).await? else {
            return Ok(ConversationPage::default());
        };
        let rows = self
            .store
            .list_conversations(
                agent.id,
                listing.view,
                listing.tab,
                &label_ids,
                listing.sort,
                after,
                limit,
            )
            .await?;
        let next_cursor = (rows.len() as i64 == limit)
            .then(|| {
                rows.last()
                    .map(|r| format!("{}_{}", r.sort_key(listing.sort), r.number))
            })
            .flatten();
        Ok(ConversationPage {
            conversations: rows.into_iter().map(|r| r.into_conversation()).collect(),
            next_cursor,
        })
    }

    pub async fn counts(&self, agent: &Agent, view: View) -> Result<Counts> {
        blocked_view_for_admins(agent, view)?;
        let rows = self.store.count_rows(agent.id).await?;
        Ok(counts::counts_of(&rows, agent.id, view))
    }

    /// The agent's tab counts in every view (what `counts.updated` pushes).
    pub async fn view_counts(&self, agent_id: i64) -> Result<Vec<ViewCounts>> {
        let rows = self.store.count_rows(agent_id).await?;
        let queues = self.store.queues().await?;
        Ok(counts::fold(&rows, agent_id, &queues))
    }

    /// The agent's count rows as kept, and as counted afresh from every
    /// conversation, each in one order.
    #[cfg(feature = "testing")]
    pub async fn count_rows_and_recount(
        &self,
        agent_id: i64,
    ) -> Result<(Vec<counts::CountRow>, Vec<counts::CountRow>)> {
        let key = |r: &counts::CountRow| (r.status.clone(), r.queue_id, r.assignee_id, r.blocked);
        let (mut kept, mut recounted) = tokio::try_join!(
            self.store.count_rows(agent_id),
            self.store.recounted_rows(agent_id)
        )?;
        kept.sort_by_key(key);
        recounted.sort_by_key(key);
        Ok((kept, recounted))
    }

    pub async fn conversation(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        Ok(self
            .conversation_row(agent, number)
            .await?
            .into_conversation())
    }

    /// The conversation as `agent` may see it (deleted ones to admins only).
    pub(super) async fn conversation_row(
        &self,
        agent: &Agent,
        number: i64,
    ) -> Result<ConversationRow> {
        self.store
            .conversation(agent.id, number)
            .await?
            .filter(|c| c.deleted_at.is_none() || agent.is_admin())
            .ok_or(Error::NotFound("conversation"))
    }

    /// An agent opens a conversation: its history, where their read
    /// pointer stood, and from now on everything in it counts as read.
    pub async fn open_conversation(
        &self,
        agent: &Agent,
        number: i64,
    ) -> Result<OpenedConversation> {
        self.conversation(agent, number).await?;
        let last_read_seq = self.store.read_pointer(agent.id, number).await?;
        let items = self.store.timeline(number, 0).await?;
        let last_seq = items.last().map(TimelineItem::seq).unwrap_or(0);
        let published = self.store.mark_read(agent.id, number, last_seq).await?;
        self.published(published);
        let row = self.conversation_row(agent, number).await?;
        let actions = ConversationActions {
            block: match super::contacts::may_block(agent) {
                Ok(()) => Permission::allowed(),
                Err(_) => Permission::hidden(),
            },
            ..lifecycle::actions(&row.state(), agent, clock::now_ms())
        };
        let conversation = row.into_conversation();
        let previous = match conversation.previous_number {
            Some(previous) => self.previous_conversation(agent, previous).await?,
            None => None,
        };
        let failures = self
            .store
            .failures(number)
            .await?
            .into_iter()
            .map(|(message_id, reason)| MessageFailure { message_id, reason })
            .collect();
        Ok(OpenedConversation {
            conversation,
            timeline: Timeline { items },
            last_read_seq,
            previous,
            actions,
            failures,
        })
    }

    /// What a follow-up shows of the conversation it continues.
    pub(super) async fn previous_conversation(
        &self,
        agent: &Agent,
        number: i64,
    ) -> Result<Option<PreviousConversation>> {
        const SHOWN: i64 = 3;
        let Ok(before) = self.conversation(agent, number).await else {
            return Ok(None);
        };
        let messages = self.store.last_messages(number, SHOWN).await?;
        Ok(Some(PreviousConversation {
            number,
            status: before.status,
            assignee: before.assignee,
            resolved_by: before.resolved_by,
            messages: messages.into_iter().map(|m| m.into_message()).collect(),
        }))
    }

    pub async fn timeline(&self, agent: &Agent, number: i64, after_seq: i64) -> Result<Timeline> {
        self.conversation(agent, number).await?;
        let items = self.store.timeline(number, after_seq).await?;
        Ok(Timeline { items })
    }

    pub async fn send_message(
        &self,
        agent: &Agent,
        number: i64,
        client_id: &str,
        body: &str,
        private: bool,
        signed: bool,
    ) -> Result<SentMessage> {
        self.send_message_with_files(agent, number, client_id, body, private, signed, &[])
            .await
    }

    /// A reply or note with files the agent uploaded (their ids); its
    /// text may then be empty.
    #[allow(clippy::too_many_arguments)]
    pub async fn send_message_with_files(
        &self,
        agent: &Agent,
        number: i64,
        client_id: &str,
        body: &str,
        private: bool,
        signed: bool,
        files: &[String],
    ) -> Result<SentMessage> {
        let client_id = lifecycle::client_id(client_id)?;
        let body = lifecycle::message_body_with_files(body, !files.is_empty())?;
        let files = self
            .files_to_send(crate::attachments::Uploader::Agent(agent.id), files)
            .await?;
        let company_name = self.company_name().await?;
        let mentions = if private && body.contains('@') {
            let staff = self
                .store
                .agents()
                .await?
                .into_iter()
                .map(|a| a.reference())
                .collect::<Vec<_>>();
            switchboard_types::chat::mentioned(&body, &staff)
        } else {
            Vec::new()
        };
        let send = AgentSend {
            agent,
            number,
            client_id: &client_id,
            body: &body,
            private,
            signed,
            company_name: &company_name,
            mentions: &mentions,
            files: &files,
        };
        let Sent {
            message,
            conversation,
            published,
        } = self.store.agent_send(&send).await?;
        self.published(published);
        Ok(SentMessage {
            message: message.into_message(),
            conversation: conversation.into_conversation(),
        })
    }

    /// Runs one lifecycle rule as `agent`, publishes what changed, and
    /// answers the conversation as that agent sees it now.
    pub(super) async fn act<F>(
        &self,
        agent: &Agent,
        number: i64,
        note: Option<&str>,
        rule: F,
    ) -> Result<Conversation>
    where
        F: FnOnce(&ConversationState) -> Result<Outcome> + Send,
    {
        let actor = Actor::agent(agent);
        let (_, published) = self.store.change(number, &actor, note, rule).await?;
        self.published(published);
        self.conversation(agent, number).await
    }

    /// Accept / take it (a pending conversation).
    pub async fn accept(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::accept(s, agent))
            .await
    }

    /// Take over what a colleague holds; they are told who took it.
    pub async fn take_over(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::take_over(s, agent))
            .await
    }

    /// Merge conversation `number` into `into`, another of its customer's
    /// (see [`lifecycle::merge`] for who may): the joined conversation.
    pub async fn merge(&self, agent: &Agent, number: i64, into: i64) -> Result<Conversation> {
        let actor = Actor::agent(agent);
        let (_, published) = self
            .store
            .merge_conversations(number, into, &actor, |from, into| {
                lifecycle::merge(from, into, agent)
            })
            .await?;
        self.published(published);
        self.conversation(agent, into).await
    }

    pub(super) async fn target_agent(&self, id: i64) -> Result<AgentRef> {
        self.store
            .agent_ref(id)
            .await?
            .ok_or(Error::NotFound("agent"))
    }

    /// Assign to a chosen agent (to oneself, what another holds: take it
    /// over).
    pub async fn assign(
        &self,
        agent: &Agent,
        number: i64,
        to_agent_id: i64,
    ) -> Result<Conversation> {
        let to = self.target_agent(to_agent_id).await?;
        self.act(agent, number, None, |s| lifecycle::assign(s, &to))
            .await
    }

    /// Hand to another agent and/or queue, with an optional note (kept as a
    /// private note in the history).
    pub async fn transfer(
        &self,
        agent: &Agent,
        number: i64,
        to_agent_id: Option<i64>,
        to_queue_id: Option<i64>,
        note: Option<&str>,
    ) -> Result<Conversation> {
        let to_agent = match to_agent_id {
            Some(id) => Some(self.target_agent(id).await?),
            None => None,
        };
        let to_queue = match to_queue_id {
            Some(id) => Some(
                self.store
                    .queue(id)
                    .await?
                    .ok_or(Error::NotFound("queue"))?,
            ),
            None => None,
        };
        let note = match note.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => Some(lifecycle::message_body(n)?),
            None => None,
        };
        self.act(agent, number, note.as_deref(), |s| {
            lifecycle::transfer(s, to_agent.as_ref(), to_queue.as_ref())
        })
        .await
    }

    /// Return to Pending, unassigned.
    pub async fn return_to_pending(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| {
            lifecycle::return_to_pending(s, agent)
        })
        .await
    }

    pub async fn resolve(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::resolve(s, agent))
            .await
    }

    /// Takes back a resolve its agent just made: the conversation goes back
    /// to where it was (its holder keeps it).
    pub async fn undo_resolve(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::undo_resolve(s, agent))
            .await
    }

    pub async fn reopen(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, lifecycle::reopen).await
    }

    /// Snooze until an RFC 3339 time.
    pub async fn snooze(&self, agent: &Agent, number: i64, until: &str) -> Result<Conversation> {
        let until = clock::parse_rfc3339(until).ok_or_else(|| {
            Error::Invalid("`until` must be an RFC 3339 time, like 2030-01-31T09:00:00Z".into())
        })?;
        let now = clock::now_ms();
        self.act(agent, number, None, |s| lifecycle::snooze(s, until, now))
            .await
    }

    /// Soft delete (admins).
    pub async fn delete(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::delete(s, agent))
            .await
    }

    pub async fn restore(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.act(agent, number, None, |s| lifecycle::restore(s, agent))
            .await
    }

    /// Marks it unread for this agent alone.
    pub async fn mark_unread(&self, agent: &Agent, number: i64) -> Result<Conversation> {
        self.conversation(agent, number).await?;
        let published = self.store.mark_unread(agent.id, number).await?;
        self.published(published);
        self.conversation(agent, number).await
    }

    /// Wakes every snoozed conversation whose time has come (also those
    /// that fell due while the server was down); answers how many woke.
    pub async fn wake_due(&self) -> Result<usize> {
        let now = clock::now_ms();
        let due = self.store.due_snoozed(now).await?;
        let mut woken = 0;
        for number in due {
            let rule = |s: &ConversationState| Ok(lifecycle::wake_if_due(s, now));
            let (_, published) = self
                .store
                .change(number, &Actor::system(), None, rule)
                .await?;
            woken += usize::from(!published.is_empty());
            self.published(published);
        }
        Ok(woken)
    }

    /// Search: words of messages, a customer's name or e-mail; `#22` finds
    /// conversation 22; `label:billing` narrows to a label's.
    pub async fn search(&self, agent: &Agent, query: &str) -> Result<Vec<Conversation>> {
        let query = query.trim();
        lifecycle::clean_text("a search", query)?;
        if query.chars().count() > MAX_SEARCH_CHARS {
            return Err(Error::Invalid(format!(
                "a search can have at most {MAX_SEARCH_CHARS} characters"
            )));
        }
        if let Some(number) = query
            .strip_prefix('#')
            .and_then(|n| n.trim().parse::<i64>().ok())
        {
            return match self.conversation(agent, number).await {
                Ok(c) => Ok(vec![c]),
                Err(Error::NotFound(_)) => Ok(Vec::new()),
                Err(e) => Err(e),
            };
        }
        let (labels, text) = labels::split_search(query);
        let Some(label_ids) = self.label_ids(&labels).await? else {
            return Ok(Vec::new());
        };
        let rows = self.store.search(agent.id, &text, &label_ids, 50).await?;
        Ok(rows.into_iter().map(|r| r.into_conversation()).collect())
    }

    /// Where the agent was in the inbox, as their browser last said.
    pub async fn whereabouts(&self, agent: &Agent) -> Result<Option<String>> {
        self.store.whereabouts(agent.id).await
    }

    /// Keeps where the agent is (a small JSON object the UI writes).
    pub async fn set_whereabouts(&self, agent: &Agent, data: &str) -> Result<()> {
        if data.len() > 1024
            || !serde_json::from_str::<serde_json::Value>(data).is_ok_and(|v| v.is_object())
        {
            return Err(Error::Invalid(
                "whereabouts must be a JSON object of at most 1 KiB".into(),
            ));
        }
        self.store.set_whereabouts(agent.id, data).await
    }

    /// The agent has read the conversation up to `seq`.
    pub async fn mark_read(&self, agent: &Agent, number: i64, seq: i64) -> Result<Conversation> {
        self.conversation(agent, number).await?;
        let published = self.store.mark_read(agent.id, number, seq).await?;
        self.published(published);
        self.conversation(agent, number).await
    }
}

/// The Blocked view is for admins, who block and unblock.
fn blocked_view_for_admins(agent: &Agent, view: View) -> Result<()> {
    if view == View::Blocked && !agent.is_admin() {
        return Err(Error::Forbidden(
            "only admins see the conversations of blocked customers".into(),
        ));
    }
    Ok(())
}

fn parse_cursor(cursor: &str) -> Result<(i64, i64)> {
    let bad = || Error::Invalid("cursor is not one this server gave out".into());
    let (at, number) = cursor.split_once('_').ok_or_else(bad)?;
    Ok((
        at.parse().map_err(|_| bad())?,
        number.parse().map_err(|_| bad())?,
    ))
}
