-- Files sent with messages. The bytes live in the attachment store (a
-- folder, or S3-compatible object storage); this is what is known of them.
-- A file is uploaded first (no message yet), then sent with one message,
-- which keeps a copy of its public part in `messages.attachments` (JSON) so
-- every read of a message has its files without a join.
CREATE TABLE attachments (
    id                  TEXT PRIMARY KEY,
    uploader_kind       TEXT NOT NULL CHECK (uploader_kind IN ('agent', 'contact', 'system')),
    uploader_agent_id   BIGINT,
    uploader_contact_id BIGINT,
    name                TEXT NOT NULL,
    size                BIGINT NOT NULL,
    content_type        TEXT NOT NULL,
    checksum            TEXT NOT NULL,
    thumbnail           BOOLEAN NOT NULL DEFAULT FALSE,
    conversation_number BIGINT,
    message_id          BIGINT,
    created_at          BIGINT NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);
CREATE INDEX attachments_conversation ON attachments (conversation_number);
ALTER TABLE messages ADD COLUMN attachments TEXT;
