-- Admins block a contact (spam): what they write is still stored, but
-- their conversations leave every list and count for the Blocked view,
-- and automatic assignment passes them by.
ALTER TABLE contacts ADD COLUMN blocked_at BIGINT;
