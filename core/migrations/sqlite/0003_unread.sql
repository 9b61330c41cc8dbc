-- The seq of the customer's latest message: a conversation is unread for an
-- agent while this is past their read pointer, without counting messages.
ALTER TABLE conversations ADD COLUMN last_contact_seq BIGINT NOT NULL DEFAULT 0;
UPDATE conversations SET last_contact_seq = COALESCE(
    (SELECT MAX(m.seq) FROM messages m
     WHERE m.conversation_number = conversations.number AND m.author_kind = 'contact'), 0);

-- Tab counts group the live conversations by these.
CREATE INDEX conversations_for_counts ON conversations (status, queue_id, assignee_id)
    WHERE deleted_at IS NULL;
