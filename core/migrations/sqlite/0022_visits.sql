-- What a customer's browser said on their latest visit of the host site:
-- their time zone, language and browser (in words).
ALTER TABLE contacts ADD COLUMN time_zone TEXT;
ALTER TABLE contacts ADD COLUMN language TEXT;
ALTER TABLE contacts ADD COLUMN browser TEXT;
