-- Customer attributes admins define: a name (unique without regard to
-- case), the kind of value it holds, a list's choices (JSON) and where it
-- shows. Values stay in each customer's attributes, as text.
CREATE TABLE attribute_definitions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    options    TEXT NOT NULL DEFAULT '[]',
    position   BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX attribute_definitions_name ON attribute_definitions (LOWER(name));
-- The attributes an agent wrote on a customer (JSON, their names): the
-- site's own values leave them alone unless it says to overwrite.
ALTER TABLE contacts ADD COLUMN edited_attributes TEXT NOT NULL DEFAULT '[]';
