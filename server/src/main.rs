use anyhow::{bail, Context};
use axum::serve::ListenerExt;
use clap::Parser;
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;
use switchboard::cli::{AccountAction, Cli, Command, ServeArgs, TokenAction};
use switchboard::rate_limit::RateLimits;
use switchboard::{observability, router, AppState};
use switchboard_core::demo::{self, Loaded};
use switchboard_core::email::Mailer;
use switchboard_core::types::Role;
use switchboard_core::{MailRoute, Switchboard};

fn main() -> ExitCode {
    let cli = Cli::parse();
    observability::init_logging(cli.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("switchboard: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("switchboard: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.database_url, cli.serve).await,
        Command::Admin { action } => create_account(&cli.database_url, action, Role::Admin).await,
        Command::Agent { action } => create_account(&cli.database_url, action, Role::Agent).await,
        Command::Token {
            action: TokenAction::Create { email, name },
        } => {
            let switchboard = open(&cli.database_url).await?;
            let agent = switchboard
                .agent_by_email(&email)
                .await?
                .with_context(|| format!("no active agent has the e-mail {email}"))?;
            let created = switchboard.create_api_token(&agent, &name).await?;
            println!("{}", created.token);
            Ok(())
        }
        Command::Precompress => {
            let root = site_options(&cli.serve)?.site_root;
            let done = switchboard::assets::precompress(Path::new(&*root))
                .with_context(|| format!("cannot compress the site in {root}"))?;
            let kib = |bytes: u64| bytes as f64 / 1024.0;
            for file in &done {
                println!(
                    "{:<40} {:>9.1} KiB raw {:>9.1} KiB brotli {:>9.1} KiB gzip",
                    file.path
                        .strip_prefix(&*root)
                        .unwrap_or(&file.path)
                        .display(),
                    kib(file.raw),
                    kib(file.brotli),
                    kib(file.gzip)
                );
            }
            println!(
                "{} files have brotli and gzip copies in {root}.",
                done.len()
            );
            Ok(())
        }
        Command::Demo => {
            let switchboard = open(&cli.database_url).await?;
            match demo::load(&switchboard)
                .await
                .context("loading the demo data failed")?
            {
                Loaded::Fresh => println!("Demo data loaded."),
                Loaded::AlreadyThere => println!("Demo data is already loaded."),
            }
            println!(
                "Log in as {} (admin) or {} with the password `{}`.",
                demo::DEMO_AGENTS[0].email,
                demo::DEMO_AGENTS[1].email,
                demo::DEMO_PASSWORD
            );
            Ok(())
        }
    }
}

/// The domain of an address like `Support <support@example.com>`.
fn sender_domain(from: &str) -> Option<String> {
    let (_, domain) = from.rsplit_once('@')?;
    let domain = domain.trim_end_matches(['>', ' ']);
    (!domain.is_empty()).then(|| domain.to_string())
}

/// The URL with any password hidden, for messages.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

async fn open(database_url: &str) -> anyhow::Result<Switchboard> {
    Switchboard::open(database_url)
        .await
        .with_context(|| format!("cannot open the database {}", redacted(database_url)))
}

async fn create_account(
    database_url: &str,
    action: AccountAction,
    role: Role,
) -> anyhow::Result<()> {
    let AccountAction::Create { email, name, .. } = action;
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .context("cannot read the password from standard input")?;
    let password = password.trim_end_matches(['\n', '\r']).to_string();
    let switchboard = open(database_url).await?;
    let agent = switchboard
        .create_agent(&email, &name, role, password)
        .await?;
    println!(
        "Created {} {} <{}> (id {}).",
        role.as_str(),
        agent.name,
        agent.email,
        agent.id
    );
    Ok(())
}

/// The site's settings: baked in by cargo-leptos, or the defaults; the
/// site folder from `--site-root` when given.
fn site_options(args: &ServeArgs) -> anyhow::Result<leptos::prelude::LeptosOptions> {
    let mut options = match option_env!("LEPTOS_OUTPUT_NAME") {
        // Built by cargo-leptos, which bakes its site settings in.
        Some(_) => {
            leptos::prelude::get_configuration(None)
                .context("cannot read the site settings")?
                .leptos_options
        }
        None => leptos::prelude::LeptosOptions::builder()
            .output_name("switchboard")
            .site_root("target/site")
            .build(),
    };
    options.site_addr = args.addr;
    if let Some(root) = &args.site_root {
        options.site_root = root.as_str().into();
    }
    let pkg = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    if !pkg.is_dir() {
        bail!(
            "the site folder {} is missing: build it with `cargo leptos build --release --split`, \
             or point LEPTOS_SITE_ROOT at a built one",
            pkg.display()
        );
    }
    // The inbox's dialogs and team chat load from files only a split build
    // makes; a bundle built without them cannot open those.
    if !pkg.join("__wasm_split_manifest.json").is_file() {
        tracing::warn!(
            "the inbox's bundle in {} was built without `--split`: its dialogs and team chat \
             will not open; build it with `cargo leptos build --release --split`",
            pkg.display()
        );
    }
    Ok(options)
}

async fn serve(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let options = site_options(&args)?;
    // Copies from an earlier build must never stand in for this one.
    let stale = switchboard::assets::forget_stale_copies(Path::new(&*options.site_root))
        .context("cannot tidy the site folder's compressed copies")?;
    if stale > 0 {
        tracing::info!(stale, "removed compressed copies older than their files");
    }

    // Each response goes out as soon as it is written: without TCP_NODELAY
    // the last small piece of a streamed page can wait for the browser's
    // delayed acknowledgement (about 40 ms).
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?
        .tap_io(|stream| {
            if let Err(e) = stream.set_nodelay(true) {
                tracing::debug!(error = %e, "cannot set TCP_NODELAY on a connection");
            }
        });
    let mut switchboard = open(database_url).await?;
    if let Some(url) = &args.attachments_url {
        let files = switchboard_core::attachments::Files::at(url)
            .with_context(|| format!("cannot keep attachments at {}", redacted(url)))?;
        switchboard = switchboard.with_files(files);
    }
    tracing::info!(
        place = switchboard.files_place(),
        "attachments are kept here"
    );
    switchboard.allow_private_webhooks(args.allow_private_webhooks);
    let widget_key = switchboard.widget_key().await?;
    let metrics = metrics_exporter_prometheus::PrometheusBuilder::new()
        .install_recorder()
        .context("cannot set up metrics")?;
    let secure = args
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let mail_route = match &args.smtp_url {
        Some(url) => {
            let mailer = Mailer::from_url(url, &args.mail_from)
                .with_context(|| format!("cannot use the mail server {}", redacted(url)))?;
            let reply_domain = match &args.reply_domain {
                Some(domain) => domain.clone(),
                None => sender_domain(&args.mail_from)
                    .context("MAIL_FROM has no domain: set MAIL_REPLY_DOMAIN")?,
            };
            // Links in mail need an address customers reach: the public
            // one, or this machine's when it listens on loopback (a demo).
            let link_base = args.public_url.clone().or_else(|| {
                args.addr
                    .ip()
                    .is_loopback()
                    .then(|| format!("http://{}", args.addr))
            });
            if link_base.is_none() {
                tracing::warn!("no SWITCHBOARD_PUBLIC_URL: mail asking e-mail customers to rate a resolved ticket is not sent");
            }
            Some(MailRoute {
                mailer,
                reply_domain,
                link_base,
            })
        }
        None => {
            tracing::warn!("no SMTP_URL: replies to e-mail conversations wait until one is set");
            None
        }
    };
    let state = AppState {
        leptos_options: options,
        switchboard: switchboard.clone(),
        cookies: app::CookiePolicy { secure },
        public_url: args.public_url.clone(),
        metrics: Some(metrics),
        metrics_token: args.metrics_token.clone(),
        rate_limits: RateLimits::new(args.rate_limit, args.login_rate_limit, args.trust_forwarded),
        mail: mail_route.clone(),
    };
    tracing::info!(
        address = %args.addr,
        store = switchboard.store().backend_name(),
        widget_key,
        "Switchboard is listening on http://{}",
        args.addr
    );
    switchboard
        .start_live_feed()
        .await
        .context("cannot start the live feed")?;
    tokio::spawn(switchboard::jobs::wake_snoozed(switchboard.clone()));
    tokio::spawn(switchboard::jobs::assign_waiting(switchboard.clone()));
    tokio::spawn(switchboard::jobs::announce_widget_status(
        switchboard.clone(),
    ));
    tokio::spawn(switchboard::jobs::send_webhooks(switchboard.clone()));
    tokio::spawn(switchboard::jobs::remove_unsent_files(switchboard.clone()));
    tokio::spawn(switchboard::jobs::mark_absent_agents_away(
        switchboard.clone(),
    ));
    tokio::spawn(state.rate_limits.clone().forget_quiet_clients());
    tokio::spawn(switchboard::jobs::send_mail(
        switchboard.clone(),
        mail_route,
    ));
    tokio::spawn(switchboard::jobs::take_mail(
        switchboard.clone(),
        std::time::Duration::from_secs(args.mail_poll_seconds.max(1)),
    ));
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the server stopped")?;
    switchboard.store().close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
