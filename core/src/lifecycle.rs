//! The rules of the conversation lifecycle, as pure functions of a
//! conversation's state and who is asking. Each answers either "nothing
//! changes" or the whole next state and the event that records it; the
//! store applies that inside its transaction. Every rule lives here and
//! nowhere else.

use crate::clock;
use crate::error::{Error, Result};
use serde_json::json;
use switchboard_types::{
    Agent, AgentRef, ConversationActions, ConversationStatus, EventType, Permission, Queue,
};

/// What the rules need to know about a conversation, and all they change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversationState {
    pub status: ConversationStatus,
    pub assignee: Option<AgentRef>,
    pub queue_id: Option<i64>,
    pub resolved_by: Option<i64>,
    /// Milliseconds since the epoch.
    pub snoozed_until: Option<i64>,
    pub deleted: bool,
    /// Merged into that conversation: a pointer to it, closed to changes.
    pub merged_into: Option<i64>,
}

/// A change the rules allow: the next state and its event.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub next: ConversationState,
    /// For example `conversation.accepted`.
    pub event: EventType,
    pub data: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Already so: a harmless repeat, nothing is written.
    Unchanged,
    Changed(Change),
}

fn changed(next: ConversationState, event: EventType, data: serde_json::Value) -> Result<Outcome> {
    Ok(Outcome::Changed(Change { next, event, data }))
}

fn existing(state: &ConversationState) -> Result<()> {
    if state.deleted {
        return Err(Error::NotFound("conversation"));
    }
    if let Some(into) = state.merged_into {
        return Err(Error::Rule(format!(
            "this conversation was merged into #{into}: work on that one"
        )));
    }
    Ok(())
}

fn not_resolved(state: &ConversationState, doing: &str) -> Result<()> {
    if state.status == ConversationStatus::Resolved {
        return Err(Error::Rule(format!(
            "this conversation is resolved; reopen it before {doing} it"
        )));
    }
    Ok(())
}

/// Neither deleted nor resolved: open to being handed on.
fn open_to_change(state: &ConversationState, doing: &str) -> Result<()> {
    existing(state)?;
    not_resolved(state, doing)
}

fn agent_json(agent: &AgentRef) -> serde_json::Value {
    json!({ "id": agent.id, "name": agent.name })
}

/// Held by `agent`, working, not snoozed.
fn working_for(state: &ConversationState, agent: &AgentRef) -> ConversationState {
    ConversationState {
        status: ConversationStatus::WorkingOn,
        assignee: Some(agent.clone()),
        snoozed_until: None,
        ..state.clone()
    }
}

/// Accept / take it: a pending conversation becomes the agent's. One held
/// by someone else is refused, naming the holder (that is `take_over`).
pub fn accept(state: &ConversationState, agent: &Agent) -> Result<Outcome> {
    existing(state)?;
    not_resolved(state, "accepting")?;
    match &state.assignee {
        Some(holder) if holder.id != agent.id => Err(Error::AlreadyAssigned {
            holder: holder.name.clone(),
        }),
        Some(_) if state.status == ConversationStatus::WorkingOn => Ok(Outcome::Unchanged),
        _ => changed(
            working_for(state, &agent.reference()),
            EventType::Accepted,
            json!({}),
        ),
    }
}

/// Assign it to a chosen agent; assigning to oneself what another holds is
/// "take it on me", recorded with the previous holder.
pub fn assign(state: &ConversationState, to: &AgentRef) -> Result<Outcome> {
    existing(state)?;
    not_resolved(state, "assigning")?;
    if state.assignee.as_ref().map(|a| a.id) == Some(to.id)
        && state.status == ConversationStatus::WorkingOn
    {
        return Ok(Outcome::Unchanged);
    }
    let data = json!({
        "to_agent": agent_json(to),
        "from_agent": state.assignee.as_ref().map(agent_json),
    });
    changed(working_for(state, to), EventType::Assigned, data)
}

/// Take over ("take it on me"): what a colleague holds becomes the asking
/// agent's, recorded as an assignment with the previous holder (who is
/// told). Nobody holding it, it is accepted instead; the holder taking it
/// over is a harmless repeat.
pub fn take_over(state: &ConversationState, agent: &Agent) -> Result<Outcome> {
    open_to_change(state, "taking over")?;
    match &state.assignee {
        Some(holder) if holder.id == agent.id => Ok(Outcome::Unchanged),
        Some(_) => assign(state, &agent.reference()),
        None => Err(Error::Rule(
            "nobody holds this conversation: accept it instead".into(),
        )),
    }
}

/// Hand it to another agent and/or another queue. To a queue alone, it goes
/// back to that queue's Pending pool.
pub fn transfer(
    state: &ConversationState,
    to_agent: Option<&AgentRef>,
    to_queue: Option<&Queue>,
) -> Result<Outcome> {
    open_to_change(state, "transferring")?;
    if to_agent.is_none() && to_queue.is_none() {
        return Err(Error::Invalid(
            "a transfer needs an agent_id, a queue_id or both".into(),
        ));
    }
    let mut next = match to_agent {
        Some(agent) => working_for(state, agent),
        None => ConversationState {
            status: ConversationStatus::Pending,
            assignee: None,
            snoozed_until: None,
            ..state.clone()
        },
    };
    if let Some(queue) = to_queue {
        next.queue_id = Some(queue.id);
    }
    if next == *state {
        return Ok(Outcome::Unchanged);
    }
    let data = json!({
        "to_agent": to_agent.map(agent_json),
        "to_queue": to_queue.map(|q| json!({ "id": q.id, "name": q.name })),
        "from_agent": state.assignee.as_ref().map(agent_json),
        "from_queue_id": state.queue_id,
    });
    changed(next, EventType::Transferred, data)
}

/// Return it to Pending, unassigned, for others to pick up: its holder or
/// an admin may.
pub fn return_to_pending(state: &ConversationState, asking: &Agent) -> Result<Outcome> {
    existing(state)?;
    not_resolved(state, "returning")?;
    let Some(holder) = &state.assignee else {
        return Ok(Outcome::Unchanged);
    };
    if holder.id != asking.id && !asking.is_admin() {
        return Err(Error::Forbidden(format!(
            "only {} or an admin can return this conversation",
            holder.name
        )));
    }
    let next = ConversationState {
        status: ConversationStatus::Pending,
        assignee: None,
        snoozed_until: None,
        ..state.clone()
    };
    changed(
        next,
        EventType::Returned,
        json!({ "from_agent": agent_json(holder) }),
    )
}

/// Resolve (mark as closed): only when unassigned or assigned to you;
/// admins follow the same rule. No reply is needed.
pub fn resolve(state: &ConversationState, asking: &Agent) -> Result<Outcome> {
    existing(state)?;
    if state.status == ConversationStatus::Resolved {
        return Ok(Outcome::Unchanged);
    }
    if let Some(holder) = state.assignee.as_ref().filter(|h| h.id != asking.id) {
        return Err(Error::Rule(format!(
            "this conversation is assigned to {}: only they can resolve it, or it must be returned first",
            holder.name
        )));
    }
    let next = ConversationState {
        status: ConversationStatus::Resolved,
        resolved_by: Some(asking.id),
        snoozed_until: None,
        ..state.clone()
    };
    changed(next, EventType::Resolved, json!({}))
}

/// Undo a resolve, moments after (the "Resolved · Undo" of the one who
/// resolved it): back to where it was, with its holder if it had one.
pub fn undo_resolve(state: &ConversationState, asking: &Agent) -> Result<Outcome> {
    existing(state)?;
    if state.status != ConversationStatus::Resolved {
        return Ok(Outcome::Unchanged);
    }
    if state.resolved_by != Some(asking.id) {
        return Err(Error::Rule(
            "only whoever resolved this conversation can undo it; reopen it instead".into(),
        ));
    }
    let status = if state.assignee.is_some() {
        ConversationStatus::WorkingOn
    } else {
        ConversationStatus::Pending
    };
    let next = ConversationState {
        status,
        resolved_by: None,
        ..state.clone()
    };
    changed(next, EventType::Reopened, json!({ "undone": true }))
}

/// Reopen a resolved conversation: back to Pending, unassigned.
pub fn reopen(state: &ConversationState) -> Result<Outcome> {
    existing(state)?;
    if state.status != ConversationStatus::Resolved {
        return Err(Error::Rule(
            "only a resolved conversation can be reopened".into(),
        ));
    }
    let next = ConversationState {
        status: ConversationStatus::Pending,
        assignee: None,
        resolved_by: None,
        ..state.clone()
    };
    changed(next, EventType::Reopened, json!({}))
}

/// The longest snooze: a year.
pub const MAX_SNOOZE_MS: i64 = 366 * 24 * 60 * 60 * 1000;

/// Snooze until a time: it leaves the working lists and comes back then,
/// or at once when the customer writes.
pub fn snooze(state: &ConversationState, until: i64, now: i64) -> Result<Outcome> {
    existing(state)?;
    not_resolved(state, "snoozing")?;
    if until <= now {
        return Err(Error::Invalid("snooze until a time in the future".into()));
    }
    if until > now + MAX_SNOOZE_MS {
        return Err(Error::Invalid(
            "a conversation can be snoozed for a year at most".into(),
        ));
    }
    let next = ConversationState {
        status: ConversationStatus::Snoozed,
        snoozed_until: Some(until),
        ..state.clone()
    };
    // Every time the API shows is RFC 3339, this one too.
    changed(
        next,
        EventType::Snoozed,
        json!({ "until": clock::rfc3339(until) }),
    )
}

/// A snoozed conversation comes back: to its holder, or to Pending.
pub fn wake(state: &ConversationState) -> Outcome {
    if state.status != ConversationStatus::Snoozed || state.deleted {
        return Outcome::Unchanged;
    }
    let status = if state.assignee.is_some() {
        ConversationStatus::WorkingOn
    } else {
        ConversationStatus::Pending
    };
    let next = ConversationState {
        status,
        snoozed_until: None,
        ..state.clone()
    };
    Outcome::Changed(Change {
        next,
        event: EventType::Unsnoozed,
        data: json!({}),
    })
}

/// Wakes it only if its time has come (the background waker's rule).
pub fn wake_if_due(state: &ConversationState, now: i64) -> Outcome {
    match state.snoozed_until {
        Some(until) if until <= now => wake(state),
        _ => Outcome::Unchanged,
    }
}

fn admins_only(asking: &Agent, doing: &str) -> Result<()> {
    if !asking.is_admin() {
        return Err(Error::Forbidden(format!(
            "only admins can {doing} conversations"
        )));
    }
    Ok(())
}

/// Delete (admins): soft, so nothing is lost; `restore` undoes it.
pub fn delete(state: &ConversationState, asking: &Agent) -> Result<Outcome> {
    admins_only(asking, "delete")?;
    if state.deleted {
        return Ok(Outcome::Unchanged);
    }
    let next = ConversationState {
        deleted: true,
        ..state.clone()
    };
    changed(next, EventType::Deleted, json!({}))
}

pub fn restore(state: &ConversationState, asking: &Agent) -> Result<Outcome> {
    admins_only(asking, "restore")?;
    if !state.deleted {
        return Ok(Outcome::Unchanged);
    }
    let next = ConversationState {
        deleted: false,
        ..state.clone()
    };
    changed(next, EventType::Restored, json!({}))
}

/// What `asking` may do with the conversation now: each action asks its own
/// rule above, so a rule changed there changes the buttons too. A change
/// that would do nothing, or is not this agent's to make, is not offered;
/// what a colleague holds is taken over rather than accepted, and resolving
/// it is shown refused, saying who holds it.
pub fn actions(state: &ConversationState, asking: &Agent, now: i64) -> ConversationActions {
    let held_by_other = state.status != ConversationStatus::Resolved
        && !state.deleted
        && state.assignee.as_ref().is_some_and(|h| h.id != asking.id);
    // Giving it to a colleague or handing it on: whoever holds it.
    let open = match open_to_change(state, "handing on") {
        Ok(()) => Permission::allowed(),
        Err(_) => Permission::hidden(),
    };
    ConversationActions {
        accept: offered(accept(state, asking), false),
        take_over: offered(take_over(state, asking), false),
        assign: open.clone(),
        transfer: open,
        return_to_pending: offered(return_to_pending(state, asking), false),
        resolve: offered(resolve(state, asking), held_by_other),
        reopen: offered(reopen(state), false),
        // A snoozed conversation is snoozed again once it is back.
        snooze: if state.status == ConversationStatus::Snoozed {
            Permission::hidden()
        } else {
            offered(snooze(state, now + 60 * 60 * 1000, now), false)
        },
        delete: offered(delete(state, asking), false),
        restore: offered(restore(state, asking), false),
        // Its customer's, not the conversation's: the use case decides.
        block: Permission::hidden(),
        merge: match existing(state) {
            Ok(()) => Permission::allowed(),
            Err(_) => Permission::hidden(),
        },
    }
}

fn offered(rule: Result<Outcome>, refusal_shown: bool) -> Permission {
    match rule {
        Ok(Outcome::Changed(_)) => Permission::allowed(),
        Err(e) if refusal_shown => Permission::refused(e.to_string()),
        _ => Permission::hidden(),
    }
}

/// One side of a merge: a conversation, its number and its customer.
#[derive(Clone, Copy, Debug)]
pub struct MergeSide<'a> {
    pub number: i64,
    pub contact_id: i64,
    pub state: &'a ConversationState,
}

/// What a merge leaves: the conversation merged away (a resolved pointer)
/// and the one it joined, each with the event its history records.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    pub from: Change,
    pub into: Change,
    /// The merged conversation was the open one: the joined conversation
    /// carries on as it was (its state above, and its channel).
    pub carries_on_from: bool,
}

/// Merge one conversation into another of the same customer: its messages
/// and history join the other's, in the order they were written, and it
/// stays behind, resolved, as a pointer. The customer has at most one open
/// conversation, so at most one side is open: the merged conversation
/// takes its state (holder, queue, status), so nothing open is closed by
/// merging. Admins may merge any two; an agent may when neither is open in
/// a colleague's hands (what is resolved is nobody's any more).
pub fn merge(from: MergeSide<'_>, into: MergeSide<'_>, asking: &Agent) -> Result<Merge> {
    if from.number == into.number {
        return Err(Error::Invalid(
            "a conversation cannot be merged into itself".into(),
        ));
    }
    existing(from.state)?;
    existing(into.state)?;
    if from.contact_id != into.contact_id {
        return Err(Error::Rule(format!(
            "#{} and #{} are with different customers: only one customer's conversations can be merged",
            from.number, into.number
        )));
    }
    let open = |side: &MergeSide<'_>| side.state.status != ConversationStatus::Resolved;
    if !asking.is_admin() {
        for side in [&from, &into] {
            if let Some(holder) = side
                .state
                .assignee
                .as_ref()
                .filter(|h| h.id != asking.id && open(side))
            {
                return Err(Error::Forbidden(format!(
                    "{} holds #{}: only they or an admin can merge it",
                    holder.name, side.number
                )));
            }
        }
    }
    let carries_on_from = open(&from);
    let joined = if carries_on_from {
        from.state
    } else {
        into.state
    };
    let pointer = ConversationState {
        status: ConversationStatus::Resolved,
        resolved_by: from.state.resolved_by.or(Some(asking.id)),
        snoozed_until: None,
        merged_into: Some(into.number),
        ..from.state.clone()
    };
    Ok(Merge {
        from: Change {
            next: pointer,
            event: EventType::Merged,
            data: json!({ "into": into.number }),
        },
        into: Change {
            next: joined.clone(),
            event: EventType::Merged,
            data: json!({ "from": from.number }),
        },
        carries_on_from,
    })
}

/// The longest page address and title a page change records.
pub const MAX_PAGE_URL_CHARS: usize = 2048;
pub const MAX_PAGE_TITLE_CHARS: usize = 300;

/// The customer moved to another page of the site: history only, the
/// state stays.
pub fn page_changed(state: &ConversationState, url: &str, title: &str) -> Result<Outcome> {
    clean_text("a page address", url)?;
    clean_text("a page title", title)?;
    if url.trim().is_empty() || url.chars().count() > MAX_PAGE_URL_CHARS {
        return Err(Error::Invalid(format!(
            "url must be a page address of at most {MAX_PAGE_URL_CHARS} characters"
        )));
    }
    if title.chars().count() > MAX_PAGE_TITLE_CHARS {
        return Err(Error::Invalid(format!(
            "a page title can have at most {MAX_PAGE_TITLE_CHARS} characters"
        )));
    }
    if state.deleted || state.status == ConversationStatus::Resolved {
        return Ok(Outcome::Unchanged);
    }
    changed(
        state.clone(),
        EventType::PageChanged,
        json!({ "url": url.trim(), "title": title.trim() }),
    )
}

/// Any agent may write into a conversation that exists. A reply to the
/// customer in a resolved conversation reopens it, held by whoever
/// replied (they are answering, so it is theirs to follow); a private note
/// changes nothing.
pub fn reply(state: &ConversationState, asking: &Agent, private: bool) -> Result<Outcome> {
    existing(state)?;
    if private || state.status != ConversationStatus::Resolved {
        return Ok(Outcome::Unchanged);
    }
    let next = ConversationState {
        resolved_by: None,
        ..working_for(state, &asking.reference())
    };
    changed(next, EventType::Reopened, json!({ "by_reply": true }))
}

/// The longest message body the product stores, in characters (as the
/// OpenAPI document's `maxLength` counts them).
pub const MAX_BODY_CHARS: usize = 16 * 1024;

/// Text as stored: no NUL characters (PostgreSQL refuses them).
pub fn clean_text(field: &str, text: &str) -> Result<()> {
    if text.contains('\0') {
        return Err(Error::Invalid(format!(
            "{field} cannot contain NUL characters"
        )));
    }
    Ok(())
}

/// A message body as stored: trimmed, not empty, not too long, no NUL.
/// Only [`message_body`] makes one, so whoever holds one holds checked text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageBody(String);

/// A client-made message id, checked to be a UUID (hyphenated, lower case),
/// so a retry is recognised. Only [`client_id`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientId(String);

macro_rules! checked_text {
    ($($name:ident),*) => {$(
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
checked_text!(MessageBody, ClientId);

/// Checks a message body: trimmed, not empty, not too long.
pub fn message_body(body: &str) -> Result<MessageBody> {
    message_body_with_files(body, false)
}

/// Checks the body of a message that may carry files: empty only when it
/// does.
pub fn message_body_with_files(body: &str, has_files: bool) -> Result<MessageBody> {
    let body = body.trim();
    clean_text("a message", body)?;
    if body.is_empty() && !has_files {
        return Err(Error::Invalid("a message cannot be empty".into()));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(Error::Invalid(format!(
            "a message can hold at most {MAX_BODY_CHARS} characters"
        )));
    }
    Ok(MessageBody(body.to_string()))
}

/// Checks a client-made message id: a UUID, so retries are recognised.
pub fn client_id(raw: &str) -> Result<ClientId> {
    uuid::Uuid::parse_str(raw)
        .map(|u| ClientId(u.hyphenated().to_string()))
        .map_err(|_| Error::Invalid("client_id must be a UUID".into()))
}

#[cfg(test)]
mod tests;
