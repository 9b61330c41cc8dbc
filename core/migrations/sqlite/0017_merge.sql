-- A conversation merged into another of the same customer: its messages
-- and history moved there, and it stays behind as a pointer to it.
ALTER TABLE conversations ADD COLUMN merged_into BIGINT REFERENCES conversations (number);
