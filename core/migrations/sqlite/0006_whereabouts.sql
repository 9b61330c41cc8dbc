-- Where each agent was in the inbox (view, tab, conversation, channel), so
-- that a new login, in any browser, opens there again.
CREATE TABLE agent_whereabouts (
    agent_id   BIGINT PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
    data       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
