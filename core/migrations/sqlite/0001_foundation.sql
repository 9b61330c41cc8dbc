-- Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE agents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    password_hash TEXT NOT NULL,
    availability  TEXT NOT NULL DEFAULT 'online' CHECK (availability IN ('online', 'away', 'offline')),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id   BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_agent ON sessions (agent_id);

CREATE TABLE queues (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE queue_members (
    queue_id BIGINT NOT NULL REFERENCES queues (id) ON DELETE CASCADE,
    agent_id BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (queue_id, agent_id)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    email      TEXT,
    identifier TEXT UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE contact_tokens (
    token_hash TEXT PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);

CREATE TABLE conversations (
    number          INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id      BIGINT NOT NULL REFERENCES contacts (id),
    queue_id        BIGINT REFERENCES queues (id),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'working_on', 'snoozed', 'resolved')),
    assignee_id     BIGINT REFERENCES agents (id),
    resolved_by_id  BIGINT REFERENCES agents (id),
    previous_number BIGINT REFERENCES conversations (number),
    snoozed_until   BIGINT,
    last_seq        BIGINT NOT NULL DEFAULT 0,
    last_message    TEXT,
    last_message_at BIGINT NOT NULL,
    deleted_at      BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CHECK (status <> 'working_on' OR assignee_id IS NOT NULL),
    CHECK (status <> 'pending' OR assignee_id IS NULL)
);
-- At most one unresolved conversation per customer, guaranteed here.
CREATE UNIQUE INDEX one_open_conversation_per_contact
    ON conversations (contact_id) WHERE status <> 'resolved' AND deleted_at IS NULL;
CREATE INDEX conversations_by_recency ON conversations (last_message_at DESC, number DESC);

CREATE TABLE messages (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_number BIGINT NOT NULL REFERENCES conversations (number),
    seq                 BIGINT NOT NULL,
    client_id           TEXT NOT NULL UNIQUE,
    author_kind         TEXT NOT NULL CHECK (author_kind IN ('contact', 'agent', 'system')),
    author_agent_id     BIGINT REFERENCES agents (id),
    author_contact_id   BIGINT REFERENCES contacts (id),
    body                TEXT NOT NULL,
    private             BOOLEAN NOT NULL DEFAULT FALSE,
    signed              BOOLEAN NOT NULL DEFAULT TRUE,
    status              TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
    error               TEXT,
    created_at          BIGINT NOT NULL,
    delivered_at        BIGINT,
    read_at             BIGINT,
    failed_at           BIGINT,
    UNIQUE (conversation_number, seq)
);

CREATE TABLE conversation_events (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_number BIGINT NOT NULL REFERENCES conversations (number),
    seq                 BIGINT NOT NULL,
    event_type          TEXT NOT NULL,
    actor_kind          TEXT NOT NULL CHECK (actor_kind IN ('agent', 'contact', 'automation', 'system')),
    actor_agent_id      BIGINT REFERENCES agents (id),
    data                TEXT NOT NULL DEFAULT '{}',
    created_at          BIGINT NOT NULL,
    UNIQUE (conversation_number, seq)
);

CREATE TABLE read_pointers (
    agent_id            BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    conversation_number BIGINT NOT NULL REFERENCES conversations (number),
    last_read_seq       BIGINT NOT NULL,
    PRIMARY KEY (agent_id, conversation_number)
);

-- The live stream, kept so reconnecting clients can catch up.
CREATE TABLE live_events (
    event_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    for_agents  BOOLEAN NOT NULL,
    agent_id    BIGINT REFERENCES agents (id),
    contact_id  BIGINT REFERENCES contacts (id),
    payload     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
