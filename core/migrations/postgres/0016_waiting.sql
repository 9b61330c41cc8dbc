-- How long customers wait for an answer: since when a conversation's
-- customer messages have gone unanswered (NULL: answered, or nothing
-- asked), and for each queue how long a wait may last before it shows as
-- too long (and the inbox rings).
ALTER TABLE conversations ADD COLUMN waiting_since BIGINT;
ALTER TABLE queues ADD COLUMN wait_minutes BIGINT NOT NULL DEFAULT 5;
UPDATE conversations SET waiting_since = (
    SELECT MIN(m.created_at) FROM messages m
    WHERE m.conversation_number = conversations.number AND m.author_kind = 'contact'
      AND m.seq > COALESCE((SELECT MAX(a.seq) FROM messages a
                            WHERE a.conversation_number = conversations.number
                              AND a.author_kind = 'agent' AND a.private = FALSE), 0)
);
-- A tab by the longest wait first (those answered after, oldest first):
-- the same expression as the lists' `WAIT_KEY`.
CREATE INDEX conversations_by_wait ON conversations
    (status, (COALESCE(waiting_since, 1000000000000000 + last_message_at)), number);
