-- Saved replies: an agent's own (owner_id) or the whole team's (owner_id
-- NULL). A shortcut names one reply of the team's and one of each agent's
-- at most; an agent's own may share a shortcut with a team reply (theirs is
-- offered first).
CREATE TABLE saved_replies (
    id         BIGSERIAL PRIMARY KEY,
    owner_id   BIGINT REFERENCES agents(id) ON DELETE CASCADE,
    shortcut   TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX saved_replies_by_shortcut ON saved_replies (COALESCE(owner_id, 0), shortcut);
