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
-- The triggers are PL/pgSQL, whose statements are planned once a session.
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

-- Conversations arrive: their groups gain them (a new number has no
-- reads). Once per statement, from the rows it wrote: PostgreSQL keeps
-- every version of a row updated in one transaction, so a row-level
-- trigger would update one count row once per conversation of a bulk write
-- and each update would walk all the versions before it.
CREATE FUNCTION tab_counts_conversations_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
    SELECT n.status, COALESCE(n.queue_id, 0), COALESCE(n.assignee_id, 0), ct.blocked_at IS NOT NULL,
           COUNT(*), COUNT(*) FILTER (WHERE n.last_contact_seq > 0)
    FROM added n JOIN contacts ct ON ct.id = n.contact_id
    WHERE n.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = tab_counts.count + EXCLUDED.count, contacted = tab_counts.contacted + EXCLUDED.contacted;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tab_counts_conversations_added AFTER INSERT ON conversations
REFERENCING NEW TABLE AS added
FOR EACH STATEMENT EXECUTE FUNCTION tab_counts_conversations_added();

-- Conversations change: each row as it stood leaves its group (with the
-- reads of it) and as it stands joins one; groups whose sums are nought
-- are not touched, so a customer message in a conversation that stays in
-- its group locks no shared row. Once per statement, as above.
CREATE FUNCTION tab_counts_conversations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
    SELECT m.status, m.queue_id, m.assignee_id, ct.blocked_at IS NOT NULL, SUM(m.sign), SUM(m.contacted)
    FROM (SELECT -1 AS sign, o.status, COALESCE(o.queue_id, 0) AS queue_id,
                 COALESCE(o.assignee_id, 0) AS assignee_id, o.contact_id,
                 CASE WHEN o.last_contact_seq > 0 THEN -1 ELSE 0 END AS contacted
          FROM before o WHERE o.deleted_at IS NULL
          UNION ALL
          SELECT 1, n.status, COALESCE(n.queue_id, 0), COALESCE(n.assignee_id, 0), n.contact_id,
                 CASE WHEN n.last_contact_seq > 0 THEN 1 ELSE 0 END
          FROM after n WHERE n.deleted_at IS NULL) m
    JOIN contacts ct ON ct.id = m.contact_id
    GROUP BY 1, 2, 3, 4
    HAVING SUM(m.sign) <> 0 OR SUM(m.contacted) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = tab_counts.count + EXCLUDED.count, contacted = tab_counts.contacted + EXCLUDED.contacted;

    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT rp.agent_id, m.status, m.queue_id, m.assignee_id, ct.blocked_at IS NOT NULL, SUM(m.sign)
    FROM (SELECT -1 AS sign, o.number, o.status, COALESCE(o.queue_id, 0) AS queue_id,
                 COALESCE(o.assignee_id, 0) AS assignee_id, o.contact_id, o.last_contact_seq
          FROM before o WHERE o.deleted_at IS NULL AND o.last_contact_seq > 0
          UNION ALL
          SELECT 1, n.number, n.status, COALESCE(n.queue_id, 0), COALESCE(n.assignee_id, 0), n.contact_id,
                 n.last_contact_seq
          FROM after n WHERE n.deleted_at IS NULL AND n.last_contact_seq > 0) m
    JOIN contacts ct ON ct.id = m.contact_id
    JOIN read_pointers rp ON rp.conversation_number = m.number AND rp.last_read_seq >= m.last_contact_seq
    GROUP BY 1, 2, 3, 4, 5
    HAVING SUM(m.sign) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = tab_reads.count + EXCLUDED.count;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tab_counts_conversations_changed AFTER UPDATE ON conversations
REFERENCING OLD TABLE AS before NEW TABLE AS after
FOR EACH STATEMENT EXECUTE FUNCTION tab_counts_conversations_changed();

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
