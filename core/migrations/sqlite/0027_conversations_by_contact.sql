-- A customer's conversations, newest last: a new conversation links the
-- customer's one before it, and their history is listed, without reading
-- every conversation.
CREATE INDEX conversations_by_contact ON conversations (contact_id, number);
