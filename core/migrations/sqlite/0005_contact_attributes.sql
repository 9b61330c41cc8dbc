-- What the company knows of a customer (plan, orders, account id …), as a
-- JSON object of strings, shown to agents beside the conversation.
ALTER TABLE contacts ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
