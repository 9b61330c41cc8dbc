-- Labels: the team's words for sorting conversations (admins define them,
-- agents put them on conversations). A name is unique; removing a label
-- takes it off every conversation.
CREATE TABLE labels (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    colour     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE conversation_labels (
    conversation_number BIGINT NOT NULL REFERENCES conversations(number) ON DELETE CASCADE,
    label_id            BIGINT NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    created_at          BIGINT NOT NULL,
    PRIMARY KEY (conversation_number, label_id)
);
-- A label's conversations (the list's filter, label: in search).
CREATE INDEX conversation_labels_by_label ON conversation_labels (label_id, conversation_number);
