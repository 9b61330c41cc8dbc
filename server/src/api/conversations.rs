use super::{ApiError, ApiJson, ApiPath, ApiQuery, CurrentAgent, Refusals};
use crate::AppState;
use axum::extract::State;
use serde::Deserialize;
use switchboard_core::types::ErrorBody;
use switchboard_core::types::{
    ContactAccount, Conversation, ConversationPage, Counts, SearchResults, SentMessage, Tab,
    Timeline, View,
};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `mine`, `unassigned`, `all` (the default) or `queue:ID`.
    view: Option<String>,
    /// `working_on` (the default), `pending` or `resolved`.
    tab: Option<String>,
    /// A search instead of a tab: every match, newest first, one page.
    q: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
    /// 1 to 200; 50 by default.
    limit: Option<i64>,
}

fn view_of(raw: Option<&str>) -> Result<View, ApiError> {
    Ok(raw.map(str::parse).transpose()?.unwrap_or(View::All))
}

/// A page of conversations, newest message first.
#[utoipa::path(get, path = "/conversations", tag = "conversations", params(ListQuery),
    responses((status = 200, body = ConversationPage), Refusals))]
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
    let view = view_of(q.view.as_deref())?;
    let tab = q
        .tab
        .as_deref()
        .map(str::parse)
        .transpose()?
        .unwrap_or(Tab::WorkingOn);
    let page = state
        .switchboard
        .conversations(&agent, view, tab, q.cursor.as_deref(), q.limit)
        .await?;
    Ok(ApiJson(page))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountsQuery {
    /// `mine`, `unassigned`, `all` (the default) or `queue:ID`.
    view: Option<String>,
}

/// `GET /conversations/counts?view=`
/// How many conversations each tab holds, and how many are unread.
#[utoipa::path(get, path = "/conversations/counts", tag = "conversations", params(CountsQuery),
    responses((status = 200, body = Counts), Refusals))]
pub async fn counts(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(q): ApiQuery<CountsQuery>,
) -> Result<ApiJson<Counts>, ApiError> {
    let view = view_of(q.view.as_deref())?;
    Ok(ApiJson(state.switchboard.counts(&agent, view).await?))
}

/// One conversation.
#[utoipa::path(get, path = "/conversations/{number}", tag = "conversations", params(("number" = i64, Path, description = "The conversation's number (#N)")),
    responses((status = 200, body = Conversation), Refusals))]
pub async fn get(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(number): ApiPath<i64>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state.switchboard.conversation(&agent, number).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// Only what came after this `seq`.
    after_seq: Option<i64>,
}

/// Messages and events in `seq` order.
#[utoipa::path(get, path = "/conversations/{number}/timeline", tag = "conversations",
    params(("number" = i64, Path, description = "The conversation's number (#N)"), TimelineQuery),
    responses((status = 200, body = Timeline), Refusals))]
pub async fn timeline(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(number): ApiPath<i64>,
    ApiQuery(q): ApiQuery<TimelineQuery>,
) -> Result<ApiJson<Timeline>, ApiError> {
    let after = q.after_seq.unwrap_or(0);
    Ok(ApiJson(
        state.switchboard.timeline(&agent, number, after).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewMessage {
    /// A UUID made by the client: the same one twice stores one message.
    #[schema(format = Uuid)]
    client_id: String,
    body: String,
    #[serde(default)]
    private: bool,
    /// Show the agent's name to the customer (the default).
    #[serde(default = "signed_by_default")]
    signed: bool,
}

fn signed_by_default() -> bool {
    true
}

/// A reply to the customer, or a private note.
#[utoipa::path(post, path = "/conversations/{number}/messages", tag = "conversations",
    params(("number" = i64, Path, description = "The conversation's number (#N)")), request_body = NewMessage,
    responses((status = 201, body = SentMessage), (status = 413, body = ErrorBody), Refusals))]
pub async fn send(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(number): ApiPath<i64>,
    ApiJson(body): ApiJson<NewMessage>,
) -> Result<(axum::http::StatusCode, ApiJson<SentMessage>), ApiError> {
    let sent = state
        .switchboard
        .send_message(
            &agent,
            number,
            &body.client_id,
            &body.body,
            body.private,
            body.signed,
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
            ApiPath(number): ApiPath<i64>,
        ) -> Result<ApiJson<Conversation>, ApiError> {
            Ok(ApiJson(state.switchboard.$use_case(&agent, number).await?))
        }
    )*};
}

plain_actions! {
    /// `POST /conversations/{number}/accept`: 409 `already_assigned` while another holds it.
    #[utoipa::path(post, path = "/conversations/{number}/accept", tag = "conversations", params(("number" = i64, Path, description = "The conversation's number (#N)")),
        responses((status = 200, body = Conversation), Refusals))]
    accept => accept;
    /// `POST /conversations/{number}/return`: back to Pending (the holder or an admin).
    #[utoipa::path(post, path = "/conversations/{number}/return", tag = "conversations", params(("number" = i64, Path, description = "The conversation's number (#N)")),
        responses((status = 200, body = Conversation), Refusals))]
    return_to_pending => return_to_pending;
    /// `POST /conversations/{number}/resolve`: only when unassigned or yours.
    #[utoipa::path(post, path = "/conversations/{number}/resolve", tag = "conversations", params(("number" = i64, Path, description = "The conversation's number (#N)")),
        responses((status = 200, body = Conversation), Refusals))]
    resolve => resolve;
    /// `POST /conversations/{number}/reopen`
    #[utoipa::path(post, path = "/conversations/{number}/reopen", tag = "conversations", params(("number" = i64, Path, description = "The conversation's number (#N)")),
        responses((status = 200, body = Conversation), Refusals))]
    reopen => reopen;
    /// `POST /conversations/{number}/undo_resolve`: takes back a resolve
    /// the caller made, moments after (back to its holder, or Pending).
    #[utoipa::path(post, path = "/conversations/{number}/undo_resolve", tag = "conversations", params(("number" = i64, Path, description = "The conversation's number (#N)")),
        responses((status = 200, body = Conversation), Refusals))]
    undo_resolve => undo_resolve;
    /// `POST /conversations/{number}/unread`: unread again, for the caller.
    #[utoipa::path(post, path = "/conversations/{number}/unread", tag = "conversations", params(("number" = i64, Path, description = "The conversation's number (#N)")),
        responses((status = 200, body = Conversation), Refusals))]
    unread => mark_unread;
    /// `DELETE /conversations/{number}` (admins; soft).
    #[utoipa::path(delete, path = "/conversations/{number}", tag = "conversations", params(("number" = i64, Path, description = "The conversation's number (#N)")),
        responses((status = 200, body = Conversation), Refusals))]
    delete => delete;
    /// `POST /conversations/{number}/restore` (admins).
    #[utoipa::path(post, path = "/conversations/{number}/restore", tag = "conversations", params(("number" = i64, Path, description = "The conversation's number (#N)")),
        responses((status = 200, body = Conversation), Refusals))]
    restore => restore;
}

#[derive(Deserialize, ToSchema)]
pub struct Assign {
    agent_id: i64,
}

/// Assign to an agent (to yourself: take it over from its holder).
#[utoipa::path(post, path = "/conversations/{number}/assign", tag = "conversations",
    params(("number" = i64, Path, description = "The conversation's number (#N)")), request_body = Assign,
    responses((status = 200, body = Conversation), Refusals))]
pub async fn assign(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(number): ApiPath<i64>,
    ApiJson(body): ApiJson<Assign>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .assign(&agent, number, body.agent_id)
            .await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct Transfer {
    agent_id: Option<i64>,
    queue_id: Option<i64>,
    note: Option<String>,
}

/// Hand to another agent and/or queue, with an optional note.
#[utoipa::path(post, path = "/conversations/{number}/transfer", tag = "conversations",
    params(("number" = i64, Path, description = "The conversation's number (#N)")), request_body = Transfer,
    responses((status = 200, body = Conversation), Refusals))]
pub async fn transfer(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(number): ApiPath<i64>,
    ApiJson(body): ApiJson<Transfer>,
) -> Result<ApiJson<Conversation>, ApiError> {
    let moved = state
        .switchboard
        .transfer(
            &agent,
            number,
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

/// Snooze until a time.
#[utoipa::path(post, path = "/conversations/{number}/snooze", tag = "conversations",
    params(("number" = i64, Path, description = "The conversation's number (#N)")), request_body = Snooze,
    responses((status = 200, body = Conversation), Refusals))]
pub async fn snooze(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(number): ApiPath<i64>,
    ApiJson(body): ApiJson<Snooze>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .snooze(&agent, number, &body.until)
            .await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words of messages, a name or e-mail, or `#22`.
    q: String,
}

/// Search conversations.
#[utoipa::path(get, path = "/search", tag = "conversations", params(SearchQuery),
    responses((status = 200, body = SearchResults), Refusals))]
pub async fn search(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<ApiJson<SearchResults>, ApiError> {
    let conversations = state.switchboard.search(&agent, &query.q).await?;
    Ok(ApiJson(SearchResults { conversations }))
}

/// A customer's account and all their conversations.
#[utoipa::path(get, path = "/contacts/{id}", tag = "conversations",
    params(("id" = i64, Path, description = "The customer's id")),
    responses((status = 200, body = ContactAccount), Refusals))]
pub async fn contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state.switchboard.contact_account(&agent, id).await?,
    ))
}

/// Blocks a customer (admins): what they write is still stored, but their
/// conversations leave every list for the Blocked view (`view=blocked`),
/// and automatic assignment passes them by.
#[utoipa::path(post, path = "/contacts/{id}/block", tag = "conversations",
    params(("id" = i64, Path, description = "The customer's id")),
    responses((status = 200, body = ContactAccount), Refusals))]
pub async fn block_contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state.switchboard.block_contact(&agent, id, true).await?,
    ))
}

/// Lets a blocked customer back (admins): their conversations return to
/// the usual views.
#[utoipa::path(post, path = "/contacts/{id}/unblock", tag = "conversations",
    params(("id" = i64, Path, description = "The customer's id")),
    responses((status = 200, body = ContactAccount), Refusals))]
pub async fn unblock_contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(id): ApiPath<i64>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state.switchboard.block_contact(&agent, id, false).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ReadUpTo {
    /// Everything up to this `seq` counts as read.
    seq: i64,
}

/// Mark read up to a `seq`, for the caller.
#[utoipa::path(post, path = "/conversations/{number}/read", tag = "conversations",
    params(("number" = i64, Path, description = "The conversation's number (#N)")), request_body = ReadUpTo,
    responses((status = 200, body = Conversation), Refusals))]
pub async fn read(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(number): ApiPath<i64>,
    ApiJson(body): ApiJson<ReadUpTo>,
) -> Result<ApiJson<Conversation>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .mark_read(&agent, number, body.seq)
            .await?,
    ))
}
