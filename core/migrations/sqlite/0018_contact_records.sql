-- Customers as records agents keep: a phone and a company beside the name
-- and e-mail, notes agents write about them, and the contact log of who
-- changed what (each entry's changes as JSON: [{field, from, to}]).
ALTER TABLE contacts ADD COLUMN phone TEXT;
ALTER TABLE contacts ADD COLUMN company TEXT;

CREATE TABLE contact_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    agent_id   BIGINT NOT NULL REFERENCES agents (id),
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at  BIGINT
);
CREATE INDEX contact_notes_by_contact ON contact_notes (contact_id, id);

CREATE TABLE contact_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    agent_id   BIGINT REFERENCES agents (id),
    kind       TEXT NOT NULL,
    changes    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX contact_log_by_contact ON contact_log (contact_id, id);
