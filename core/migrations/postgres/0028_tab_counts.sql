-- Tab counts kept as the conversations change, in the change's own
-- transaction, instead of a grouped read of every conversation per agent.
--
-- tab_counts: live conversations by status, queue, assignee and whether
-- their customer is blocked (0 stands for no queue, nobody), and how many
-- of them hold a customer message. tab_reads: of those holding one, how
-- many each agent has read to the end. An agent's unread count of a group
-- is contacted - read, so a new customer message touches only the rows of
-- the agents who had read that conversation, never one per agent.
--
-- Every change is one ordered upsert per table, so two transactions moving
-- conversations between the same two groups lock the rows in one order.
CREATE TABLE tab_counts (
    status      TEXT NOT NULL,
    queue_id    BIGINT NOT NULL,
    assignee_id BIGINT NOT NULL,
    blocked     BOOLEAN NOT NULL,
    count       BIGINT NOT NULL,
    contacted   BIGINT NOT NULL,
    PRIMARY KEY (status, queue_id, assignee_id, blocked)
);

CREATE TABLE tab_reads (
    agent_id    BIGINT NOT NULL,
    status      TEXT NOT NULL,
    queue_id    BIGINT NOT NULL,
    assignee_id BIGINT NOT NULL,
    blocked     BOOLEAN NOT NULL,
    count       BIGINT NOT NULL,
    PRIMARY KEY (agent_id, status, queue_id, assignee_id, blocked)
);

-- Who has read a conversation, found from the conversation.
CREATE INDEX read_pointers_by_conversation ON read_pointers (conversation_number, last_read_seq);

INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
SELECT c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0), ct.blocked_at IS NOT NULL,
       COUNT(*), COUNT(*) FILTER (WHERE c.last_contact_seq > 0)
FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
WHERE c.deleted_at IS NULL
GROUP BY 1, 2, 3, 4;

INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
SELECT rp.agent_id, c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0),
       ct.blocked_at IS NOT NULL, COUNT(*)
FROM read_pointers rp
JOIN conversations c ON c.number = rp.conversation_number
JOIN contacts ct ON ct.id = c.contact_id
WHERE c.deleted_at IS NULL AND c.last_contact_seq > 0 AND rp.last_read_seq >= c.last_contact_seq
GROUP BY 1, 2, 3, 4, 5;

-- What one conversation, as a row stood, adds to the counts (sign 1) or
-- takes away (sign -1): one tab_counts row and a tab_reads row per agent
-- who had read it to the end. A row whose sum is nought is not touched, so
-- a customer message in a conversation that stays in its group locks no
-- shared row.
CREATE FUNCTION tab_counts_apply(moves JSONB) RETURNS void LANGUAGE sql AS $$
    INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
    SELECT m.status, COALESCE(m.queue_id, 0), COALESCE(m.assignee_id, 0), ct.blocked_at IS NOT NULL,
           SUM(m.sign), SUM(CASE WHEN m.last_contact_seq > 0 THEN m.sign ELSE 0 END)
    FROM jsonb_to_recordset(moves) AS m(sign BIGINT, number BIGINT, status TEXT, queue_id BIGINT,
         assignee_id BIGINT, contact_id BIGINT, last_contact_seq BIGINT)
    JOIN contacts ct ON ct.id = m.contact_id
    GROUP BY 1, 2, 3, 4
    HAVING SUM(m.sign) <> 0 OR SUM(CASE WHEN m.last_contact_seq > 0 THEN m.sign ELSE 0 END) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = tab_counts.count + EXCLUDED.count, contacted = tab_counts.contacted + EXCLUDED.contacted;

    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT rp.agent_id, m.status, COALESCE(m.queue_id, 0), COALESCE(m.assignee_id, 0),
           ct.blocked_at IS NOT NULL, SUM(m.sign)
    FROM jsonb_to_recordset(moves) AS m(sign BIGINT, number BIGINT, status TEXT, queue_id BIGINT,
         assignee_id BIGINT, contact_id BIGINT, last_contact_seq BIGINT)
    JOIN contacts ct ON ct.id = m.contact_id
    JOIN read_pointers rp ON rp.conversation_number = m.number
    WHERE m.last_contact_seq > 0 AND rp.last_read_seq >= m.last_contact_seq
    GROUP BY 1, 2, 3, 4, 5
    HAVING SUM(m.sign) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = tab_reads.count + EXCLUDED.count;
$$;

-- A conversation arrives, changes or goes: the row as it stood leaves its
-- group and the row as it stands joins one.
CREATE FUNCTION tab_counts_conversation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moves JSONB := '[]';
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
        moves := moves || jsonb_build_object('sign', -1, 'number', OLD.number, 'status', OLD.status,
            'queue_id', OLD.queue_id, 'assignee_id', OLD.assignee_id,
            'contact_id', OLD.contact_id, 'last_contact_seq', OLD.last_contact_seq);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
        moves := moves || jsonb_build_object('sign', 1, 'number', NEW.number, 'status', NEW.status,
            'queue_id', NEW.queue_id, 'assignee_id', NEW.assignee_id,
            'contact_id', NEW.contact_id, 'last_contact_seq', NEW.last_contact_seq);
    END IF;
    PERFORM tab_counts_apply(moves);
    RETURN NULL;
END;
$$;

CREATE TRIGGER tab_counts_conversation_added AFTER INSERT ON conversations
FOR EACH ROW EXECUTE FUNCTION tab_counts_conversation_changed();

CREATE TRIGGER tab_counts_conversation_changed
AFTER UPDATE OF status, queue_id, assignee_id, contact_id, deleted_at, last_contact_seq ON conversations
FOR EACH ROW
WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.queue_id IS DISTINCT FROM NEW.queue_id
   OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.contact_id IS DISTINCT FROM NEW.contact_id
   OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
   OR OLD.last_contact_seq IS DISTINCT FROM NEW.last_contact_seq)
EXECUTE FUNCTION tab_counts_conversation_changed();

-- An agent's read pointer arrives, moves or goes: their reads follow.
CREATE FUNCTION tab_reads_pointer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_read INT := 0;
    is_read INT := 0;
    pointer read_pointers;
    c conversations;
BEGIN
    IF TG_OP = 'DELETE' THEN pointer := OLD; ELSE pointer := NEW; END IF;
    SELECT * INTO c FROM conversations WHERE number = pointer.conversation_number;
    IF c.deleted_at IS NOT NULL OR c.last_contact_seq = 0 THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.last_read_seq >= c.last_contact_seq THEN was_read := 1; END IF;
    IF TG_OP <> 'DELETE' AND NEW.last_read_seq >= c.last_contact_seq THEN is_read := 1; END IF;
    IF was_read <> is_read THEN
        INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
        SELECT pointer.agent_id, c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0),
               ct.blocked_at IS NOT NULL, is_read - was_read
        FROM contacts ct WHERE ct.id = c.contact_id
        ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
        SET count = tab_reads.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tab_reads_pointer_added AFTER INSERT ON read_pointers
FOR EACH ROW EXECUTE FUNCTION tab_reads_pointer_changed();

CREATE TRIGGER tab_reads_pointer_moved AFTER UPDATE OF last_read_seq ON read_pointers
FOR EACH ROW WHEN (OLD.last_read_seq <> NEW.last_read_seq)
EXECUTE FUNCTION tab_reads_pointer_changed();

CREATE TRIGGER tab_reads_pointer_removed AFTER DELETE ON read_pointers
FOR EACH ROW EXECUTE FUNCTION tab_reads_pointer_changed();

-- A customer is blocked or unblocked: their conversations, and the reads
-- of them, move to the other side.
CREATE FUNCTION tab_counts_contact_blocked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
    SELECT c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0), side.blocked,
           side.sign * COUNT(*), side.sign * COUNT(*) FILTER (WHERE c.last_contact_seq > 0)
    FROM conversations c
    CROSS JOIN (VALUES (OLD.blocked_at IS NOT NULL, -1), (NEW.blocked_at IS NOT NULL, 1)) AS side(blocked, sign)
    WHERE c.contact_id = NEW.id AND c.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4, side.sign
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = tab_counts.count + EXCLUDED.count, contacted = tab_counts.contacted + EXCLUDED.contacted;

    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT rp.agent_id, c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0), side.blocked,
           side.sign * COUNT(*)
    FROM conversations c
    JOIN read_pointers rp ON rp.conversation_number = c.number
    CROSS JOIN (VALUES (OLD.blocked_at IS NOT NULL, -1), (NEW.blocked_at IS NOT NULL, 1)) AS side(blocked, sign)
    WHERE c.contact_id = NEW.id AND c.deleted_at IS NULL
      AND c.last_contact_seq > 0 AND rp.last_read_seq >= c.last_contact_seq
    GROUP BY 1, 2, 3, 4, 5, side.sign
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = tab_reads.count + EXCLUDED.count;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tab_counts_contact_blocked AFTER UPDATE OF blocked_at ON contacts
FOR EACH ROW WHEN ((OLD.blocked_at IS NULL) <> (NEW.blocked_at IS NULL))
EXECUTE FUNCTION tab_counts_contact_blocked();
