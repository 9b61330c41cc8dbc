-- Two records of one person merged: the one merged away stays as a pointer
-- to the record it joined (everything it held moved there).
ALTER TABLE contacts ADD COLUMN merged_into BIGINT REFERENCES contacts (id);
