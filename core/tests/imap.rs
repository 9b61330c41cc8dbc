//! Taking mail over IMAP, against a real Dovecot each test starts for
//! itself (`scripts/imap-test-server`): mails come oldest first and byte for
//! byte, are not marked read by reading, are flagged or moved once taken,
//! and every failing step is named.

use switchboard_core::email::imap::{
    test_connection, FetchedMail, ImapConnection, ImapError, ImapSecurity,
};
use switchboard_core::testing::Dovecot;

fn mail(n: u32) -> Vec<u8> {
    format!(
        "From: Customer {n} <customer{n}@example.net>\r\n\
         To: support@example.test\r\n\
         Subject: Question {n}\r\n\
         Message-ID: <question-{n}@example.net>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         Hello, question number {n}: où est ma commande ?\r\n\
         -- \r\n\
         Customer {n}\r\n"
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn opens_the_folder_and_tells_its_state() {
    let dovecot = Dovecot::start().await;
    let connection = ImapConnection::open(&dovecot.account("INBOX"))
        .await
        .unwrap();
    assert_eq!(connection.exists(), 0);
    let validity = connection.uid_validity();
    assert_ne!(validity, 0);
    connection.logout().await;

    dovecot.deliver(&mail(1)).await;
    let again = ImapConnection::open(&dovecot.account("INBOX"))
        .await
        .unwrap();
    assert_eq!(again.exists(), 1);
    assert_eq!(again.uid_validity(), validity);
    again.logout().await;

    assert_eq!(
        test_connection(&dovecot.account("INBOX")).await.unwrap(),
        "Connected: \"INBOX\" holds 1 mail"
    );
    dovecot.deliver(&mail(2)).await;
    assert_eq!(
        test_connection(&dovecot.account("INBOX")).await.unwrap(),
        "Connected: \"INBOX\" holds 2 mails"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fetches_new_mails_oldest_first_and_byte_for_byte() {
    let dovecot = Dovecot::start().await;
    for n in 1..=3 {
        dovecot.deliver(&mail(n)).await;
    }
    let mut connection = ImapConnection::open(&dovecot.account("INBOX"))
        .await
        .unwrap();
    assert_eq!(connection.exists(), 3);

    let mails = connection.fetch_after(0, 10).await.unwrap();
    assert_eq!(mails.len(), 3);
    assert!(mails.windows(2).all(|pair| pair[0].uid < pair[1].uid));
    for (mail_got, n) in mails.iter().zip(1..) {
        assert_eq!(mail_got.raw, mail(n), "mail {n} is intact");
    }

    // "UID n:*" would hand out the last mail again: it must not.
    let last = mails[2].uid;
    assert_eq!(
        connection.fetch_after(last, 10).await.unwrap(),
        Vec::<FetchedMail>::new()
    );
    assert_eq!(
        connection.fetch_after(last + 100, 10).await.unwrap(),
        Vec::<FetchedMail>::new()
    );
    assert_eq!(
        connection.fetch_after(u32::MAX, 10).await.unwrap(),
        Vec::<FetchedMail>::new()
    );

    // A limit takes the oldest; the rest come next time.
    let first_two = connection.fetch_after(0, 2).await.unwrap();
    assert_eq!(
        first_two.iter().map(|m| m.uid).collect::<Vec<_>>(),
        [mails[0].uid, mails[1].uid]
    );
    let rest = connection.fetch_after(first_two[1].uid, 2).await.unwrap();
    assert_eq!(rest, mails[2..]);
    assert_eq!(
        connection.fetch_after(0, 0).await.unwrap(),
        Vec::<FetchedMail>::new()
    );

    // A mail arriving while connected is found by the same connection.
    dovecot.deliver(&mail(4)).await;
    let newer = connection.fetch_after(last, 10).await.unwrap();
    assert_eq!(newer.len(), 1);
    assert_eq!(newer[0].raw, mail(4));
    connection.logout().await;

    // Reading marked nothing as read.
    assert_eq!(dovecot.seen("INBOX").await, Vec::<u32>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mail_taken_is_flagged_read_or_moved() {
    let dovecot = Dovecot::start().await;
    for n in 1..=3 {
        dovecot.deliver(&mail(n)).await;
    }
    dovecot.create_folder("Done").await;
    let mut connection = ImapConnection::open(&dovecot.account("INBOX"))
        .await
        .unwrap();
    let mails = connection.fetch_after(0, 10).await.unwrap();

    connection.mark_taken(mails[0].uid, None).await.unwrap();
    assert_eq!(
        dovecot.seen("INBOX").await,
        [mails[0].uid],
        "a second connection sees the flag"
    );

    connection
        .mark_taken(mails[1].uid, Some("Done"))
        .await
        .unwrap();
    let left: Vec<u32> = connection
        .fetch_after(0, 10)
        .await
        .unwrap()
        .iter()
        .map(|m| m.uid)
        .collect();
    assert_eq!(left, [mails[0].uid, mails[2].uid]);

    let mut done = ImapConnection::open(&dovecot.account("Done"))
        .await
        .unwrap();
    assert_eq!(done.exists(), 1);
    let moved = done.fetch_after(0, 10).await.unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].raw, mail(2));
    done.logout().await;

    // Moving to a folder that is not there says so, and keeps the mail.
    let error = connection
        .mark_taken(mails[2].uid, Some("Nowhere"))
        .await
        .unwrap_err();
    assert!(matches!(error, ImapError::Folder(_)), "{error:?}");
    assert!(error.to_string().contains("\"Nowhere\""), "{error}");
    assert_eq!(
        connection
            .fetch_after(mails[1].uid, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    connection.logout().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn servers_without_move_get_copy_and_expunge() {
    // Without MOVE but with UIDPLUS (UID EXPUNGE), then without either.
    for capabilities in ["IMAP4rev1 LITERAL+ UIDPLUS", "IMAP4rev1 LITERAL+"] {
        let dovecot = Dovecot::start_with(&format!("imap_capability = {capabilities}")).await;
        for n in 1..=2 {
            dovecot.deliver(&mail(n)).await;
        }
        dovecot.create_folder("Done").await;
        let mut connection = ImapConnection::open(&dovecot.account("INBOX"))
            .await
            .unwrap();
        let mails = connection.fetch_after(0, 10).await.unwrap();
        connection
            .mark_taken(mails[0].uid, Some("Done"))
            .await
            .unwrap();
        let left: Vec<u32> = connection
            .fetch_after(0, 10)
            .await
            .unwrap()
            .iter()
            .map(|m| m.uid)
            .collect();
        assert_eq!(left, [mails[1].uid], "{capabilities}");
        connection.logout().await;

        let mut done = ImapConnection::open(&dovecot.account("Done"))
            .await
            .unwrap();
        let moved = done.fetch_after(0, 10).await.unwrap();
        assert_eq!(moved.len(), 1, "{capabilities}");
        assert_eq!(moved[0].raw, mail(1));
        done.logout().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn each_failing_step_is_named() {
    let dovecot = Dovecot::start().await;

    let wrong_password = ImapConnection::open(&{
        let mut account = dovecot.account("INBOX");
        account.password = "not the password".into();
        account
    })
    .await
    .unwrap_err();
    assert!(
        matches!(wrong_password, ImapError::Login(_)),
        "{wrong_password:?}"
    );
    assert!(
        wrong_password
            .to_string()
            .starts_with("the server refused the login of support@example.test: "),
        "{wrong_password}"
    );

    let missing_folder = ImapConnection::open(&dovecot.account("Archive/2019"))
        .await
        .unwrap_err();
    assert!(
        matches!(missing_folder, ImapError::Folder(_)),
        "{missing_folder:?}"
    );
    assert!(
        missing_folder
            .to_string()
            .starts_with("the folder \"Archive/2019\" could not be opened: "),
        "{missing_folder}"
    );
    assert!(matches!(
        test_connection(&dovecot.account("Archive/2019")).await,
        Err(ImapError::Folder(_))
    ));

    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = ImapConnection::open(&{
        let mut account = dovecot.account("INBOX");
        account.port = closed_port;
        account
    })
    .await
    .unwrap_err();
    assert!(matches!(refused, ImapError::Connect(_)), "{refused:?}");
    assert_eq!(
        refused.to_string(),
        format!("could not connect to 127.0.0.1:{closed_port}: connection refused")
    );

    let unknown_host = ImapConnection::open(&{
        let mut account = dovecot.account("INBOX");
        account.host = "no-such-host.invalid".into();
        account
    })
    .await
    .unwrap_err();
    assert!(
        matches!(unknown_host, ImapError::Dns(_)),
        "{unknown_host:?}"
    );
    assert!(
        unknown_host
            .to_string()
            .starts_with("the host name no-such-host.invalid could not be resolved: "),
        "{unknown_host}"
    );

    let tls_on_a_plain_port = ImapConnection::open(&{
        let mut account = dovecot.account("INBOX");
        account.security = ImapSecurity::Tls;
        account
    })
    .await
    .unwrap_err();
    assert!(
        matches!(tls_on_a_plain_port, ImapError::Tls(_)),
        "{tls_on_a_plain_port:?}"
    );
    assert!(
        tls_on_a_plain_port
            .to_string()
            .starts_with("the TLS handshake with 127.0.0.1 failed: "),
        "{tls_on_a_plain_port}"
    );

    // This Dovecot has no TLS at all: STARTTLS is refused, by name.
    let no_starttls = ImapConnection::open(&{
        let mut account = dovecot.account("INBOX");
        account.security = ImapSecurity::Starttls;
        account
    })
    .await
    .unwrap_err();
    assert!(matches!(no_starttls, ImapError::Tls(_)), "{no_starttls:?}");

    // The right settings still work after all that.
    ImapConnection::open(&dovecot.account("INBOX"))
        .await
        .unwrap()
        .logout()
        .await;
}

#[test]
fn connections_can_move_between_tasks() {
    fn send<T: Send>(_: &T) {}
    let account = switchboard_core::email::imap::ImapAccount {
        host: "127.0.0.1".into(),
        port: 1,
        security: ImapSecurity::None,
        user: "u".into(),
        password: "p".into(),
        folder: "INBOX".into(),
    };
    send(&ImapConnection::open(&account));
    send(&test_connection(&account));
    fn fetch(connection: &mut ImapConnection) {
        send(&connection.fetch_after(0, 1));
        send(&connection.mark_taken(1, Some("Done")));
        send(&connection.append(b""));
    }
    let _ = fetch;
}
