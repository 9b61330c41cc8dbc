//! Attachments over the API: uploading a file (agents; customers through
//! the widget's door), fetching one, and a customer's files.
//!
//! A file is uploaded first (`multipart/form-data`, one part named `file`),
//! then sent by naming its id in a message's `attachments`. Every file is
//! served with `X-Content-Type-Options: nosniff` and
//! `Content-Security-Policy: sandbox`; only raster images are shown in
//! place, everything else is a download.

use super::error::{BadInput, ContactTokenRequired, CrossSite, LoginRequired, RateLimited};
use super::{ApiError, ApiJson, ApiPath, ApiQuery, CurrentAgent, CurrentContact, RawBody};
use crate::AppState;
use axum::body::Body;
use axum::extract::multipart::{Field, Multipart, MultipartError, MultipartRejection};
use axum::extract::{FromRequest, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::stream::BoxStream;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use switchboard_core::types::{Attachment, ErrorBody, ErrorCode};
use switchboard_core::Download;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The largest upload body: a file at its limit and the form around it.
pub const UPLOAD_LIMIT: usize = switchboard_core::attachments::MAX_FILE_BYTES as usize + 64 * 1024;
/// The doors files are uploaded by (their bodies may be that large).
pub const UPLOAD_PATHS: [&str; 2] = ["/api/v1/attachments", "/api/v1/widget/attachments"];
/// The largest message sent as a form with its files: a message's files at
/// their limit, and the form around them.
pub const MESSAGE_FORM_LIMIT: usize =
    switchboard_core::attachments::MAX_MESSAGE_BYTES as usize + 64 * 1024;

/// Whether `path` is a door a message is sent by (which also takes a form
/// with the message's files).
pub fn is_message_path(path: &str) -> bool {
    path == "/api/v1/widget/messages"
        || path
            .strip_prefix("/api/v1/conversations/")
            .and_then(|rest| rest.strip_suffix("/messages"))
            .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// The attachments' routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(file))
        .routes(routes!(thumbnail))
        .routes(routes!(customer_upload))
        .routes(routes!(customer_file))
        .routes(routes!(customer_thumbnail))
        .routes(routes!(contact_files))
}

/// The form an upload is sent as.
#[allow(dead_code)]
#[derive(ToSchema)]
pub struct Upload {
    /// The file (one; its name is kept, its type told by its content).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The upload's refusals particular to files: too large (`too_large`,
/// over 20 MB), or not a type Switchboard takes (`invalid_input`).
#[allow(dead_code)]
#[derive(utoipa::IntoResponses)]
#[response(status = 413)]
pub struct FileTooLarge(ErrorBody);

/// Reads the form's `file` part and hands its name and its bytes, as
/// they arrive, to `keep`.
async fn read_upload<F, Fut>(
    multipart: Result<Multipart, MultipartRejection>,
    keep: F,
) -> Result<Attachment, ApiError>
where
    F: FnOnce(String, BoxStream<'static, Result<bytes::Bytes, String>>) -> Fut,
    Fut: std::future::Future<Output = switchboard_core::Result<Attachment>>,
{
    let mut multipart = multipart.map_err(not_a_form)?;
    loop {
        let field = multipart.next_field().await.map_err(form_error)?;
        let Some(field) = field else {
            return Err(ApiError::bad_request(
                "the form has no part named file: send the file as its `file` part",
            ));
        };
        if field.name() == Some("file") {
            return upload_part(field, keep).await;
        }
    }
}

/// Hands one file part's name and its bytes, as they arrive, to `keep`.
async fn upload_part<F, Fut>(field: Field<'_>, keep: F) -> Result<Attachment, ApiError>
where
    F: FnOnce(String, BoxStream<'static, Result<bytes::Bytes, String>>) -> Fut,
    Fut: std::future::Future<Output = switchboard_core::Result<Attachment>>,
{
    let name = field.file_name().unwrap_or("file").to_string();
    // The part borrows the form; its bytes are handed on as a stream
    // that owns what it needs.
    let (sender, receiver) = futures::channel::mpsc::channel(2);
    let body = receiver.boxed();
    let pump = async move {
        let mut field = field;
        let mut sender = sender;
        while let Some(chunk) = field.next().await {
            let failed = chunk.is_err();
            let chunk = chunk.map_err(|e| e.body_text());
            if futures::SinkExt::send(&mut sender, chunk).await.is_err() || failed {
                break;
            }
        }
    };
    let (kept, ()) = tokio::join!(keep(name, body), pump);
    Ok(kept?)
}

fn not_a_form(e: MultipartRejection) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        ErrorCode::UnsupportedMediaType,
        format!("send the file as multipart/form-data: {}", e.body_text()),
    )
}

/// A message sent as JSON, or as a form with its files
/// (`multipart/form-data`: each field as text, each file a `file` part).
pub enum MessageOrForm<T> {
    Json(T),
    Form(Multipart),
}

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for MessageOrForm<T> {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        if is_form(request.headers()) {
            let form = Multipart::from_request(request, state).await;
            return form.map(MessageOrForm::Form).map_err(not_a_form);
        }
        let ApiJson(message) = ApiJson::<T>::from_request(request, state).await?;
        Ok(MessageOrForm::Json(message))
    }
}

/// Whether a request's body is a form that may carry files.
pub fn is_form(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// A message's form: its text fields, and the files it carried, uploaded
/// by `keep` as they arrived (at most a message's count of them).
pub struct MessageForm {
    pub fields: std::collections::HashMap<String, String>,
    /// The files' ids: those uploaded with the form, after those named in
    /// its `attachments` fields.
    pub attachments: Vec<String>,
}

impl MessageForm {
    pub fn text(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    /// A yes-or-no field (`true`/`false`, `1`/`0`, `on`), or `absent`.
    pub fn flag(&self, name: &str, absent: bool) -> Result<bool, ApiError> {
        match self.fields.get(name).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(absent),
            Some(v) if ["true", "1", "on", "yes"].contains(&v.as_str()) => Ok(true),
            Some(v) if ["false", "0", "off", "no"].contains(&v.as_str()) => Ok(false),
            Some(v) => Err(ApiError::bad_request(format!(
                "{name} is true or false, not {v:?}"
            ))),
        }
    }

    pub async fn read<F, Fut>(mut multipart: Multipart, mut keep: F) -> Result<Self, ApiError>
    where
        F: FnMut(String, BoxStream<'static, Result<bytes::Bytes, String>>) -> Fut,
        Fut: std::future::Future<Output = switchboard_core::Result<Attachment>>,
    {
        let mut form = MessageForm {
            fields: Default::default(),
            attachments: Vec::new(),
        };
        let mut uploaded = Vec::new();
        while let Some(field) = multipart.next_field().await.map_err(message_form_error)? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                if form.attachments.len() + uploaded.len()
                    >= switchboard_core::attachments::MAX_FILES_PER_MESSAGE
                {
                    return Err(ApiError::bad_request(format!(
                        "a message can carry at most {} files",
                        switchboard_core::attachments::MAX_FILES_PER_MESSAGE
                    )));
                }
                uploaded.push(upload_part(field, &mut keep).await?.id);
            } else {
                let value = field_text(field).await?;
                if name == "attachments" {
                    form.attachments.push(value);
                } else {
                    form.fields.insert(name, value);
                }
            }
        }
        form.attachments.append(&mut uploaded);
        Ok(form)
    }
}

/// A text field of a message's form: at most as much as a JSON message.
async fn field_text(mut field: Field<'_>) -> Result<String, ApiError> {
    let name = field.name().unwrap_or_default().to_string();
    let mut value = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(message_form_error)? {
        if value.len() + chunk.len() > crate::security::BODY_LIMIT {
            return Err(ApiError::bad_request(format!(
                "the form's {name} field is over {} KiB",
                crate::security::BODY_LIMIT / 1024
            )));
        }
        value.extend_from_slice(&chunk);
    }
    String::from_utf8(value)
        .map_err(|_| ApiError::bad_request(format!("the form's {name} field is not UTF-8 text")))
}

fn message_form_error(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return crate::security::too_large(MESSAGE_FORM_LIMIT);
    }
    ApiError::bad_request(format!("the form could not be read: {}", e.body_text()))
}

fn form_error(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return crate::security::too_large(UPLOAD_LIMIT);
    }
    ApiError::bad_request(format!("the form could not be read: {}", e.body_text()))
}

/// Uploads a file, to send with a reply or a note next (name its `id` in
/// the message's `attachments`). Its type is told by its content:
/// pictures, documents, archives, sound, video and text are taken.
#[utoipa::path(post, path = "/attachments", tag = "attachments", operation_id = "uploadAttachment",
    request_body(content = Upload, content_type = "multipart/form-data"),
    security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 201, description = "Stored; not sent until a message names it", body = Attachment),
        BadInput,
        LoginRequired,
        CrossSite,
        FileTooLarge,
    ))]
pub async fn upload(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, ApiJson<Attachment>), ApiError> {
    let switchboard = state.switchboard.clone();
    let attachment = read_upload(multipart, |name, body| async move {
        switchboard.agent_upload(&agent, &name, body).await
    })
    .await?;
    Ok((StatusCode::CREATED, ApiJson(attachment)))
}

/// The customer uploads a file, to send with their next message. Limited
/// per address like the rest of the widget's API.
#[utoipa::path(post, path = "/widget/attachments", tag = "widget", operation_id = "uploadCustomerAttachment",
    request_body(content = Upload, content_type = "multipart/form-data"),
    security(("contactToken" = [])),
    responses(
        (status = 201, description = "Stored, with links signed for this customer; not sent until a message names it", body = Attachment),
        BadInput,
        ContactTokenRequired,
        FileTooLarge,
        RateLimited,
    ))]
pub async fn customer_upload(
    State(state): State<AppState>,
    CurrentContact(contact, _token): CurrentContact,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, ApiJson<Attachment>), ApiError> {
    let switchboard = state.switchboard.clone();
    let attachment = read_upload(multipart, |name, body| async move {
        switchboard.customer_upload(&contact, &name, body).await
    })
    .await?;
    Ok((StatusCode::CREATED, ApiJson(attachment)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct AttachmentId {
    /// The file's id.
    id: String,
}

/// A file's bytes, as the browser should take them: a raster image in
/// place, anything else as a download; never sniffed, never run.
fn served(download: Download, private_cache: &'static str) -> Response {
    let disposition = format!(
        "{}; filename=\"{}\"; filename*=UTF-8''{}",
        if download.inline {
            "inline"
        } else {
            "attachment"
        },
        ascii_name(&download.name),
        percent_encoded(&download.name)
    );
    let mut response = Body::from_stream(download.body).into_response();
    let headers = response.headers_mut();
    let content_type = HeaderValue::from_str(&download.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(private_cache),
    );
    response
}

/// The name for old clients' `filename=`: printable ASCII, others as `_`.
fn ascii_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// RFC 5987's encoding of the name for `filename*=`.
fn percent_encoded(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Agents' copies may be kept: a file never changes.
const AGENT_CACHE: &str = "private, max-age=31536000, immutable";
/// A customer's link works for a day.
const CUSTOMER_CACHE: &str = "private, max-age=86400";

/// A file: one sent in a conversation you may see, or one you uploaded
/// and have not sent yet.
#[utoipa::path(get, path = "/attachments/{id}", tag = "attachments", operation_id = "getAttachment",
    params(AttachmentId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The file's bytes, as its own type (a raster image inline, anything else as a download)", content((RawBody = "*/*"))),
        LoginRequired,
        (status = 404, description = "No such file, or not one you may see (`not_found`)", body = ErrorBody),
    ))]
pub async fn file(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<AttachmentId>,
) -> Result<Response, ApiError> {
    let download = state
        .switchboard
        .agent_file(&agent, &path.id, false)
        .await?;
    Ok(served(download, AGENT_CACHE))
}

/// An image's thumbnail (JPEG, at most 480 pixels a side).
#[utoipa::path(get, path = "/attachments/{id}/thumbnail", tag = "attachments", operation_id = "getAttachmentThumbnail",
    params(AttachmentId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The thumbnail", content((RawBody = "image/jpeg"))),
        LoginRequired,
        (status = 404, description = "No such file, not an image, or not one you may see (`not_found`)", body = ErrorBody),
    ))]
pub async fn thumbnail(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<AttachmentId>,
) -> Result<Response, ApiError> {
    let download = state.switchboard.agent_file(&agent, &path.id, true).await?;
    Ok(served(download, AGENT_CACHE))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Signed {
    /// When the link stops working (seconds since 1970).
    expires: i64,
    /// The server's signature of the file and `expires`.
    signature: String,
}

/// A file by the signed link its customer was given (in their messages):
/// no token needed, so an `<img src>` works; refused once expired or
/// altered.
#[utoipa::path(get, path = "/widget/attachments/{id}", tag = "widget", operation_id = "getCustomerAttachment",
    params(AttachmentId, Signed),
    responses(
        (status = 200, description = "The file's bytes, as its own type (a raster image inline, anything else as a download)", content((RawBody = "*/*"))),
        BadInput,
        (status = 403, description = "The link is altered or expired (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such file, or its conversation is deleted (`not_found`)", body = ErrorBody),
        RateLimited,
    ))]
pub async fn customer_file(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<AttachmentId>,
    ApiQuery(signed): ApiQuery<Signed>,
) -> Result<Response, ApiError> {
    let download = state
        .switchboard
        .customer_file(&path.id, false, signed.expires, &signed.signature)
        .await?;
    Ok(served(download, CUSTOMER_CACHE))
}

/// An image's thumbnail by its signed link.
#[utoipa::path(get, path = "/widget/attachments/{id}/thumbnail", tag = "widget", operation_id = "getCustomerAttachmentThumbnail",
    params(AttachmentId, Signed),
    responses(
        (status = 200, description = "The thumbnail", content((RawBody = "image/jpeg"))),
        BadInput,
        (status = 403, description = "The link is altered or expired (`forbidden`)", body = ErrorBody),
        (status = 404, description = "No such file, not an image, or its conversation is deleted (`not_found`)", body = ErrorBody),
        RateLimited,
    ))]
pub async fn customer_thumbnail(
    State(state): State<AppState>,
    ApiPath(path): ApiPath<AttachmentId>,
    ApiQuery(signed): ApiQuery<Signed>,
) -> Result<Response, ApiError> {
    let download = state
        .switchboard
        .customer_file(&path.id, true, signed.expires, &signed.signature)
        .await?;
    Ok(served(download, CUSTOMER_CACHE))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ContactId {
    /// The customer's id.
    id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ContactFiles {
    attachments: Vec<Attachment>,
}

/// The files in a customer's conversations (notes' left out), newest
/// first, at most 200.
#[utoipa::path(get, path = "/contacts/{id}/attachments", tag = "customers", operation_id = "listContactAttachments",
    params(ContactId), security(("session" = []), ("apiToken" = [])),
    responses(
        (status = 200, description = "The customer's files", body = ContactFiles),
        BadInput,
        LoginRequired,
    ))]
pub async fn contact_files(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiPath(path): ApiPath<ContactId>,
) -> Result<ApiJson<ContactFiles>, ApiError> {
    Ok(ApiJson(ContactFiles {
        attachments: state.switchboard.contact_files(&agent, path.id).await?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_a_header_cannot_break_out_of_it() {
        assert_eq!(ascii_name("a\"b\\c é.pdf"), "a_b_c _.pdf");
        assert_eq!(percent_encoded("é \";.pdf"), "%C3%A9%20%22%3B.pdf");
    }
}
