-- The widget's offline side: working hours per queue, identified
-- customers, tickets answered by e-mail.

-- When a queue answers (JSON: time zone, weekly openings, holidays);
-- NULL answers at all hours.
ALTER TABLE queues ADD COLUMN working_hours TEXT;

-- A conversation answered by e-mail: agents' replies after
-- email_from_seq go out as mail to the customer.
ALTER TABLE conversations ADD COLUMN channel TEXT NOT NULL DEFAULT 'chat' CHECK (channel IN ('chat', 'email'));
ALTER TABLE conversations ADD COLUMN email_from_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX conversations_by_email ON conversations (number) WHERE channel = 'email';

-- Mail of an agent's reply: NULL not yet tried, then sending (claimed by
-- a node until mail_next_at), retry (due at mail_next_at), sent, failed.
ALTER TABLE messages ADD COLUMN mail_state TEXT CHECK (mail_state IN ('sending', 'retry', 'sent', 'failed'));
ALTER TABLE messages ADD COLUMN mail_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN mail_next_at BIGINT;
