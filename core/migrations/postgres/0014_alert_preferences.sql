-- Which alerts each agent wants (a missing row: all of them).
CREATE TABLE alert_preferences (
    agent_id         BIGINT PRIMARY KEY REFERENCES agents(id) ON DELETE CASCADE,
    new_chat         BOOLEAN NOT NULL,
    my_conversations BOOLEAN NOT NULL,
    mentions         BOOLEAN NOT NULL,
    updated_at       BIGINT NOT NULL
);
