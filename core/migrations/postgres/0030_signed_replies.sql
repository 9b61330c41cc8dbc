-- Who signed a conversation's latest reply (the operator its customer
-- sees) is read with every customer message: found in the index, not by
-- walking back through the conversation's messages.
CREATE INDEX signed_replies ON messages (conversation_number, seq)
    WHERE author_kind = 'agent' AND private = FALSE AND signed = TRUE;
