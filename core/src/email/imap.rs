//! Taking mail from a support mailbox over IMAP.
//!
//! - [`ImapConnection::open`] connects, logs in and opens the folder the
//!   mail arrives in.
//! - [`ImapConnection::fetch_after`] reads the mails that arrived after the
//!   last one taken, whole and without marking them read.
//! - [`ImapConnection::mark_taken`] then flags a stored mail as read, or
//!   moves it to another folder.
//! - [`test_connection`] tries an account's settings, for the admin's
//!   "Test connection" button.
//!
//! Every failure says which step failed, in words for an admin
//! ([`ImapError`]).

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use async_imap::imap_proto::{
    AttributeValue, Capability, MailboxDatum, Outcome, Response, ResponseCode, Status,
};
use async_imap::{Client, Connection, Session};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

/// Longest wait for the host name's address, then for each TCP connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Longest wait for the TLS handshake, the server's greeting or the login.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(20);

/// Longest silence of the server in the middle of an answer.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

/// Longest wait for a polite goodbye.
const LOGOUT_TIMEOUT: Duration = Duration::from_secs(5);

/// How the connection to the IMAP server is protected (a word of the API).
pub use switchboard_types::ImapSecurity;

/// A mailbox's IMAP settings.
#[derive(Clone)]
pub struct ImapAccount {
    pub host: String,
    pub port: u16,
    pub security: ImapSecurity,
    pub user: String,
    pub password: String,
    /// The folder the mail arrives in, usually "INBOX".
    pub folder: String,
}

impl fmt::Debug for ImapAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapAccount")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.user)
            .field("password", &"…")
            .field("folder", &self.folder)
            .finish()
    }
}

/// What went wrong, by step. Each carries the whole message, written for an
/// admin.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    /// The host name has no address.
    #[error("{0}")]
    Dns(String),
    /// No TCP connection, or the server turned it away at once.
    #[error("{0}")]
    Connect(String),
    /// The TLS handshake (or STARTTLS) failed.
    #[error("{0}")]
    Tls(String),
    /// The server refused the user name or password.
    #[error("{0}")]
    Login(String),
    /// The folder could not be opened, or a mail not moved into one.
    #[error("{0}")]
    Folder(String),
    /// Anything else the server answered, or a lost connection.
    #[error("{0}")]
    Protocol(String),
}

/// One mail as it lies in the mailbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchedMail {
    /// Its UID in the folder (valid as long as [`ImapConnection::uid_validity`] is).
    pub uid: u32,
    /// The whole mail, headers and body, byte for byte.
    pub raw: Vec<u8>,
}

/// A logged-in connection with the account's folder open.
pub struct ImapConnection {
    session: Session<Transport>,
    folder: String,
    uid_validity: u32,
    exists: u32,
    can_move: bool,
    uidplus: bool,
}

impl fmt::Debug for ImapConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapConnection")
            .field("folder", &self.folder)
            .field("uid_validity", &self.uid_validity)
            .field("exists", &self.exists)
            .finish_non_exhaustive()
    }
}

impl ImapConnection {
    /// Connects (DNS, TCP with a timeout of 10 s, TLS as `security` says with
    /// the Mozilla roots), logs in, SELECTs the folder.
    pub async fn open(account: &ImapAccount) -> Result<ImapConnection, ImapError> {
        let host = account
            .host
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let port = account.port;
        let tcp = connect(host, port).await?;
        let transport = match account.security {
            ImapSecurity::Tls => Transport::Tls(Box::new(handshake(tcp, host, port).await?)),
            ImapSecurity::Starttls | ImapSecurity::None => Transport::Plain(tcp),
        };
        let mut client = Client::new(transport);
        greeting(&mut client, host, port).await?;
        if account.security == ImapSecurity::Starttls {
            let started = timeout(
                HANDSHAKE_TIMEOUT,
                client.run_command_and_check_ok("STARTTLS", None),
            )
            .await;
            match started {
                Ok(Ok(())) => {}
                Ok(Err(
                    e @ (async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_)),
                )) => {
                    return Err(ImapError::Tls(format!(
                        "the server at {host}:{port} does not offer STARTTLS: {}",
                        library_words(&e)
                    )))
                }
                Ok(Err(e)) => {
                    return Err(ImapError::Tls(format!(
                        "the STARTTLS with {host} failed: {}",
                        library_words(&e)
                    )))
                }
                Err(_) => {
                    return Err(ImapError::Tls(format!(
                        "the server at {host}:{port} did not answer STARTTLS within {} seconds",
                        HANDSHAKE_TIMEOUT.as_secs()
                    )))
                }
            }
            let tcp = match client.into_inner() {
                Transport::Plain(tcp) => tcp,
                Transport::Tls(_) => {
                    return Err(ImapError::Tls(format!(
                        "the STARTTLS with {host} failed: the connection was already encrypted"
                    )))
                }
            };
            client = Client::new(Transport::Tls(Box::new(handshake(tcp, host, port).await?)));
        }

        let user = &account.user;
        let mut session =
            match timeout(HANDSHAKE_TIMEOUT, client.login(user, &account.password)).await {
                Ok(Ok(session)) => session,
                Ok(Err((e, _))) => {
                    return Err(match e {
                        async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_) => {
                            ImapError::Login(format!(
                                "the server refused the login of {user}: {}",
                                library_words(&e)
                            ))
                        }
                        async_imap::error::Error::Validate(_) => ImapError::Login(format!(
                            "the login of {user} could not be sent: the user name or \
                             password holds a line break"
                        )),
                        e => ImapError::Protocol(format!(
                            "the connection broke during the login of {user}: {}",
                            library_words(&e)
                        )),
                    })
                }
                Err(_) => {
                    return Err(ImapError::Protocol(format!(
                        "the server at {host}:{port} did not answer the login of {user} \
                         within {} seconds",
                        HANDSHAKE_TIMEOUT.as_secs()
                    )))
                }
            };

        let mut can_move = false;
        let mut uidplus = false;
        command(
            &mut session,
            "CAPABILITY",
            "while asking for its capabilities",
            |response| {
                if let Response::Capabilities(capabilities) = response {
                    for capability in capabilities {
                        if let Capability::Atom(name) = capability {
                            can_move |= name.eq_ignore_ascii_case("MOVE");
                            uidplus |= name.eq_ignore_ascii_case("UIDPLUS");
                        }
                    }
                }
            },
        )
        .await?
        .map_err(|words| {
            ImapError::Protocol(format!(
                "the server refused to tell its capabilities: {words}"
            ))
        })?;

        let folder = account.folder.clone();
        let name = folder_argument(&folder)?;
        let mut exists = None;
        let mut uid_validity = None;
        let during = format!("while opening the folder \"{folder}\"");
        command(
            &mut session,
            &format!("SELECT {name}"),
            &during,
            |response| match response {
                Response::MailboxData(MailboxDatum::Exists(n)) => exists = Some(*n),
                Response::Data {
                    outcome:
                        Outcome {
                            code: Some(ResponseCode::UidValidity(v)),
                            ..
                        },
                    ..
                } => uid_validity = Some(*v),
                _ => {}
            },
        )
        .await?
        .map_err(|words| {
            ImapError::Folder(format!(
                "the folder \"{folder}\" could not be opened: {words}"
            ))
        })?;
        let Some(uid_validity) = uid_validity else {
            return Err(ImapError::Protocol(format!(
                "the server did not tell the UIDVALIDITY of the folder \"{folder}\", so its \
                 mails cannot be told apart"
            )));
        };

        Ok(ImapConnection {
            session,
            folder,
            uid_validity,
            exists: exists.unwrap_or(0),
            can_move,
            uidplus,
        })
    }

    /// The folder's UIDVALIDITY: when it changes, every UID seen before is void.
    pub fn uid_validity(&self) -> u32 {
        self.uid_validity
    }

    /// How many mails the folder holds (from SELECT).
    pub fn exists(&self) -> u32 {
        self.exists
    }

    /// Up to `limit` mails with a UID above `last_uid`, oldest first, whole
    /// (BODY.PEEK[], so nothing is marked read).
    pub async fn fetch_after(
        &mut self,
        last_uid: u32,
        limit: usize,
    ) -> Result<Vec<FetchedMail>, ImapError> {
        let Some(first) = last_uid.checked_add(1) else {
            return Ok(Vec::new());
        };
        if limit == 0 {
            return Ok(Vec::new());
        }

        // A server shows a mail that arrived since the last command only
        // after a command that may tell of it (Dovecot: not during SEARCH).
        command(
            &mut self.session,
            "NOOP",
            "while looking for new mails",
            |_| {},
        )
        .await?
        .map_err(|words| {
            ImapError::Protocol(format!(
                "the server refused a NOOP in \"{}\": {words}",
                self.folder
            ))
        })?;

        // "n:*" always takes in the highest mail, even when its UID is below
        // n: only the UIDs above `last_uid` count.
        let mut uids = Vec::new();
        command(
            &mut self.session,
            &format!("UID SEARCH UID {first}:*"),
            "while looking for new mails",
            |response| {
                if let Response::MailboxData(MailboxDatum::Search(found)) = response {
                    uids.extend(found.iter().copied().filter(|&uid| uid > last_uid));
                }
            },
        )
        .await?
        .map_err(|words| {
            ImapError::Protocol(format!(
                "the server refused to look for new mails in \"{}\": {words}",
                self.folder
            ))
        })?;
        uids.sort_unstable();
        uids.dedup();
        uids.truncate(limit);
        if uids.is_empty() {
            return Ok(Vec::new());
        }

        let set = uids
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut raws: HashMap<u32, Vec<u8>> = HashMap::with_capacity(uids.len());
        command(
            &mut self.session,
            &format!("UID FETCH {set} (UID BODY.PEEK[])"),
            "while fetching new mails",
            |response| {
                if let Response::Fetch(_, attributes) = response {
                    let mut uid = None;
                    let mut raw = None;
                    for attribute in attributes {
                        match attribute {
                            AttributeValue::Uid(n) => uid = Some(*n),
                            AttributeValue::BodySection {
                                section: None,
                                data,
                                ..
                            } => raw = Some(data.as_deref().unwrap_or_default().to_vec()),
                            _ => {}
                        }
                    }
                    // Flag changes come as FETCH responses too, without a body.
                    if let (Some(uid), Some(raw)) = (uid, raw) {
                        raws.insert(uid, raw);
                    }
                }
            },
        )
        .await?
        .map_err(|words| {
            ImapError::Protocol(format!(
                "the server refused to hand out new mails from \"{}\": {words}",
                self.folder
            ))
        })?;

        // A mail deleted in the meantime is simply not there.
        Ok(uids
            .into_iter()
            .filter_map(|uid| raws.remove(&uid).map(|raw| FetchedMail { uid, raw }))
            .collect())
    }

    /// After a mail was stored: flags it \Seen, or moves it to `move_to`
    /// (UID MOVE when the server has MOVE, else UID COPY, \Deleted and
    /// UID EXPUNGE, or EXPUNGE without UIDPLUS).
    pub async fn mark_taken(&mut self, uid: u32, move_to: Option<&str>) -> Result<(), ImapError> {
        let Some(target) = move_to else {
            return command(
                &mut self.session,
                &format!("UID STORE {uid} +FLAGS.SILENT (\\Seen)"),
                "while marking a mail as read",
                |_| {},
            )
            .await?
            .map_err(|words| {
                ImapError::Protocol(format!(
                    "the mail with UID {uid} could not be marked as read: {words}"
                ))
            });
        };

        let name = folder_argument(target)?;
        let not_moved = |words: String| {
            ImapError::Folder(format!(
                "the mail with UID {uid} could not be moved to the folder \"{target}\": {words}"
            ))
        };
        let during = format!("while moving a mail to \"{target}\"");
        if self.can_move {
            return command(
                &mut self.session,
                &format!("UID MOVE {uid} {name}"),
                &during,
                |_| {},
            )
            .await?
            .map_err(not_moved);
        }

        command(
            &mut self.session,
            &format!("UID COPY {uid} {name}"),
            &during,
            |_| {},
        )
        .await?
        .map_err(not_moved)?;
        command(
            &mut self.session,
            &format!("UID STORE {uid} +FLAGS.SILENT (\\Deleted)"),
            &during,
            |_| {},
        )
        .await?
        .map_err(|words| {
            ImapError::Protocol(format!(
                "the mail with UID {uid} was copied to \"{target}\" but could not be deleted \
                 here: {words}"
            ))
        })?;
        let expunge = if self.uidplus {
            format!("UID EXPUNGE {uid}")
        } else {
            "EXPUNGE".to_owned()
        };
        command(&mut self.session, &expunge, &during, |_| {})
            .await?
            .map_err(|words| {
                ImapError::Protocol(format!(
                    "the mail with UID {uid} was copied to \"{target}\" but could not be \
                     removed here: {words}"
                ))
            })
    }

    /// Appends a raw mail to the open folder (tests deliver mail this way).
    pub async fn append(&mut self, raw: &[u8]) -> Result<(), ImapError> {
        let name = folder_argument(&self.folder)?;
        let during = format!("while adding a mail to \"{}\"", self.folder);
        let refused = |words: String| {
            ImapError::Protocol(format!(
                "the server refused to add a mail to \"{}\": {words}",
                self.folder
            ))
        };
        let tag = self
            .session
            .run_command(format!("APPEND {name} {{{}}}", raw.len()))
            .await
            .map_err(|e| broken(&during, &e))?;

        // The server asks for the mail's bytes, or refuses at once.
        loop {
            let answer =
                read_one(
                    &mut self.session,
                    ANSWER_TIMEOUT,
                    &during,
                    |response| match response {
                        Response::Continue(_) => Some(Ok(())),
                        Response::Done {
                            tag: done, outcome, ..
                        } if *done == tag => Some(Err(words(outcome))),
                        _ => None,
                    },
                )
                .await?;
            match answer {
                Some(Ok(())) => break,
                Some(Err(words)) => return Err(refused(words)),
                None => {}
            }
        }

        let stream = self.session.get_mut();
        let written = async {
            stream.write_all(raw).await?;
            stream.write_all(b"\r\n").await?;
            stream.flush().await
        };
        match timeout(ANSWER_TIMEOUT, written).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                return Err(ImapError::Protocol(format!(
                    "the connection broke {during}: {}",
                    io_words(&e)
                )))
            }
            Err(_) => {
                return Err(ImapError::Protocol(format!(
                    "the server did not take the mail {during} within {} seconds",
                    ANSWER_TIMEOUT.as_secs()
                )))
            }
        }

        loop {
            let answer =
                read_one(
                    &mut self.session,
                    ANSWER_TIMEOUT,
                    &during,
                    |response| match response {
                        Response::Done {
                            tag: done,
                            status,
                            outcome,
                        } if *done == tag => Some(match status {
                            Status::Ok => Ok(()),
                            _ => Err(words(outcome)),
                        }),
                        _ => None,
                    },
                )
                .await?;
            match answer {
                Some(Ok(())) => return Ok(()),
                Some(Err(words)) => return Err(refused(words)),
                None => {}
            }
        }
    }

    /// Says goodbye and closes the connection; never fails.
    pub async fn logout(mut self) {
        let goodbye = async {
            let _ = command(&mut self.session, "LOGOUT", "while logging out", |_| {}).await;
            let _ = self.session.get_mut().shutdown().await;
        };
        let _ = timeout(LOGOUT_TIMEOUT, goodbye).await;
    }

    /// Creates a folder (tests make the folder mails are moved to).
    #[cfg(feature = "testing")]
    pub(crate) async fn create_folder(&mut self, name: &str) -> Result<(), ImapError> {
        let argument = folder_argument(name)?;
        command(
            &mut self.session,
            &format!("CREATE {argument}"),
            "while creating a folder",
            |_| {},
        )
        .await?
        .map_err(|words| {
            ImapError::Folder(format!(
                "the folder \"{name}\" could not be created: {words}"
            ))
        })
    }

    /// The UIDs of the open folder's mails marked read (tests check flags).
    #[cfg(feature = "testing")]
    pub(crate) async fn seen_uids(&mut self) -> Result<Vec<u32>, ImapError> {
        let mut uids = Vec::new();
        command(
            &mut self.session,
            "UID SEARCH SEEN",
            "while looking for read mails",
            |response| {
                if let Response::MailboxData(MailboxDatum::Search(found)) = response {
                    uids.extend_from_slice(found);
                }
            },
        )
        .await?
        .map_err(|words| {
            ImapError::Protocol(format!(
                "the server refused to look for read mails: {words}"
            ))
        })?;
        uids.sort_unstable();
        Ok(uids)
    }
}

/// Opens and closes a connection: `Ok("Connected: \"INBOX\" holds 3 mails")`
/// or the step that failed.
pub async fn test_connection(account: &ImapAccount) -> Result<String, ImapError> {
    let connection = ImapConnection::open(account).await?;
    let exists = connection.exists();
    let mails = if exists == 1 { "mail" } else { "mails" };
    let message = format!("Connected: \"{}\" holds {exists} {mails}", account.folder);
    connection.logout().await;
    Ok(message)
}

// ---------------------------------------------------------------------------
// Connecting
// ---------------------------------------------------------------------------

/// Looks the host up and connects to the first address that answers.
async fn connect(host: &str, port: u16) -> Result<TcpStream, ImapError> {
    let seconds = CONNECT_TIMEOUT.as_secs();
    let addresses: Vec<_> =
        match timeout(CONNECT_TIMEOUT, tokio::net::lookup_host((host, port))).await {
            Ok(Ok(addresses)) => addresses.collect(),
            Ok(Err(e)) => {
                let reason = e.to_string();
                let reason = reason
                    .strip_prefix("failed to lookup address information: ")
                    .unwrap_or(&reason);
                return Err(ImapError::Dns(format!(
                    "the host name {host} could not be resolved: {reason}"
                )));
            }
            Err(_) => {
                return Err(ImapError::Dns(format!(
                "the host name {host} could not be resolved: no answer within {seconds} seconds"
            )))
            }
        };
    if addresses.is_empty() {
        return Err(ImapError::Dns(format!(
            "the host name {host} could not be resolved: it has no address"
        )));
    }

    let mut reason = String::new();
    for address in addresses {
        match timeout(CONNECT_TIMEOUT, TcpStream::connect(address)).await {
            Ok(Ok(tcp)) => {
                // Commands are short lines; send each at once.
                let _ = tcp.set_nodelay(true);
                return Ok(tcp);
            }
            Ok(Err(e)) => reason = io_words(&e),
            Err(_) => reason = format!("no answer within {seconds} seconds"),
        }
    }
    Err(ImapError::Connect(format!(
        "could not connect to {host}:{port}: {reason}"
    )))
}

/// TLS over `tcp`, the server's certificate checked against the Mozilla
/// roots for `host`.
async fn handshake(
    tcp: TcpStream,
    host: &str,
    port: u16,
) -> Result<TlsStream<TcpStream>, ImapError> {
    let failed =
        |reason: String| ImapError::Tls(format!("the TLS handshake with {host} failed: {reason}"));
    let name = ServerName::try_from(host.to_owned()).map_err(|_| {
        failed(format!(
            "\"{host}\" is not a host name a certificate can name"
        ))
    })?;
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| failed(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
    let connector = TlsConnector::from(Arc::new(config));
    match timeout(HANDSHAKE_TIMEOUT, connector.connect(name, tcp)).await {
        Ok(Ok(tls)) => Ok(tls),
        Ok(Err(e)) => {
            let mut reason = match e.kind() {
                io::ErrorKind::UnexpectedEof => "the server closed the connection".to_owned(),
                _ => e.to_string(),
            };
            if reason.contains("corrupt message") || reason.contains("InvalidContentType") {
                reason.push_str(&format!(
                    " (the server does not speak TLS on port {port}: is it the port for \
                     STARTTLS, usually 143?)"
                ));
            }
            Err(failed(reason))
        }
        Err(_) => Err(failed(format!(
            "no answer within {} seconds",
            HANDSHAKE_TIMEOUT.as_secs()
        ))),
    }
}

/// Reads the server's first words: it must greet as an IMAP server.
async fn greeting(client: &mut Client<Transport>, host: &str, port: u16) -> Result<(), ImapError> {
    let first = timeout(HANDSHAKE_TIMEOUT, client.read_response()).await;
    let response = match first {
        Ok(Ok(Some(response))) => response,
        Ok(Ok(None)) => {
            return Err(ImapError::Protocol(format!(
                "the server at {host}:{port} closed the connection without a greeting"
            )))
        }
        Ok(Err(e)) if e.kind() == io::ErrorKind::Other => {
            return Err(ImapError::Protocol(format!(
                "the server at {host}:{port} does not answer as an IMAP server ({})",
                io_words(&e)
            )))
        }
        Ok(Err(e)) => {
            return Err(ImapError::Protocol(format!(
                "the connection to {host}:{port} broke before the greeting: {}",
                io_words(&e)
            )))
        }
        Err(_) => {
            return Err(ImapError::Protocol(format!(
                "the server at {host}:{port} sent no IMAP greeting within {} seconds (does it \
                 expect TLS from the start, usually on port 993?)",
                HANDSHAKE_TIMEOUT.as_secs()
            )))
        }
    };
    match response.parsed() {
        Response::Data {
            status: Status::Ok | Status::PreAuth,
            ..
        } => Ok(()),
        Response::Data {
            status: Status::Bye,
            outcome,
        } => Err(ImapError::Connect(format!(
            "the server at {host}:{port} turned the connection away: {}",
            words(outcome)
        ))),
        _ => Err(ImapError::Protocol(format!(
            "the server at {host}:{port} did not greet as an IMAP server"
        ))),
    }
}

// ---------------------------------------------------------------------------
// Commands and answers
// ---------------------------------------------------------------------------

/// Sends `command` and reads its answer to the end, handing every untagged
/// response to `each`. `Ok(Err(words))` when the server said NO or BAD.
async fn command(
    session: &mut Session<Transport>,
    command: &str,
    during: &str,
    mut each: impl FnMut(&Response<'_>),
) -> Result<Result<(), String>, ImapError> {
    let tag = session
        .run_command(command)
        .await
        .map_err(|e| broken(during, &e))?;
    let mut bye = None;
    loop {
        let done = read_one(session, ANSWER_TIMEOUT, during, |response| match response {
            Response::Done {
                tag: done,
                status,
                outcome,
            } if *done == tag => Some(match status {
                Status::Ok => Ok(()),
                _ => Err(words(outcome)),
            }),
            Response::Data {
                status: Status::Bye,
                outcome,
            } => {
                bye = Some(words(outcome));
                None
            }
            other => {
                each(other);
                None
            }
        })
        .await;
        match done {
            Ok(Some(answer)) => return Ok(answer),
            Ok(None) => {}
            // The server said why before it hung up (LOGOUT's BYE is no news).
            Err(ImapError::Protocol(lost)) if command != "LOGOUT" => {
                return Err(ImapError::Protocol(match bye.take() {
                    Some(words) => format!("{lost} (the server said: {words})"),
                    None => lost,
                }))
            }
            Err(e) => return Err(e),
        }
    }
}

/// Waits for the next response and hands it to `f`.
async fn read_one<R>(
    connection: &mut Connection<Transport>,
    wait: Duration,
    during: &str,
    f: impl FnOnce(&Response<'_>) -> R,
) -> Result<R, ImapError> {
    match timeout(wait, connection.read_response()).await {
        Ok(Ok(Some(response))) => Ok(f(response.parsed())),
        Ok(Ok(None)) => Err(ImapError::Protocol(format!(
            "the server closed the connection {during}"
        ))),
        Ok(Err(e)) => Err(ImapError::Protocol(format!(
            "the connection broke {during}: {}",
            io_words(&e)
        ))),
        Err(_) => Err(ImapError::Protocol(format!(
            "the server did not answer {during} within {} seconds",
            wait.as_secs()
        ))),
    }
}

fn broken(during: &str, e: &async_imap::error::Error) -> ImapError {
    ImapError::Protocol(format!(
        "the connection broke {during}: {}",
        library_words(e)
    ))
}

/// The server's own words in a tagged or untagged answer.
fn words(outcome: &Outcome<'_>) -> String {
    tidy(outcome.information.as_deref().unwrap_or_default())
}

/// The server's words without a response code the parser left in
/// ("[AUTHENTICATIONFAILED] ") nor Dovecot's timing (" (0.001 + 0.000 secs).").
fn tidy(text: &str) -> String {
    let mut text = text.trim();
    if text.starts_with('[') {
        if let Some(end) = text.find("] ") {
            text = text[end + 2..].trim_start();
        }
    }
    if let Some(start) = text.rfind(" (") {
        if text[start..].trim_end_matches('.').ends_with(" secs)") {
            text = text[..start].trim_end();
        }
    }
    if text.is_empty() {
        "no reason given".to_owned()
    } else {
        text.to_owned()
    }
}

/// The server's words in an error of async-imap, which it keeps as
/// `code: …, info: Some("…")`.
fn library_words(e: &async_imap::error::Error) -> String {
    use async_imap::error::Error;
    match e {
        Error::No(text) | Error::Bad(text) => {
            let quoted = ["info: Some(\"", "information: Some(\""]
                .iter()
                .find_map(|marker| text.find(marker).map(|at| &text[at + marker.len()..]))
                .and_then(|rest| rest.rfind("\")").map(|end| &rest[..end]));
            match quoted {
                Some(quoted) => tidy(
                    &quoted
                        .replace("\\\"", "\"")
                        .replace("\\'", "'")
                        .replace("\\\\", "\\"),
                ),
                None => tidy(text),
            }
        }
        Error::Io(e) => io_words(e),
        Error::ConnectionLost => "the server closed the connection".to_owned(),
        other => other.to_string(),
    }
}

/// An I/O error in plain words: "connection refused", not
/// "Connection refused (os error 111)".
fn io_words(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
        io::ErrorKind::ConnectionReset => "the server reset the connection".to_owned(),
        io::ErrorKind::UnexpectedEof => "the server closed the connection".to_owned(),
        io::ErrorKind::TimedOut => "the connection timed out".to_owned(),
        _ => {
            let text = e.to_string();
            let text = match text.find(" (os error ") {
                Some(at) => &text[..at],
                None => &text,
            };
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "unknown error".to_owned(),
            }
        }
    }
}

/// A folder name as a command's argument: quoted, in IMAP's modified UTF-7.
fn folder_argument(name: &str) -> Result<String, ImapError> {
    if name.is_empty() {
        return Err(ImapError::Folder("no folder name is set".to_owned()));
    }
    if name.chars().any(|c| c.is_control()) {
        return Err(ImapError::Folder(format!(
            "the folder name {name:?} holds a control character"
        )));
    }
    let encoded = modified_utf7(name);
    Ok(format!(
        "\"{}\"",
        encoded.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

/// RFC 3501's modified UTF-7 for mailbox names: printable ASCII as it is
/// ("&" as "&-"), anything else as "&" + base64 of UTF-16 ("," for "/") + "-".
fn modified_utf7(name: &str) -> String {
    fn flush(out: &mut String, pending: &mut Vec<u16>) {
        if pending.is_empty() {
            return;
        }
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
        let bytes: Vec<u8> = pending.iter().flat_map(|unit| unit.to_be_bytes()).collect();
        out.push('&');
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                chunk.get(1).copied().unwrap_or(0),
                chunk.get(2).copied().unwrap_or(0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            let sextets = chunk.len() + 1;
            for i in 0..sextets {
                let index = (n >> (18 - 6 * i)) & 0x3f;
                out.push(char::from(ALPHABET[index as usize]));
            }
        }
        out.push('-');
        pending.clear();
    }

    let mut out = String::with_capacity(name.len());
    let mut pending = Vec::new();
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut out, &mut pending);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut units = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush(&mut out, &mut pending);
    out
}

// ---------------------------------------------------------------------------
// The byte stream under the IMAP client: plain TCP or TLS
// ---------------------------------------------------------------------------

#[derive(Debug)]
enum Transport {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Transport {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            Transport::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Transport {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Transport::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            Transport::Tls(tls) => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            Transport::Tls(tls) => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Transport::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            Transport::Tls(tls) => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_quoted_in_modified_utf7() {
        assert_eq!(modified_utf7("INBOX"), "INBOX");
        assert_eq!(modified_utf7("Entwürfe"), "Entw&APw-rfe");
        assert_eq!(modified_utf7("R&D"), "R&-D");
        assert_eq!(
            modified_utf7("~peter/mail/台北/日本語"),
            "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
        );
        assert_eq!(folder_argument("say \"hi\"").unwrap(), "\"say \\\"hi\\\"\"");
        assert!(matches!(
            folder_argument("a\r\nb"),
            Err(ImapError::Folder(_))
        ));
    }

    #[test]
    fn the_servers_words_are_kept_without_codes_or_timings() {
        assert_eq!(
            tidy("[AUTHENTICATIONFAILED] Authentication failed."),
            "Authentication failed."
        );
        assert_eq!(
            tidy("Mailbox doesn't exist: Nope (0.001 + 0.000 secs)."),
            "Mailbox doesn't exist: Nope"
        );
        assert_eq!(tidy(""), "no reason given");
        let e = async_imap::error::Error::No(
            "code: Some(Alert), info: Some(\"Say \\\"please\\\" (0.001 + 0.000 secs).\")"
                .to_owned(),
        );
        assert_eq!(library_words(&e), "Say \"please\"");
    }

    #[test]
    fn the_password_is_not_shown() {
        let account = ImapAccount {
            host: "imap.example.com".into(),
            port: 993,
            security: ImapSecurity::Tls,
            user: "support@example.com".into(),
            password: "hunter2".into(),
            folder: "INBOX".into(),
        };
        let shown = format!("{account:?}");
        assert!(shown.contains("support@example.com"));
        assert!(!shown.contains("hunter2"));
        assert_eq!(
            serde_json::to_string(&ImapSecurity::Starttls).unwrap(),
            "\"starttls\""
        );
    }
}
