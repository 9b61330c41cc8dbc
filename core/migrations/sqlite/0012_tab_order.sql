-- Each tab's list in the order the inbox shows it (newest message first),
-- so a page is read from the index where the previous one ended, instead
-- of reading every conversation of the tab and sorting them: the first
-- page costs the same with a hundred conversations or a million.
CREATE INDEX conversations_by_tab ON conversations (status, last_message_at DESC, number DESC);
