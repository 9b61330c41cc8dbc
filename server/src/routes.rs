use crate::api::{self, ApiError};
use crate::assets::{self, WidgetFiles};
use crate::rate_limit::{self, RateLimits};
use crate::security::{self, CspNonce};
use crate::{demo_page, live, observability, rating_page, widget_frame};
use app::{shell, App, CookiePolicy, PublicUrl, SESSION_COOKIE};
use axum::extract::{FromRef, Path, Query, Request, State};
use axum::handler::Handler;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use axum_extra::extract::CookieJar;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use metrics_exporter_prometheus::PrometheusHandle;
use switchboard_core::Switchboard;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub switchboard: Switchboard,
    pub cookies: CookiePolicy,
    /// Where users reach this server, when it is set (`--public-url`).
    pub public_url: Option<String>,
    pub metrics: Option<PrometheusHandle>,
    /// Who may read /metrics from elsewhere than this machine.
    pub metrics_token: Option<String>,
    pub rate_limits: RateLimits,
    /// The SMTP route for e-mail (replies, invitations), when set.
    pub mail: Option<switchboard_core::MailRoute>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The whole application: API, live streams, pages and static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let switchboard = state.switchboard.clone();
        let cookies = state.cookies;
        let public_url = PublicUrl(state.public_url.clone());
        let mail = state.mail.clone();
        move || {
            provide_context(mail.clone());
            provide_context(switchboard.clone());
            provide_context(cookies);
            provide_context(public_url.clone());
            // The hydration scripts carry the nonce the page's
            // Content-Security-Policy names (crate::security).
            let nonce = use_context::<axum::http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
            if let Some(CspNonce(nonce)) = nonce {
                provide_context(leptos::nonce::Nonce::from_value(nonce));
            }
        }
    };
    let site_root = std::path::Path::new(&*state.leptos_options.site_root);
    let (api_routes, api_document) = api::router().split_for_parts();
    let docs = api::api_docs(&api::openapi_document(api_document));
    let (json_docs, page_docs) = (docs.clone(), docs);
    Router::new()
        .nest(
            "/api/v1",
            api_routes
                // The live streams' sockets sit beside the API's routes (they
                // use its extractors); they are documented in the README, not
                // in OpenAPI.
                .route("/ws", get(live::agent_socket))
                .route("/widget/ws", get(live::widget_socket))
                .fallback(|| async { ApiError::not_found("no such API path") })
                .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
                .with_state(state.clone()),
        )
        .route(
            "/api/openapi.json",
            get(move || async move { json_docs.json() }),
        )
        .route("/api/docs", get(move || async move { page_docs.page() }))
        // The API's documents answer a wrong method in JSON too.
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .route("/healthz", get(observability::healthz))
        .route("/metrics", get(observability::metrics))
        .route("/demo", get(demo_page::demo))
        .route(widget_frame::PATH, {
            let files = WidgetFiles::read(site_root);
            let switchboard = state.switchboard.clone();
            get(move |nonce| widget_frame::frame(nonce, files.clone(), switchboard.clone()))
        })
        .route(rating_page::PATH, {
            let (shown, answered) = (WidgetFiles::read(site_root), WidgetFiles::read(site_root));
            get(
                move |state: State<AppState>, number: Path<i64>, link: Query<rating_page::Link>| {
                    rating_page::show(shown.clone(), state, number, link)
                },
            )
            .post(
                move |state: State<AppState>,
                      number: Path<i64>,
                      answer: Form<rating_page::Answer>| {
                    rating_page::answer(answered.clone(), state, number, answer)
                },
            )
        })
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        // The built site's files, their compressed copies first; what is
        // not a file is the UI's own "not found" page.
        .fallback_service(
            ServiceBuilder::new()
                .layer(middleware::from_fn(assets::cache_control))
                .service(
                    ServeDir::new(site_root)
                        .precompressed_br()
                        .precompressed_gzip()
                        .fallback(
                            leptos_axum::file_and_error_handler_with_context::<AppState, _>(
                                context, shell,
                            )
                            .with_state(state.clone()),
                        ),
                ),
        )
        .layer(middleware::from_fn_with_state(
            state.clone(),
            pages_need_login,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::refuse_cross_site,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            rate_limit::limit,
        ))
        .layer(middleware::from_fn(security::limit_bodies))
        // `limit_bodies` is the one limit: axum's own (2 MB for a whole
        // body) would refuse a large inbound mail below its limit.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::security_headers,
        ))
        .layer(middleware::from_fn(observability::count_requests))
        // Everything not compressed already goes out compressed when the
        // client takes it.
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// The inbox is for logged-in agents, the login page for everyone else:
/// send each to the right one before rendering anything.
async fn pages_need_login(
    State(state): State<AppState>,
    jar: CookieJar,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path != "/" && path != "/login" {
        return next.run(request).await;
    }
    let logged_in = match jar.get(SESSION_COOKIE) {
        Some(cookie) => state
            .switchboard
            .agent_for_session(cookie.value())
            .await
            .is_ok(),
        None => false,
    };
    match (path, logged_in) {
        ("/", false) => Redirect::to("/login").into_response(),
        ("/login", true) => Redirect::to("/").into_response(),
        _ => next.run(request).await,
    }
}
