//! Extractors that answer bad input and missing credentials in the API's
//! JSON error shape, never axum's plain-text defaults.

use super::ApiError;
use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use switchboard_core::types::{Agent, ErrorCode};

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

impl<T: serde::Serialize> axum::response::IntoResponse for ApiJson<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

/// The logged-in agent: an integration's `Authorization: Bearer` API
/// token, or the session cookie. (A secret in the URL is taken by the
/// agent socket alone: see [`SocketAgent`].)
pub struct CurrentAgent(pub Agent);

impl FromRequestParts<AppState> for CurrentAgent {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if let Some(token) = bearer {
            return Ok(CurrentAgent(
                state.switchboard.agent_for_api_token(token.trim()).await?,
            ));
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar
            .get(app::SESSION_COOKIE)
            .ok_or_else(|| ApiError::from(switchboard_core::Error::Unauthenticated))?;
        Ok(CurrentAgent(
            state.switchboard.agent_for_session(token.value()).await?,
        ))
    }
}

/// The agent opening a socket: as [`CurrentAgent`], or `?token=` with an
/// API token or a session secret for WebSocket clients that cannot send
/// headers. A browser page of another site is refused (its cookie would
/// open the agent's stream to it).
pub struct SocketAgent(pub Agent);

impl FromRequestParts<AppState> for SocketAgent {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(origin) = parts.headers.get(axum::http::header::ORIGIN) {
            if !crate::security::own_origin(origin, &parts.headers, state.public_url.as_deref()) {
                return Err(ApiError::forbidden_origin());
            }
        }
        if let Some(token) = query_value(parts, "token") {
            let switchboard = &state.switchboard;
            let agent = match switchboard.agent_for_api_token(&token).await {
                Ok(agent) => agent,
                Err(_) => switchboard.agent_for_session(&token).await?,
            };
            return Ok(SocketAgent(agent));
        }
        let CurrentAgent(agent) = CurrentAgent::from_request_parts(parts, state).await?;
        Ok(SocketAgent(agent))
    }
}

/// The customer a contact token belongs to: the `X-Contact-Token` header,
/// or `?contact_token=` for the WebSocket.
pub struct CurrentContact(pub switchboard_core::Customer, pub String);

impl FromRequestParts<AppState> for CurrentContact {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get("x-contact-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or_else(|| query_value(parts, "contact_token"))
            .ok_or_else(|| {
                ApiError::of(
                    ErrorCode::Unauthenticated,
                    "send the contact token in the X-Contact-Token header",
                )
            })?;
        let contact = state
            .switchboard
            .contact_for_token(&token)
            .await
            .map_err(|_| {
                ApiError::of(ErrorCode::Unauthenticated, "the contact token is not valid")
            })?;
        Ok(CurrentContact(contact, token))
    }
}

fn query_value(parts: &Parts, name: &str) -> Option<String> {
    let query = parts.uri.query()?;
    url_pairs(query).find(|(k, _)| k == name).map(|(_, v)| v)
}

fn url_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
}

/// A body read as it comes (a raw e-mail, a CSV file), as the OpenAPI
/// document names it: bytes. The handler reads it itself.
pub struct RawBody;

impl utoipa::PartialSchema for RawBody {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::Custom("binary".into())))
            .into()
    }
}

impl utoipa::ToSchema for RawBody {}

/// A CSV file to download, by its file name.
pub struct CsvFile(pub &'static str, pub String);

impl axum::response::IntoResponse for CsvFile {
    fn into_response(self) -> axum::response::Response {
        use axum::http::header;
        let disposition = format!("attachment; filename=\"{}\"", self.0);
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            self.1,
        )
            .into_response()
    }
}
