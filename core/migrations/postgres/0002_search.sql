-- Full-text search over message bodies.
CREATE INDEX message_search ON messages USING GIN (to_tsvector('simple', body));

CREATE INDEX conversations_snoozed ON conversations (snoozed_until) WHERE status = 'snoozed';
