-- Administration of the team: invitations and password resets by link,
-- API tokens, each agent's capacity, and the audit of admin changes.

-- A single-use link: an invitation to join (kind 'invite', with the role
-- and name it gives) or a password reset for an agent (kind 'reset').
CREATE TABLE agent_links (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
    token_hash  TEXT NOT NULL UNIQUE,
    email       TEXT NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    agent_id    BIGINT REFERENCES agents (id) ON DELETE CASCADE,
    created_by  BIGINT REFERENCES agents (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);

-- Tokens for integrations (Authorization: Bearer), stored as digests.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id     BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_by_agent ON api_tokens (agent_id);

-- How many open conversations an agent takes from automatic assignment.
ALTER TABLE agents ADD COLUMN capacity INTEGER NOT NULL DEFAULT 5;

-- Every change an admin makes: who, what, to what, when.
CREATE TABLE admin_audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id   BIGINT REFERENCES agents (id) ON DELETE SET NULL,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE INDEX admin_audit_by_time ON admin_audit (created_at DESC, id DESC);

-- Automatic assignment per queue: off, round_robin or least_busy; whether
-- an agent going offline hands their conversations back; and who got the
-- queue's last one (round robin goes on from there).
ALTER TABLE queues ADD COLUMN assignment_policy TEXT NOT NULL DEFAULT 'off' CHECK (assignment_policy IN ('off', 'round_robin', 'least_busy'));
ALTER TABLE queues ADD COLUMN reassign_on_offline BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE queues ADD COLUMN last_assigned_agent_id BIGINT REFERENCES agents (id) ON DELETE SET NULL;
CREATE INDEX conversations_waiting ON conversations (queue_id, number) WHERE status = 'pending' AND deleted_at IS NULL;

-- Outgoing webhooks: signed JSON of conversation and message events.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    url        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);

-- One event for one webhook: waiting (due at next_attempt_at, or claimed
-- by a node until then), delivered, or failed for good.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id      BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        BIGINT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    duration_ms     BIGINT,
    created_at      BIGINT NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'waiting';
