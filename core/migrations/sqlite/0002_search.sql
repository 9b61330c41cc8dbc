-- Full-text search over message bodies (FTS5, kept in step by triggers).
CREATE VIRTUAL TABLE message_search USING fts5(
    body,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_search (rowid, body) VALUES (new.id, new.body);
END;

CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, body) VALUES ('delete', old.id, old.body);
END;

CREATE TRIGGER message_search_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO message_search (rowid, body) VALUES (new.id, new.body);
END;

INSERT INTO message_search (message_search) VALUES ('rebuild');

CREATE INDEX conversations_snoozed ON conversations (snoozed_until) WHERE status = 'snoozed';
