-- Staff chat: channels (public, private) and private messages between
-- agents ('direct'), their members with read pointers, and the messages.

CREATE TABLE channels (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL CHECK (kind IN ('public', 'private', 'direct')),
    -- Empty for direct messages, which are named by their members.
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    -- Direct messages: the members' ids in order, so that the same people
    -- always find the same conversation.
    direct_key      TEXT UNIQUE,
    created_by      BIGINT NOT NULL REFERENCES agents (id),
    last_seq        BIGINT NOT NULL DEFAULT 0,
    last_message_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
);
CREATE UNIQUE INDEX channels_by_name ON channels (name) WHERE kind <> 'direct';

CREATE TABLE channel_members (
    channel_id    BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    agent_id      BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    last_read_seq BIGINT NOT NULL DEFAULT 0,
    joined_at     BIGINT NOT NULL,
    PRIMARY KEY (channel_id, agent_id)
);
CREATE INDEX channel_members_by_agent ON channel_members (agent_id);

CREATE TABLE channel_messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id  BIGINT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    client_id   TEXT NOT NULL UNIQUE,
    author_id   BIGINT NOT NULL REFERENCES agents (id),
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    edited_at   BIGINT,
    deleted_at  BIGINT,
    UNIQUE (channel_id, seq)
);

-- What an edit or a deletion replaced: nothing said is silently lost.
CREATE TABLE channel_message_versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id  BIGINT NOT NULL REFERENCES channel_messages (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    replaced_at BIGINT NOT NULL
);
CREATE INDEX channel_message_versions_by_message ON channel_message_versions (message_id);
