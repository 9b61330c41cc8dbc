-- Files in staff chat: a file is sent with one chat message (then
-- `chat_message_id` is set, and the message keeps a copy of its public part
-- in `channel_messages.attachments`, JSON), or with one conversation
-- message, never both.
ALTER TABLE attachments ADD COLUMN chat_message_id INTEGER;
CREATE INDEX attachments_chat_message ON attachments (chat_message_id);
ALTER TABLE channel_messages ADD COLUMN attachments TEXT;
