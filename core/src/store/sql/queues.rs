// Queues, their members and working hours, availability, and what
// automatic assignment reads and writes.
// Compiled inside each backend's module (see `common.rs`).

impl Backend {
    pub async fn queue_details(&self) -> Result<Vec<QueueSetupRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, assignment_policy, reassign_on_offline, last_assigned_agent_id, working_hours, \
             wait_minutes \
             FROM queues ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn queue_members(&self) -> Result<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT queue_id, agent_id FROM queue_members ORDER BY queue_id, agent_id",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn insert_queue(&self, name: &str) -> Result<Queue> {
        let row: QueueRow = sqlx::query_as(
            "INSERT INTO queues (name, created_at) VALUES ($1, $2) RETURNING id, name",
        )
        .bind(name)
        .bind(now_ms())
        .fetch_one(&self.write_pool)
        .await?;
        Ok(row.into())
    }

    /// Changes a queue; answers false when there is no such queue.
    pub async fn update_queue(
        &self,
        queue_id: i64,
        name: Option<&str>,
        policy: Option<&str>,
        reassign_on_offline: Option<bool>,
        wait_minutes: Option<i64>,
        members: Option<&[i64]>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let found = sqlx::query(
            "UPDATE queues SET name = COALESCE($2, name), assignment_policy = COALESCE($3, assignment_policy), \
             reassign_on_offline = COALESCE($4, reassign_on_offline), wait_minutes = COALESCE($5, wait_minutes) \
             WHERE id = $1",
        )
        .bind(queue_id)
        .bind(name)
        .bind(policy)
        .bind(reassign_on_offline)
        .bind(wait_minutes)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if let (true, Some(members)) = (found, members) {
            sqlx::query("DELETE FROM queue_members WHERE queue_id = $1")
                .bind(queue_id)
                .execute(&mut *tx)
                .await?;
            for agent_id in members {
                sqlx::query("INSERT INTO queue_members (queue_id, agent_id) VALUES ($1, $2)")
                    .bind(queue_id)
                    .bind(agent_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(found)
    }

    /// Active agents who say they are online (ids).
    pub async fn available_agents(&self) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM agents WHERE active = TRUE AND availability = 'online'",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn set_availability(&self, agent_id: i64, availability: &str) -> Result<()> {
        sqlx::query("UPDATE agents SET availability = $2 WHERE id = $1")
            .bind(agent_id)
            .bind(availability)
            .execute(&self.write_pool)
            .await?;
        Ok(())
    }

    /// Pending conversations of a queue, oldest first, each with the agent
    /// who helped in the customer's previous conversation (a follow-up is
    /// offered to them first).
    pub async fn waiting_in_queue(
        &self,
        queue_id: i64,
        limit: i64,
    ) -> Result<Vec<(i64, Option<i64>)>> {
        Ok(sqlx::query_as(
            "SELECT c.number, COALESCE(p.assignee_id, p.resolved_by_id) AS helper \
             FROM conversations c LEFT JOIN conversations p ON p.number = c.previous_number \
             JOIN contacts ct ON ct.id = c.contact_id \
             WHERE c.queue_id = $1 AND c.status = 'pending' AND ct.blocked_at IS NULL \
             AND c.deleted_at IS NULL ORDER BY c.number LIMIT $2",
        )
        .bind(queue_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// A queue's active members: id, name, availability, capacity and how
    /// many conversations they work on now.
    pub async fn queue_candidates(
        &self,
        queue_id: i64,
    ) -> Result<Vec<(i64, String, String, i32, i64)>> {
        Ok(sqlx::query_as(
            "SELECT a.id, a.name, a.availability, a.capacity, \
             (SELECT COUNT(*) FROM conversations c WHERE c.assignee_id = a.id \
              AND c.status = 'working_on' AND c.deleted_at IS NULL) AS open_count \
             FROM agents a JOIN queue_members m ON m.agent_id = a.id \
             WHERE m.queue_id = $1 AND a.active = TRUE ORDER BY a.id",
        )
        .bind(queue_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Gives a pending conversation to `agent` as automation, only while
    /// they are under `capacity`: assignments to one agent are serialised
    /// on their row, so concurrent ones (on any node) never exceed it.
    /// Answers None when they are full or it is no longer pending.
    pub async fn assign_by_automation(
        &self,
        number: i64,
        queue_id: i64,
        agent: &AgentRef,
        capacity: i64,
    ) -> Result<Option<(ConversationRow, Vec<Published>)>> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE agents SET capacity = capacity WHERE id = $1")
            .bind(agent.id)
            .execute(&mut *tx)
            .await?;
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversations WHERE assignee_id = $1 AND status = 'working_on' AND deleted_at IS NULL",
        )
        .bind(agent.id)
        .fetch_one(&mut *tx)
        .await?;
        if open >= capacity {
            tx.rollback().await?;
            return Ok(None);
        }
        let row = lock_conversation(&mut tx, number).await?;
        let state = row.state();
        if state.status != switchboard_types::ConversationStatus::Pending || state.deleted {
            tx.rollback().await?;
            return Ok(None);
        }
        let change = match lifecycle::assign(&state, agent)? {
            Outcome::Changed(change) => change,
            Outcome::Unchanged => {
                tx.rollback().await?;
                return Ok(None);
            }
        };
        let (conversation, published) =
            apply(&mut tx, &row, change, &Actor::automation(), now_ms()).await?;
        sqlx::query("UPDATE queues SET last_assigned_agent_id = $2 WHERE id = $1")
            .bind(queue_id)
            .bind(agent.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some((conversation, published)))
    }

    /// The queue of that name, created if it does not exist yet.
    pub async fn ensure_queue(&self, name: &str) -> Result<Queue> {
        sqlx::query(
            "INSERT INTO queues (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        let row: QueueRow = sqlx::query_as("SELECT id, name FROM queues WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.into())
    }

    pub async fn add_queue_member(&self, queue_id: i64, agent_id: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO queue_members (queue_id, agent_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(queue_id)
        .bind(agent_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A queue's working hours as stored (JSON), if it has any.
    pub async fn queue_working_hours(&self, queue_id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT working_hours FROM queues WHERE id = $1",
        )
        .bind(queue_id)
        .fetch_optional(&self.pool)
        .await?
        .flatten())
    }

    pub async fn set_queue_working_hours(&self, queue_id: i64, hours: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE queues SET working_hours = $2 WHERE id = $1")
            .bind(queue_id)
            .bind(hours)
            .execute(&self.write_pool)
            .await?;
        Ok(())
    }

    pub async fn queues(&self) -> Result<Vec<Queue>> {
        let rows: Vec<QueueRow> = sqlx::query_as("SELECT id, name FROM queues ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Queue::from).collect())
    }

    pub async fn queue(&self, id: i64) -> Result<Option<Queue>> {
        let row: Option<QueueRow> = sqlx::query_as("SELECT id, name FROM queues WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Queue::from))
    }
}
