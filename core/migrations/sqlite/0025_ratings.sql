-- Customers' ratings of resolved conversations (customer satisfaction): one
-- per conversation, counted for the agent who resolved it and its queue at
-- the time. `conversations.rating` repeats the score for lists and headers.
CREATE TABLE ratings (
    conversation_number BIGINT PRIMARY KEY REFERENCES conversations (number),
    contact_id          BIGINT NOT NULL REFERENCES contacts (id),
    agent_id            BIGINT REFERENCES agents (id),
    queue_id            BIGINT REFERENCES queues (id),
    score               INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment             TEXT,
    rated_at            BIGINT NOT NULL,
    changed_at          BIGINT NOT NULL
);
CREATE INDEX ratings_by_time ON ratings (rated_at);
CREATE INDEX ratings_by_agent ON ratings (agent_id, rated_at);
ALTER TABLE conversations ADD COLUMN rating INTEGER;
-- Resolves in a period, for the ratings' response rate.
CREATE INDEX conversation_events_by_type ON conversation_events (event_type, created_at);
-- The mail that asks an e-mail ticket's customer to rate it, queued when
-- it is resolved (sent a little later, so an undone resolve sends none).
CREATE TABLE rating_mails (
    conversation_number BIGINT PRIMARY KEY REFERENCES conversations (number),
    due_at              BIGINT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rating_mails_by_due ON rating_mails (due_at);
-- New conversations in a period (the busiest hours).
CREATE INDEX conversations_by_creation ON conversations (created_at);
