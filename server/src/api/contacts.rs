//! Customers' accounts over the API: what agents see of a customer,
//! editing their details, the team's notes on them, and blocking or
//! letting back a customer (admins), merging two records of one person,
//! writing to a customer first by e-mail,
//! and every customer as a CSV file, out and in (admins).

use super::error::{AdminsOnly, AdminsOnlyChange, BadInput, CrossSite, LoginRequired, TooLarge};
use super::{ApiError, ApiJson, ApiPath, ApiQuery, CsvFile, CurrentAgent, RawBody};
use crate::AppState;
use axum::extract::State;
use serde::Deserialize;
use switchboard_core::types::{
    ContactAccount, ContactChange, ContactImport, ContactNote, ContactPage, ContactSort, ErrorBody,
    SentMessage,
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The customers' routes: the list, an account, editing, notes, merging,
/// blocking, unblocking, export and import.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_contacts))
        .routes(routes!(export_contacts))
        .routes(routes!(import_contacts))
        .routes(routes!(contact, edit_contact))
        .routes(routes!(add_note))
        .routes(routes!(edit_note, delete_note))
        .routes(routes!(merge_contact))
        .routes(routes!(start_email_conversation))
        .routes(routes!(block_contact))
        .routes(routes!(unblock_contact))
}

/// A customer's id, in the path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ContactId {
    /// The customer's id.
    id: i64,
}

/// A customer's account: details, attributes and all their conversations.
#[utoipa::path(get, path = "/contacts/{id}", tag = "customers",
    operation_id = "getContact", params(ContactId),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The customer's account", body = ContactAccount),
        BadInput,
        LoginRequired,
        (status = 404, description = "No such customer (`not_found`)", body = ErrorBody),
    ))]
pub async fn contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state.switchboard.contact_account(&agent, path.id).await?,
    ))
}

/// The customer to merge one into.
#[derive(Deserialize, ToSchema)]
pub struct MergeContactInto {
    /// The id of the customer's record that is kept.
    into: i64,
}

/// Merges this customer into another: the same person on two devices or
/// channels becomes one record. The record `into` is kept: this one's
/// conversations, devices (their widget lands on the record kept), notes
/// and log move there, and what it does not know (an empty field, an
/// attribute, the site's identifier) comes from this one. This record
/// stays as a pointer: reading it answers the record kept. The contact
/// log records the merge (`contact.merged`).
#[utoipa::path(post, path = "/contacts/{id}/merge", tag = "customers",
    operation_id = "mergeContact", params(ContactId), request_body = MergeContactInto,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The record kept, with everything merged into it", body = ContactAccount),
        BadInput,
        LoginRequired,
        CrossSite,
        (status = 404, description = "No such customer, or one merged away already (`not_found`)", body = ErrorBody),
        (status = 409, description = "The site knows them as two accounts (two identifiers), or both have a conversation open (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn merge_contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
    ApiJson(body): ApiJson<MergeContactInto>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .merge_contacts(&agent, path.id, body.into)
            .await?,
    ))
}

/// The first message of an e-mail conversation with a customer.
#[derive(Deserialize, ToSchema)]
pub struct FirstEmail {
    /// A UUID made by the client: the same one twice sends one message.
    #[schema(format = Uuid)]
    client_id: String,
    /// The text (trimmed; not empty).
    #[schema(min_length = 1, max_length = 16384)]
    body: String,
}

/// Writes to a customer first, by e-mail: a new conversation, held by the
/// caller (in their Working On), whose first message goes out as mail to
/// the customer's address, as does every reply after it; the customer's
/// answer by mail comes back into it.
#[utoipa::path(post, path = "/contacts/{id}/conversations", tag = "customers",
    operation_id = "startEmailConversation", params(ContactId), request_body = FirstEmail,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The conversation and its first message (or those of the message sent before with this `client_id`)", body = SentMessage),
        (status = 400, description = "A field is missing or malformed, the customer has no e-mail address, or is blocked (`invalid_input`)", body = ErrorBody),
        LoginRequired,
        CrossSite,
        (status = 404, description = "No such customer, or one merged away (`not_found`)", body = ErrorBody),
        (status = 409, description = "The customer has a conversation open: write there (`conflict`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn start_email_conversation(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
    ApiJson(first): ApiJson<FirstEmail>,
) -> Result<(axum::http::StatusCode, ApiJson<SentMessage>), ApiError> {
    let sent = state
        .switchboard
        .start_email_conversation(&agent, path.id, &first.client_id, &first.body)
        .await?;
    Ok((axum::http::StatusCode::CREATED, ApiJson(sent)))
}

/// Blocks a customer (admins): what they write is still stored, but their
/// conversations leave every list for the Blocked view (`view=blocked`),
/// and automatic assignment passes them by.
#[utoipa::path(post, path = "/contacts/{id}/block", tag = "customers",
    operation_id = "blockContact", params(ContactId),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The customer's account, blocked", body = ContactAccount),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such customer (`not_found`)", body = ErrorBody),
    ))]
pub async fn block_contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .block_contact(&agent, path.id, true)
            .await?,
    ))
}

/// Lets a blocked customer back (admins): their conversations return to
/// the usual views.
#[utoipa::path(post, path = "/contacts/{id}/unblock", tag = "customers",
    operation_id = "unblockContact", params(ContactId),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The customer's account, not blocked any more", body = ContactAccount),
        BadInput,
        LoginRequired,
        AdminsOnlyChange,
        (status = 404, description = "No such customer (`not_found`)", body = ErrorBody),
    ))]
pub async fn unblock_contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .block_contact(&agent, path.id, false)
            .await?,
    ))
}

/// Edits a customer's details: each field given replaces it (an empty
/// `email`, `phone` or `company` clears it). The contact log records who
/// changed what; agents showing the customer see it at once
/// (`contact.updated`).
#[utoipa::path(patch, path = "/contacts/{id}", tag = "customers",
    operation_id = "editContact", params(ContactId), request_body = ContactChange,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The customer's account, edited", body = ContactAccount),
        BadInput,
        LoginRequired,
        CrossSite,
        (status = 404, description = "No such customer (`not_found`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn edit_contact(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
    ApiJson(change): ApiJson<ContactChange>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .edit_contact(&agent, path.id, &change)
            .await?,
    ))
}

/// A note's text.
#[derive(Deserialize, ToSchema)]
pub struct NoteText {
    /// 1 to 4,000 characters.
    #[schema(max_length = 4000)]
    body: String,
}

/// Adds a note on a customer, for the team.
#[utoipa::path(post, path = "/contacts/{id}/notes", tag = "customers",
    operation_id = "addContactNote", params(ContactId), request_body = NoteText,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "The note", body = ContactNote),
        BadInput,
        LoginRequired,
        CrossSite,
        (status = 404, description = "No such customer (`not_found`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn add_note(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
    ApiJson(note): ApiJson<NoteText>,
) -> Result<(axum::http::StatusCode, ApiJson<ContactNote>), ApiError> {
    let note = state
        .switchboard
        .add_contact_note(&agent, path.id, &note.body)
        .await?;
    Ok((axum::http::StatusCode::CREATED, ApiJson(note)))
}

/// A customer's note, in the path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct NotePath {
    /// The customer's id.
    id: i64,
    /// The note's id.
    note_id: i64,
}

/// Changes a note's text: its author alone.
#[utoipa::path(patch, path = "/contacts/{id}/notes/{note_id}", tag = "customers",
    operation_id = "editContactNote", params(NotePath), request_body = NoteText,
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The note, changed", body = ContactNote),
        BadInput,
        LoginRequired,
        (status = 403, description = "Another agent wrote it (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 404, description = "No such customer or note (`not_found`)", body = ErrorBody),
        TooLarge,
    ))]
pub async fn edit_note(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<NotePath>,
    ApiJson(note): ApiJson<NoteText>,
) -> Result<ApiJson<ContactNote>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .edit_contact_note(&agent, path.id, path.note_id, &note.body)
            .await?,
    ))
}

/// Deletes a note: its author, or an admin. The contact log keeps what it
/// said.
#[utoipa::path(delete, path = "/contacts/{id}/notes/{note_id}", tag = "customers",
    operation_id = "deleteContactNote", params(NotePath),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The customer's account, without the note", body = ContactAccount),
        BadInput,
        LoginRequired,
        (status = 403, description = "Another agent wrote it and you are not an admin (`forbidden`), or the session cookie came from another site (`forbidden_origin`)", body = ErrorBody),
        (status = 404, description = "No such customer or note (`not_found`)", body = ErrorBody),
    ))]
pub async fn delete_note(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<NotePath>,
) -> Result<ApiJson<ContactAccount>, ApiError> {
    state
        .switchboard
        .delete_contact_note(&agent, path.id, path.note_id)
        .await?;
    Ok(ApiJson(
        state.switchboard.contact_account(&agent, path.id).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactsQuery {
    /// Words of a name, e-mail, phone, company or attribute (any case);
    /// none: every customer.
    #[param(max_length = 200)]
    q: Option<String>,
    /// `last_seen` (the latest to write first, the default), `name` or
    /// `newest` (the newest customers first).
    sort: Option<ContactSort>,
    /// Where the page starts (`next_offset` of the page before).
    offset: Option<i64>,
}

/// Every customer, found by what the team knows of them, 50 a page.
#[utoipa::path(get, path = "/contacts", tag = "customers",
    operation_id = "listContacts", params(ContactsQuery),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "A page of customers", body = ContactPage),
        BadInput,
        LoginRequired,
    ))]
pub async fn list_contacts(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<ContactsQuery>,
) -> Result<ApiJson<ContactPage>, ApiError> {
    Ok(ApiJson(
        state
            .switchboard
            .contacts(
                &agent,
                query.q.as_deref().unwrap_or_default(),
                query.sort.unwrap_or(ContactSort::LastSeen),
                query.offset.unwrap_or(0),
            )
            .await?,
    ))
}

/// Every customer as a CSV file (admins): `id`, `name`, `email`, `phone`,
/// `company`, `identifier`, `created_at`, `blocked`, then one
/// `attributes.<name>` column per attribute any customer has. A cell a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is
/// written behind a `'`. Importing the file back changes nothing.
#[utoipa::path(get, path = "/contacts/export", tag = "customers",
    operation_id = "exportContacts",
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "Every customer, a row each", content((RawBody = "text/csv"))),
        LoginRequired,
        AdminsOnly,
    ))]
pub async fn export_contacts(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
) -> Result<CsvFile, ApiError> {
    let file = state.switchboard.export_contacts(&agent).await?;
    Ok(CsvFile("customers.csv", file))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true`: only say what the file would do; nothing is written.
    dry_run: Option<bool>,
}

/// Imports customers from a CSV file (admins), at most 5,000 rows and
/// 2 MiB. The first line names the columns: `id`, `name`, `email`,
/// `phone`, `company`, `attributes.<name>` (any case; `identifier`,
/// `created_at` and `blocked`, as an export writes them, are left alone);
/// cells are separated by commas or semicolons. Each row changes the
/// customer it names (by `id`, else by `email` in any case) or makes a new
/// one: a cell given replaces what they had, an empty cell leaves it.
/// A row that does not fit is refused with its reason and the rest go in,
/// in one transaction, each with a `contact.imported` entry in the
/// customer's log. Try with `dry_run=true` first to see what it would do.
#[utoipa::path(post, path = "/contacts/import", tag = "customers",
    operation_id = "importContacts", params(ImportQuery),
    request_body(content((RawBody = "text/csv")), description = "The CSV file, UTF-8"),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "What each row did (or, tried, would do)", body = ContactImport),
        (status = 400, description = "Not a UTF-8 CSV file, a column Switchboard does not know, no `id`, `name` or `email` column, or more than 5,000 rows (`invalid_input`)", body = ErrorBody),
        LoginRequired,
        AdminsOnlyChange,
        (status = 413, description = "The file is larger than 2 MiB (`payload_too_large`)", body = ErrorBody),
    ))]
pub async fn import_contacts(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(query): ApiQuery<ImportQuery>,
    file: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<ApiJson<ContactImport>, ApiError> {
    // A body sent without its length is cut off at the limit.
    let file =
        file.map_err(|_| crate::security::too_large(crate::security::CONTACT_IMPORT_LIMIT))?;
    let file = std::str::from_utf8(&file)
        .map_err(|_| ApiError::bad_request("the file is not UTF-8 text: save it as CSV (UTF-8)"))?;
    Ok(ApiJson(
        state
            .switchboard
            .import_contacts(&agent, file, query.dry_run.unwrap_or(false))
            .await?,
    ))
}
