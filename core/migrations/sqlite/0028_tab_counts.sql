-- Tab counts kept as the conversations change, in the change's own
-- transaction, instead of a grouped read of every conversation per agent.
--
-- tab_counts: live conversations by status, queue, assignee and whether
-- their customer is blocked (0 stands for no queue, nobody), and how many
-- of them hold a customer message. tab_reads: of those holding one, how
-- many each agent has read to the end. An agent's unread count of a group
-- is contacted - read, so a new customer message touches only the rows of
-- the agents who had read that conversation, never one per agent.
CREATE TABLE tab_counts (
    status      TEXT NOT NULL,
    queue_id    BIGINT NOT NULL,
    assignee_id BIGINT NOT NULL,
    blocked     BOOLEAN NOT NULL,
    count       BIGINT NOT NULL,
    contacted   BIGINT NOT NULL,
    PRIMARY KEY (status, queue_id, assignee_id, blocked)
) WITHOUT ROWID;

CREATE TABLE tab_reads (
    agent_id    BIGINT NOT NULL,
    status      TEXT NOT NULL,
    queue_id    BIGINT NOT NULL,
    assignee_id BIGINT NOT NULL,
    blocked     BOOLEAN NOT NULL,
    count       BIGINT NOT NULL,
    PRIMARY KEY (agent_id, status, queue_id, assignee_id, blocked)
) WITHOUT ROWID;

-- Who has read a conversation, found from the conversation.
CREATE INDEX read_pointers_by_conversation ON read_pointers (conversation_number, last_read_seq);

INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
SELECT c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0), ct.blocked_at IS NOT NULL,
       COUNT(*), SUM(c.last_contact_seq > 0)
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

-- A conversation arrives: its group gains it.
CREATE TRIGGER tab_counts_conversation_added AFTER INSERT ON conversations
WHEN NEW.deleted_at IS NULL
BEGIN
    INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
    SELECT NEW.status, COALESCE(NEW.queue_id, 0), COALESCE(NEW.assignee_id, 0),
           ct.blocked_at IS NOT NULL, 1, NEW.last_contact_seq > 0
    FROM contacts ct WHERE ct.id = NEW.contact_id
    ON CONFLICT (status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count, contacted = contacted + excluded.contacted;
END;

-- A conversation changes group (status, queue, assignee, customer, deleted):
-- it leaves the old one, with the reads of it, and joins the new one.
CREATE TRIGGER tab_counts_conversation_moved AFTER UPDATE OF status, queue_id, assignee_id, contact_id, deleted_at, last_contact_seq ON conversations
WHEN OLD.status IS NOT NEW.status OR OLD.queue_id IS NOT NEW.queue_id
  OR OLD.assignee_id IS NOT NEW.assignee_id OR OLD.contact_id IS NOT NEW.contact_id
  OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
    INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
    SELECT OLD.status, COALESCE(OLD.queue_id, 0), COALESCE(OLD.assignee_id, 0),
           ct.blocked_at IS NOT NULL, -1, -(OLD.last_contact_seq > 0)
    FROM contacts ct WHERE ct.id = OLD.contact_id AND OLD.deleted_at IS NULL
    ON CONFLICT (status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count, contacted = contacted + excluded.contacted;
    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT rp.agent_id, OLD.status, COALESCE(OLD.queue_id, 0), COALESCE(OLD.assignee_id, 0),
           ct.blocked_at IS NOT NULL, -1
    FROM read_pointers rp JOIN contacts ct ON ct.id = OLD.contact_id
    WHERE rp.conversation_number = OLD.number AND OLD.deleted_at IS NULL
      AND OLD.last_contact_seq > 0 AND rp.last_read_seq >= OLD.last_contact_seq
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count;
    INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
    SELECT NEW.status, COALESCE(NEW.queue_id, 0), COALESCE(NEW.assignee_id, 0),
           ct.blocked_at IS NOT NULL, 1, NEW.last_contact_seq > 0
    FROM contacts ct WHERE ct.id = NEW.contact_id AND NEW.deleted_at IS NULL
    ON CONFLICT (status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count, contacted = contacted + excluded.contacted;
    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT rp.agent_id, NEW.status, COALESCE(NEW.queue_id, 0), COALESCE(NEW.assignee_id, 0),
           ct.blocked_at IS NOT NULL, 1
    FROM read_pointers rp JOIN contacts ct ON ct.id = NEW.contact_id
    WHERE rp.conversation_number = NEW.number AND NEW.deleted_at IS NULL
      AND NEW.last_contact_seq > 0 AND rp.last_read_seq >= NEW.last_contact_seq
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count;
END;

-- A customer writes in a conversation that stays in its group: it holds a
-- customer message now, and whoever had read it to the end has not any more.
CREATE TRIGGER tab_counts_customer_wrote AFTER UPDATE OF last_contact_seq ON conversations
WHEN OLD.last_contact_seq <> NEW.last_contact_seq AND NEW.deleted_at IS NULL
  AND OLD.status IS NEW.status AND OLD.queue_id IS NEW.queue_id
  AND OLD.assignee_id IS NEW.assignee_id AND OLD.contact_id IS NEW.contact_id
  AND OLD.deleted_at IS NULL
BEGIN
    UPDATE tab_counts SET contacted = contacted + (NEW.last_contact_seq > 0) - (OLD.last_contact_seq > 0)
    WHERE (NEW.last_contact_seq > 0) <> (OLD.last_contact_seq > 0)
      AND status = NEW.status AND queue_id = COALESCE(NEW.queue_id, 0)
      AND assignee_id = COALESCE(NEW.assignee_id, 0)
      AND blocked = (SELECT blocked_at IS NOT NULL FROM contacts WHERE id = NEW.contact_id);
    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT rp.agent_id, NEW.status, COALESCE(NEW.queue_id, 0), COALESCE(NEW.assignee_id, 0),
           ct.blocked_at IS NOT NULL,
           (NEW.last_contact_seq > 0 AND rp.last_read_seq >= NEW.last_contact_seq)
             - (OLD.last_contact_seq > 0 AND rp.last_read_seq >= OLD.last_contact_seq)
    FROM read_pointers rp JOIN contacts ct ON ct.id = NEW.contact_id
    WHERE rp.conversation_number = NEW.number
      AND (NEW.last_contact_seq > 0 AND rp.last_read_seq >= NEW.last_contact_seq)
       <> (OLD.last_contact_seq > 0 AND rp.last_read_seq >= OLD.last_contact_seq)
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count;
END;

-- An agent's read pointer arrives, moves or goes: their reads follow.
CREATE TRIGGER tab_reads_pointer_added AFTER INSERT ON read_pointers
BEGIN
    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT NEW.agent_id, c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0),
           ct.blocked_at IS NOT NULL, 1
    FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
    WHERE c.number = NEW.conversation_number AND c.deleted_at IS NULL
      AND c.last_contact_seq > 0 AND NEW.last_read_seq >= c.last_contact_seq
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count;
END;

CREATE TRIGGER tab_reads_pointer_moved AFTER UPDATE OF last_read_seq ON read_pointers
WHEN OLD.last_read_seq <> NEW.last_read_seq
BEGIN
    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT NEW.agent_id, c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0),
           ct.blocked_at IS NOT NULL,
           (NEW.last_read_seq >= c.last_contact_seq) - (OLD.last_read_seq >= c.last_contact_seq)
    FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
    WHERE c.number = NEW.conversation_number AND c.deleted_at IS NULL AND c.last_contact_seq > 0
      AND (NEW.last_read_seq >= c.last_contact_seq) <> (OLD.last_read_seq >= c.last_contact_seq)
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count;
END;

CREATE TRIGGER tab_reads_pointer_removed AFTER DELETE ON read_pointers
BEGIN
    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT OLD.agent_id, c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0),
           ct.blocked_at IS NOT NULL, -1
    FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
    WHERE c.number = OLD.conversation_number AND c.deleted_at IS NULL
      AND c.last_contact_seq > 0 AND OLD.last_read_seq >= c.last_contact_seq
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count;
END;

-- A customer is blocked or unblocked: their conversations, and the reads
-- of them, move to the other side.
CREATE TRIGGER tab_counts_contact_blocked AFTER UPDATE OF blocked_at ON contacts
WHEN (OLD.blocked_at IS NULL) <> (NEW.blocked_at IS NULL)
BEGIN
    INSERT INTO tab_counts (status, queue_id, assignee_id, blocked, count, contacted)
    SELECT c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0), side.blocked,
           side.sign * COUNT(*), side.sign * SUM(c.last_contact_seq > 0)
    FROM conversations c
    JOIN (SELECT OLD.blocked_at IS NOT NULL AS blocked, -1 AS sign
          UNION ALL SELECT NEW.blocked_at IS NOT NULL, 1) side
    WHERE c.contact_id = NEW.id AND c.deleted_at IS NULL
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count, contacted = contacted + excluded.contacted;
    INSERT INTO tab_reads (agent_id, status, queue_id, assignee_id, blocked, count)
    SELECT rp.agent_id, c.status, COALESCE(c.queue_id, 0), COALESCE(c.assignee_id, 0), side.blocked,
           side.sign * COUNT(*)
    FROM conversations c
    JOIN read_pointers rp ON rp.conversation_number = c.number
    JOIN (SELECT OLD.blocked_at IS NOT NULL AS blocked, -1 AS sign
          UNION ALL SELECT NEW.blocked_at IS NOT NULL, 1) side
    WHERE c.contact_id = NEW.id AND c.deleted_at IS NULL
      AND c.last_contact_seq > 0 AND rp.last_read_seq >= c.last_contact_seq
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (agent_id, status, queue_id, assignee_id, blocked) DO UPDATE
    SET count = count + excluded.count;
END;
