-- The reports' summary of the history, written in the same transaction as
-- the change it summarises (and rebuilt from the messages and events when
-- missing): each conversation's first response, and each resolve with the
-- interval it ends. `business_ms` is the same time counted within the
-- queue's working hours then (all of it for a queue without them).
CREATE TABLE report_first_responses (
    conversation_number BIGINT PRIMARY KEY REFERENCES conversations (number),
    queue_id            BIGINT,
    agent_id            BIGINT,
    asked_at            BIGINT NOT NULL,
    answered_at         BIGINT NOT NULL,
    business_ms         BIGINT NOT NULL
);
-- The reports read a period's rows from these indexes alone.
CREATE INDEX report_first_responses_by_time ON report_first_responses (answered_at)
    INCLUDE (asked_at, business_ms, agent_id, queue_id, conversation_number);
CREATE TABLE report_resolutions (
    id                  BIGSERIAL PRIMARY KEY,
    conversation_number BIGINT NOT NULL REFERENCES conversations (number),
    queue_id            BIGINT,
    agent_id            BIGINT,
    started_at          BIGINT NOT NULL,
    resolved_at         BIGINT NOT NULL,
    business_ms         BIGINT NOT NULL
);
CREATE INDEX report_resolutions_by_time ON report_resolutions (resolved_at)
    INCLUDE (started_at, business_ms, agent_id, queue_id, conversation_number);
CREATE INDEX report_resolutions_by_conversation ON report_resolutions (conversation_number, resolved_at);
-- Set once the summary holds the whole history (a database from before
-- the summary is rebuilt once, at start).
INSERT INTO settings (key, value) VALUES ('report_facts_built', 'false');
-- The few deleted or merged conversations, whose figures the reports leave
-- out.
CREATE INDEX conversations_removed ON conversations (number)
    WHERE deleted_at IS NOT NULL OR merged_into IS NOT NULL;
