//! The inbox over the API: lists, counts and search, a conversation with
//! its timeline, sending, and the lifecycle's actions.
//! Past 500 lines on purpose: most of it is the OpenAPI description each
//! handler carries beside its code.

use super::attachments::{MessageForm, MessageOrForm};
use super::error::{BadInput, CrossSite, LoginRequired, NoSuchConversation, TooLarge};
use super::{ApiError, ApiJson, ApiPath, ApiQuery, CurrentAgent};
use crate::AppState;
use axum::extract::State;
use serde::Deserialize;
use switchboard_core::types::ErrorBody;
use switchboard_core::types::{
    label_names, BulkOutcome, BulkRequest, Conversation, ConversationPage, Counts, Listing,
    SearchResults, SentMessage, Sort, Tab, Timeline, View,
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The inbox's routes: lists, counts, search, a conversation, its timeline
/// and lifecycle.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(counts))
        .routes(routes!(get, delete))
        .routes(routes!(timeline))
        .routes(routes!(send))
        .routes(routes!(accept))
        .routes(routes!(take_over))
        .routes(routes!(read))
        .routes(routes!(assign))
        .routes(routes!(merge))
        .routes(routes!(transfer))
        .routes(routes!(return_to_pending))
        .routes(routes!(resolve))
        .routes(routes!(reopen))
        .routes(routes!(undo_resolve))
        .routes(routes!(snooze))
        .routes(routes!(unread))
        .routes(routes!(restore))
        .routes(routes!(search))
        .routes(routes!(bulk))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `mine`, `unassigned`, `all` (the default) or `queue:ID`.
    view: Option<View>,
    /// `working_on` (the default), `pending`, `resolved` or `snoozed`.
    tab: Option<Tab>,
    /// Only conversations carrying every one of these labels: their names,
    /// separated by commas (`billing,vip`; at most 10).
    #[param(max_length = 400)]
    labels: Option<String>,
    /// `newest` (latest message first, the default), `oldest`, or
    /// `waiting_longest` (the customer waiting longest for an answer
    /// first, then those answered; the inbox's own order for Pending).
    sort: Option<Sort>,
    /// A search instead of a tab: every match, newest first, one page.
    #[param(max_length = 200)]
    q: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
    /// How many conversations a page holds: 1 to 200, 50 by default.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// A conversation's number (#N), in the path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConversationNumber {
    /// The conversation's number (#N).
    number: i64,
}

/// A page of conversations, in the order asked for (see `sort`).
#[utoipa::path(get, path = "/conversations", tag = "conversations",
    operation_id = "listConversations", params(ListQuery),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "A page of conversations, with the cursor of the next (`null` on the last)", body = ConversationPage),
        BadInput,
        LoginRequired,
    ))]
pub async fn list(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<ApiJson<ConversationPage>, ApiError> {
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        let conversations = state.switchboard.search(&agent, text).await?;
        return Ok(ApiJson(ConversationPage {
            conversations,
            next_cursor: None,
        }));
    }
    let listing = Listing {
        view: q.view.unwrap_or(View::All),
        tab: q.tab.unwrap_or(Tab::WorkingOn),
        labels: label_names(q.labels.as_deref().unwrap_or_default()),
        sort: q.sort.unwrap_or(Sort::Newest),
    };
    let page = state
        .switchboard
        .conversations(&agent, &listing, q.cursor.as_deref(), q.limit)
        .await?;
    Ok(ApiJson(page))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountsQuery {
    /// `mine`, `unassigned`, `all` (the default) or `queue:ID`.
    view: Option<View>,
}

/// How many conversations each tab holds, and how many are unread.
#[utoipa::path(get, path = "/conversations/counts", tag = "conversations",
    operation_id = "countConversations", params(CountsQuery),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Per tab: how many, and how many unread", body = Counts),
        BadInput,
        LoginRequired,
    ))]
pub async fn counts(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(q): ApiQuery<CountsQuery>,
) -> Result<ApiJson<Counts>, ApiError> {
    let view = q.view.unwrap_or(View::All);
    Ok(ApiJson(state.switchboard.counts(&agent, view).await?))
}

/// One conversation.
#[utoipa::path(get, path = "/conversations/{number}", tag = "conversations",
    operation_id = "getConversation", params(ConversationNumber),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The conversation", body = Conversation),
        BadInput,
        LoginRequired,
        NoSuchConversation,
    ))]
pub async fn get(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationNumber>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state.switchboard.conversation(&agent, path.number).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// Only what came after this `seq` (0, the default: everything).
    #[param(minimum = 0)]
    after_seq: Option<i64>,
}

/// Messages (private notes too) and events, in `seq` order.
#[utoipa::path(get, path = "/conversations/{number}/timeline", tag = "conversations",
    operation_id = "getTimeline", params(ConversationNumber, TimelineQuery),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The conversation's history", body = Timeline),
        BadInput,
        LoginRequired,
        NoSuchConversation,
    ))]
pub async fn timeline(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationNumber>,
    ApiQuery(q): ApiQuery<TimelineQuery>,
) -> Result<ApiJson<Timeline>, ApiError> {
    let after = q.after_seq.unwrap_or(0);
    Ok(ApiJson(
        state
            .switchboard
            .timeline(&agent, path.number, after)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewMessage {
    /// A UUID made by the client: the same one twice stores one message.
    #[schema(format = Uuid)]
    client_id: String,
    /// The text (trimmed; empty only when files are sent).
    #[serde(default)]
    #[schema(max_length = 16384)]
    body: String,
    /// Files you uploaded (`POST /attachments`), by id, sent with it: at
    /// most 10, 50 MB together.
    #[serde(default)]
    #[schema(max_items = 10)]
    attachments: Vec<String>,
    /// A private note: agents only, never shown to the customer.
    #[serde(default)]
    private: bool,
    /// Show the agent's name to the customer (the default).
    #[serde(default = "signed_by_default")]
    #[schema(default = true)]
    signed: bool,
}

fn signed_by_default() -> bool {
    true
}

/// A reply to the customer, or a private note.
///
/// The message may also come with its files in one request, as
/// `multipart/form-data`: the fields above as text parts, and each file
/// as a part named `file` (at most 10 files, 50 MB together).
#[utoipa::path(post, path = "/conversations/{number}/messages", tag = "conversations",
    operation_id = "sendAgentMessage", params(ConversationNumber), request_body = NewMessage,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "Stored (or stored before, with this `client_id`)", body = SentMessage),
        BadInput,
        LoginRequired,
        CrossSite,
        (status = 404, description = "No such conversation, or a file that is not yours (`not_found`)", body = ErrorBody),
        (status = 409, description = "The `client_id` belongs to another message, or a file was sent with another message already (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn send(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationNumber>,
    message: MessageOrForm<NewMessage>,
) -> Result<(axum::http::StatusCode, ApiJson<SentMessage>), ApiError> {
    let body = match message {
        MessageOrForm::Json(body) => body,
        MessageOrForm::Form(form) => {
            let switchboard = state.switchboard.clone();
            let form = MessageForm::read(form, |name, bytes| {
                let (switchboard, agent) = (switchboard.clone(), agent.clone());
                async move { switchboard.agent_upload(&agent, &name, bytes).await }
            })
            .await?;
            NewMessage {
                client_id: form.text("client_id"),
                body: form.text("body"),
                private: form.flag("private", false)?,
                signed: form.flag("signed", true)?,
                attachments: form.attachments,
            }
        }
    };
    let sent = state
        .switchboard
        .send_message_with_files(
            &agent,
            path.number,
            &body.client_id,
            &body.body,
            body.private,
            body.signed,
            &body.attachments,
        )
        .await?;
    Ok((axum::http::StatusCode::CREATED, ApiJson(sent)))
}

/// The actions that need nothing but the conversation's number, each
/// answering the conversation as the caller now sees it.
macro_rules! plain_actions {
    ($($(#[$doc:meta])* $handler:ident => $use_case:ident;)*) => {$(
        $(#[$doc])*
        pub async fn $handler(
            State(state): State<AppState>,
            CurrentAgent(agent): CurrentAgent,
            ApiPath(path): ApiPath<ConversationNumber>,
        ) -> Result<ApiJson<Conversation>, ApiError> {
            Ok(ApiJson(state.switchboard.$use_case(&agent, path.number).await?))
        }
    )*};
}

plain_actions! {
    /// Accept a pending conversation: it becomes yours, in Working On. A
    /// repeat by its holder is a harmless 200.
    #[utoipa::path(post, path = "/conversations/{number}/accept", tag = "conversations",
        operation_id = "acceptConversation", params(ConversationNumber),
        security(("session" = []), ("apiToken" = [])),
        responses(
            (status = 200, description = "The conversation, now yours", body = Conversation),
            BadInput,
            LoginRequired,
            CrossSite,
            NoSuchConversation,
            (status = 409, description = "Another agent holds it (`already_assigned`, naming them)", body = ErrorBody),
            (status = 422, description = "It is resolved: reopen it first (`not_allowed_now`)", body = ErrorBody),
        ))]
    accept => accept;
    /// Take over a conversation a colleague holds ("take it on me"): it
    /// becomes yours, the history records whose it was, and they are told.
    /// A repeat by the new holder is a harmless 200.
    #[utoipa::path(post, path = "/conversations/{number}/take_over", tag = "conversations",
        operation_id = "takeOverConversation", params(ConversationNumber),
        security(("session" = []), ("apiToken" = [])),
        responses(
            (status = 200, description = "The conversation, now yours", body = Conversation),
            BadInput,
            LoginRequired,
            CrossSite,
            NoSuchConversation,
            (status = 422, description = "Nobody holds it (accept it instead), or it is resolved (`not_allowed_now`)", body = ErrorBody),
        ))]
    take_over => take_over;
    /// Return it to Pending, unassigned (its holder or an admin).
    #[utoipa::path(post, path = "/conversations/{number}/return", tag = "conversations",
        operation_id = "returnConversation", params(ConversationNumber),
        security(("session" = []), ("apiToken" = [])),
        responses(
            (status = 200, description = "The conversation, back in Pending", body = Conversation),
            BadInput,
            LoginRequired,
            (status = 403, description = "Another agent holds it and you are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
            NoSuchConversation,
            (status = 422, description = "It is resolved (`not_allowed_now`)", body = ErrorBody),
        ))]
    return_to_pending => return_to_pending;
    /// Resolve it: only when it is unassigned or yours (admins too).
    #[utoipa::path(post, path = "/conversations/{number}/resolve", tag = "conversations",
        operation_id = "resolveConversation", params(ConversationNumber),
        security(("session" = []), ("apiToken" = [])),
        responses(
            (status = 200, description = "The conversation, resolved", body = Conversation),
            BadInput,
            LoginRequired,
            CrossSite,
            NoSuchConversation,
            (status = 422, description = "Another agent holds it (`not_allowed_now`)", body = ErrorBody),
        ))]
    resolve => resolve;
    /// Reopen a resolved conversation: back to Pending.
    #[utoipa::path(post, path = "/conversations/{number}/reopen", tag = "conversations",
        operation_id = "reopenConversation", params(ConversationNumber),
        security(("session" = []), ("apiToken" = [])),
        responses(
            (status = 200, description = "The conversation, in Pending again", body = Conversation),
            BadInput,
            LoginRequired,
            CrossSite,
            NoSuchConversation,
            (status = 409, description = "The customer has another open conversation (`conflict`)", body = ErrorBody),
            (status = 422, description = "It is not resolved (`not_allowed_now`)", body = ErrorBody),
        ))]
    reopen => reopen;
    /// Take back a resolve the caller made, moments after: back to its
    /// holder, or to Pending.
    #[utoipa::path(post, path = "/conversations/{number}/undo_resolve", tag = "conversations",
        operation_id = "undoResolveConversation", params(ConversationNumber),
        security(("session" = []), ("apiToken" = [])),
        responses(
            (status = 200, description = "The conversation, as it was before the resolve", body = Conversation),
            BadInput,
            LoginRequired,
            CrossSite,
            NoSuchConversation,
            (status = 409, description = "The customer has another open conversation (`conflict`)", body = ErrorBody),
            (status = 422, description = "Someone else resolved it (`not_allowed_now`); a conversation that is no longer resolved is answered as it is", body = ErrorBody),
        ))]
    undo_resolve => undo_resolve;
    /// Mark it unread again, for the caller alone.
    #[utoipa::path(post, path = "/conversations/{number}/unread", tag = "conversations",
        operation_id = "markConversationUnread", params(ConversationNumber),
        security(("session" = []), ("apiToken" = [])),
        responses(
            (status = 200, description = "The conversation, unread for you", body = Conversation),
            BadInput,
            LoginRequired,
            CrossSite,
            NoSuchConversation,
        ))]
    unread => mark_unread;
    /// Delete it (admins; soft: restore brings it back).
    #[utoipa::path(delete, path = "/conversations/{number}", tag = "conversations",
        operation_id = "deleteConversation", params(ConversationNumber),
        security(("session" = []), ("apiToken" = [])),
        responses(
            (status = 200, description = "The conversation, deleted (`deleted_at` set)", body = Conversation),
            BadInput,
            LoginRequired,
            (status = 403, description = "Admins only (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
            NoSuchConversation,
        ))]
    delete => delete;
    /// Restore a deleted conversation (admins).
    #[utoipa::path(post, path = "/conversations/{number}/restore", tag = "conversations",
        operation_id = "restoreConversation", params(ConversationNumber),
        security(("session" = []), ("apiToken" = [])),
        responses(
            (status = 200, description = "The conversation, restored", body = Conversation),
            BadInput,
            LoginRequired,
            (status = 403, description = "Admins only (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
            NoSuchConversation,
            (status = 409, description = "The customer has another open conversation (`conflict`)", body = ErrorBody),
        ))]
    restore => restore;
}

#[derive(Deserialize, ToSchema)]
pub struct MergeInto {
    /// The number of the customer's conversation to merge this one into.
    into: i64,
}

/// Merge this conversation into another of the same customer: its messages
/// and history join that one's, in the order they were written (authors
/// kept), and this one stays behind, resolved, as a pointer to it
/// (`merged_into`). Whichever of the two was open carries on, with its
/// holder and queue. Admins may merge any two; an agent may when neither
/// is open in a colleague's hands.
#[utoipa::path(post, path = "/conversations/{number}/merge", tag = "conversations",
    operation_id = "mergeConversation", params(ConversationNumber), request_body = MergeInto,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The conversation merged into, with both histories", body = Conversation),
        BadInput,
        LoginRequired,
        (status = 403, description = "A colleague holds one of them and you are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        NoSuchConversation,
        TooLarge,
        (status = 422, description = "They are with different customers, or one was merged away already (`not_allowed_now`)", body = ErrorBody),
    ))]
pub async fn merge(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationNumber>,
    ApiJson(body): ApiJson<MergeInto>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .merge(&agent, path.number, body.into)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct Assign {
    agent_id: i64,
}

/// Assign to an agent (to yourself: take it over from its holder).
#[utoipa::path(post, path = "/conversations/{number}/assign", tag = "conversations",
    operation_id = "assignConversation", params(ConversationNumber), request_body = Assign,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The conversation, with its new holder", body = Conversation),
        BadInput,
        LoginRequired,
        CrossSite,
        (status = 404, description = "No such conversation or agent (`not_found`)", body = ErrorBody),
        TooLarge,
        (status = 422, description = "It is resolved (`not_allowed_now`)", body = ErrorBody),
    ))]
pub async fn assign(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationNumber>,
    ApiJson(body): ApiJson<Assign>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .assign(&agent, path.number, body.agent_id)
            .await?,
    ))
}

/// Where a conversation goes: an agent, a queue, or both.
#[derive(Deserialize, ToSchema)]
pub struct Transfer {
    agent_id: Option<i64>,
    queue_id: Option<i64>,
    /// For the new holder, kept in the history as a private note.
    #[schema(max_length = 16384)]
    note: Option<String>,
}

/// Hand to another agent and/or queue, with an optional note.
#[utoipa::path(post, path = "/conversations/{number}/transfer", tag = "conversations",
    operation_id = "transferConversation", params(ConversationNumber), request_body = Transfer,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The conversation, where it went", body = Conversation),
        BadInput,
        LoginRequired,
        CrossSite,
        (status = 404, description = "No such conversation, agent or queue (`not_found`)", body = ErrorBody),
        TooLarge,
        (status = 422, description = "It is resolved (`not_allowed_now`)", body = ErrorBody),
    ))]
pub async fn transfer(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationNumber>,
    ApiJson(body): ApiJson<Transfer>,
) -> Result<ApiJson<Conversation>, ApiError> {
    let moved = state
        .switchboard
        .transfer(
            &agent,
            path.number,
            body.agent_id,
            body.queue_id,
            body.note.as_deref(),
        )
        .await?;
    Ok(ApiJson(moved))
}

#[derive(Deserialize, ToSchema)]
pub struct Snooze {
    /// RFC 3339, in the future, at most a year ahead.
    #[schema(format = DateTime)]
    until: String,
}

/// Snooze until a time: out of the tabs until then, or until the customer
/// writes.
#[utoipa::path(post, path = "/conversations/{number}/snooze", tag = "conversations",
    operation_id = "snoozeConversation", params(ConversationNumber), request_body = Snooze,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The conversation, snoozed", body = Conversation),
        BadInput,
        LoginRequired,
        CrossSite,
        NoSuchConversation,
        TooLarge,
        (status = 422, description = "It is resolved (`not_allowed_now`)", body = ErrorBody),
    ))]
pub async fn snooze(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationNumber>,
    ApiJson(body): ApiJson<Snooze>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .snooze(&agent, path.number, &body.until)
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words of messages, a name or e-mail, or `#22`.
    #[param(max_length = 200)]
    q: String,
}

/// Search conversations: words of messages, a customer's name or e-mail;
/// `#22` finds conversation 22.
#[utoipa::path(get, path = "/search", tag = "conversations",
    operation_id = "searchConversations", params(SearchQuery),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Every match, newest first (at most 50)", body = SearchResults),
        BadInput,
        LoginRequired,
    ))]
pub async fn search(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<ApiJson<SearchResults>, ApiError> {
    let conversations = state.switchboard.search(&agent, &query.q).await?;
    Ok(ApiJson(SearchResults { conversations }))
}

#[derive(Deserialize, ToSchema)]
pub struct ReadUpTo {
    /// Everything up to this `seq` counts as read.
    seq: i64,
}

/// Mark read up to a `seq`, for the caller.
#[utoipa::path(post, path = "/conversations/{number}/read", tag = "conversations",
    operation_id = "markConversationRead", params(ConversationNumber), request_body = ReadUpTo,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The conversation, with your unread count", body = Conversation),
        BadInput,
        LoginRequired,
        CrossSite,
        NoSuchConversation,
        TooLarge,
    ))]
pub async fn read(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ConversationNumber>,
    ApiJson(body): ApiJson<ReadUpTo>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .mark_read(&agent, path.number, body.seq)
            .await?,
    ))
}

/// One action on many conversations (at most 100): `accept`, `assign`
/// (`agent_id`), `transfer` (`agent_id` and/or `queue_id`), `return`,
/// `resolve`, `reopen` or `snooze` (`until`). Each goes through the action
/// on its own, as one request would; the answer lists those it was applied
/// to and, for the others, why not (200 even when some were refused).
#[utoipa::path(post, path = "/conversations/bulk", tag = "conversations",
    operation_id = "bulkConversations", request_body = BulkRequest,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "What became of each conversation", body = BulkOutcome),
        BadInput,
        LoginRequired,
        CrossSite,
        TooLarge,
    ))]
pub async fn bulk(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiJson(body): ApiJson<BulkRequest>,
) -> Result<ApiJson<BulkOutcome>, ApiError> {
    Ok(ApiJson(state.switchboard.bulk(&agent, &body).await?))
}
