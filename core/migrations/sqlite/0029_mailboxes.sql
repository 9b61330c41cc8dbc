-- The e-mail channel: support addresses (mailboxes) whose mail becomes
-- conversations, taken from an IMAP folder or posted by a mail server.

CREATE TABLE mailboxes (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The support address (lower case) and the name mail is sent as.
    address        TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    -- Where its new conversations wait.
    queue_id       BIGINT REFERENCES queues (id) ON DELETE SET NULL,
    -- How mail arrives: 'imap' (taken from a folder) or 'forward'
    -- (posted to the inbound e-mail route with forward_secret).
    inbound        TEXT NOT NULL CHECK (inbound IN ('imap', 'forward')),
    imap_host      TEXT,
    imap_port      INTEGER,
    imap_security  TEXT CHECK (imap_security IN ('tls', 'starttls', 'none')),
    imap_user      TEXT,
    imap_password  TEXT,
    imap_folder    TEXT NOT NULL DEFAULT 'INBOX',
    -- Where a mail taken goes; NULL: it stays, flagged as read.
    imap_move_to   TEXT,
    -- How mail leaves: its own SMTP server, or NULL for the server's.
    smtp_url       TEXT,
    -- Put under every reply from it; NULL: the widget's signature.
    signature      TEXT,
    -- Whether a new conversation's customer is told it arrived.
    acknowledge    BOOLEAN NOT NULL DEFAULT FALSE,
    forward_secret TEXT NOT NULL,
    -- Where taking mail stands: the folder's UIDVALIDITY and the last
    -- UID taken, the node polling it until poll_until, how it last went.
    uid_validity   BIGINT,
    last_uid       BIGINT NOT NULL DEFAULT 0,
    poll_until     BIGINT NOT NULL DEFAULT 0,
    polled_at      BIGINT,
    poll_error     TEXT,
    created_at     BIGINT NOT NULL
);

-- An e-mail conversation (a mail is stored once: its message's client_id
-- comes from its Message-ID): its mailbox, its subject, the people copied
-- (answered with reply-all), and the Message-IDs of its thread (the
-- References of a reply; the last is the latest customer mail).
ALTER TABLE conversations ADD COLUMN mailbox_id BIGINT REFERENCES mailboxes (id) ON DELETE SET NULL;
ALTER TABLE conversations ADD COLUMN subject TEXT;
ALTER TABLE conversations ADD COLUMN email_cc TEXT;
ALTER TABLE conversations ADD COLUMN email_thread TEXT;

-- An inbound mail's HTML (sanitised)
-- and the quoted text cut from it, folded in the pane.
ALTER TABLE messages ADD COLUMN html TEXT;
ALTER TABLE messages ADD COLUMN quoted TEXT;

-- "We got your message": queued when a mail opens a conversation in a
-- mailbox that acknowledges.
CREATE TABLE acknowledgement_mails (
    conversation_number BIGINT PRIMARY KEY REFERENCES conversations (number),
    due_at              BIGINT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX acknowledgement_mails_by_due ON acknowledgement_mails (due_at);
