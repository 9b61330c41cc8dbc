// Staff chat's store, compiled inside each backend's module (see
// `common.rs`): channels, their members and read pointers, messages with
// the versions edits replaced. Every change is one write transaction that
// also stores its live events, addressed to the channel's members alone.
// One file past 500 lines on purpose: staff chat is one area, and its
// queries share private pieces (column lists, the member check).

use crate::store::rows::{ChannelEntryRow, ChannelMemberRow, ChannelRow, ChatMessageRow};
use crate::lifecycle::{ClientId, MessageBody};
use crate::store::{NewChannel, Revision};
use switchboard_types::chat::{
    Channel, ChannelEntry, ChannelKind, ChatMessage, ChatPage, ChatSearchHit, Mention,
};

const CHANNEL_COLUMNS: &str =
    "ch.id, ch.kind, ch.name, ch.description, ch.last_seq, ch.last_message_at";

const CHAT_MESSAGE_SELECT: &str = "SELECT m.id, m.channel_id, m.seq, m.client_id, m.author_id, \
    a.name AS author_name, m.body, m.created_at, m.edited_at, m.deleted_at, m.attachments \
    FROM channel_messages m JOIN agents a ON a.id = m.author_id";

/// A channel with reader `$1`'s place in it: their pointer and how many
/// messages by others came after it.
macro_rules! entry_select {
    () => {
        "SELECT ch.id, ch.kind, ch.name, ch.description, ch.last_seq, ch.last_message_at, \
           COALESCE(me.last_read_seq, 0) AS last_read_seq, \
           (SELECT COUNT(*) FROM channel_messages m WHERE m.channel_id = ch.id \
              AND m.seq > COALESCE(me.last_read_seq, 0) AND m.author_id <> $1 \
              AND m.deleted_at IS NULL) AS unread \
         FROM channels ch \
         LEFT JOIN channel_members me ON me.channel_id = ch.id AND me.agent_id = $1"
    };
}

impl Backend {
    /// The channel with its members.
    pub async fn channel(&self, id: i64) -> Result<Option<Channel>> {
        let mut conn = self.pool.acquire().await?;
        let row: Option<ChannelRow> = sqlx::query_as(&format!(
            "SELECT {CHANNEL_COLUMNS} FROM channels ch WHERE ch.id = $1"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        match row {
            Some(row) => Ok(Some(with_members(&mut conn, row).await?)),
            None => Ok(None),
        }
    }

    /// The channels in the agent's sidebar (theirs) and the public ones
    /// they could join, most recently active first.
    pub async fn channel_entries(&self, agent_id: i64) -> Result<Vec<ChannelEntry>> {
        let rows: Vec<ChannelEntryRow> = sqlx::query_as(concat!(
            entry_select!(),
            " WHERE me.agent_id IS NOT NULL OR ch.kind = 'public' \
             ORDER BY ch.last_message_at DESC, ch.id DESC"
        ))
        .bind(agent_id)
        .fetch_all(&self.pool)
        .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.channel.id).collect();
        let mut members = members_of(&mut *self.pool.acquire().await?, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let those = members.remove(&row.channel.id).unwrap_or_default();
                ChannelEntry {
                    channel: row.channel.into_channel(those),
                    last_read_seq: row.last_read_seq,
                    unread: row.unread,
                }
            })
            .collect())
    }

    /// One channel with the agent's place in it.
    pub async fn channel_entry(&self, agent_id: i64, channel_id: i64) -> Result<ChannelEntry> {
        let row: ChannelEntryRow = sqlx::query_as(concat!(entry_select!(), " WHERE ch.id = $2"))
            .bind(agent_id)
            .bind(channel_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(Error::NotFound("channel"))?;
        let channel = with_members(&mut *self.pool.acquire().await?, row.channel).await?;
        Ok(ChannelEntry {
            channel,
            last_read_seq: row.last_read_seq,
            unread: row.unread,
        })
    }

    /// Makes a channel with its first members and tells them (a public
    /// channel: everyone). Private messages between the same people are
    /// one conversation: asking again answers the one there is.
    pub async fn create_channel(&self, new: &NewChannel<'_>) -> Result<(Channel, Vec<Published>)> {
        let mut members = new.members.to_vec();
        members.sort_unstable();
        members.dedup();
        let direct_key = (new.kind == ChannelKind::Direct).then(|| {
            members
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        });
        let mut tx = self.begin_write().await?;
        if let Some(key) = &direct_key {
            let existing: Option<ChannelRow> = sqlx::query_as(&format!(
                "SELECT {CHANNEL_COLUMNS} FROM channels ch WHERE ch.direct_key = $1"
            ))
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(row) = existing {
                let channel = with_members(&mut tx, row).await?;
                tx.commit().await?;
                return Ok((channel, Vec::new()));
            }
        }
        let now = now_ms();
        let row: ChannelRow = sqlx::query_as(
            "INSERT INTO channels (kind, name, description, direct_key, created_by, last_message_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) \
             RETURNING id, kind, name, description, last_seq, last_message_at",
        )
        .bind(new.kind.as_str())
        .bind(new.name)
        .bind(new.description)
        .bind(&direct_key)
        .bind(new.created_by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .on_constraint(|| name_taken(new.name))?;
        for agent_id in &members {
            sqlx::query(
                "INSERT INTO channel_members (channel_id, agent_id, joined_at) VALUES ($1, $2, $3)",
            )
            .bind(row.id)
            .bind(agent_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(Error::from)
            .map_err(|e| match e {
                Error::Database(sqlx::Error::Database(d)) if d.is_foreign_key_violation() => {
                    Error::Invalid(format!("there is no agent {agent_id}"))
                }
                e => e,
            })?;
        }
        let channel = with_members(&mut tx, row).await?;
        let published = channel_changed(&mut tx, &channel, &[], now).await?;
        tx.commit().await?;
        Ok((channel, published))
    }

    /// A new name and description.
    pub async fn describe_channel(
        &self,
        channel_id: i64,
        name: &str,
        description: &str,
    ) -> Result<(Channel, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE channels SET name = $2, description = $3 WHERE id = $1")
            .bind(channel_id)
            .bind(name)
            .bind(description)
            .execute(&mut *tx)
            .await
            .on_constraint(|| name_taken(name))?;
        let channel = channel_in(&mut tx, channel_id).await?;
        let published = channel_changed(&mut tx, &channel, &[], now_ms()).await?;
        tx.commit().await?;
        Ok((channel, published))
    }

    /// Adds members (those already in stay as they are). A newcomer has
    /// read nothing: everything before them is theirs to read.
    pub async fn add_channel_members(
        &self,
        channel_id: i64,
        agent_ids: &[i64],
    ) -> Result<(Channel, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        let now = now_ms();
        for agent_id in agent_ids {
            sqlx::query(
                "INSERT INTO channel_members (channel_id, agent_id, joined_at) \
                 SELECT $1, a.id, $3 FROM agents a WHERE a.id = $2 AND a.active = TRUE \
                 ON CONFLICT (channel_id, agent_id) DO NOTHING",
            )
            .bind(channel_id)
            .bind(agent_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let channel = channel_in(&mut tx, channel_id).await?;
        let published = channel_changed(&mut tx, &channel, &[], now).await?;
        tx.commit().await?;
        Ok((channel, published))
    }

    /// Takes a member out; they are told so, and hear nothing more.
    pub async fn remove_channel_member(
        &self,
        channel_id: i64,
        agent_id: i64,
    ) -> Result<(Channel, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM channel_members WHERE channel_id = $1 AND agent_id = $2")
            .bind(channel_id)
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        let channel = channel_in(&mut tx, channel_id).await?;
        let published = channel_changed(&mut tx, &channel, &[agent_id], now_ms()).await?;
        tx.commit().await?;
        Ok((channel, published))
    }

    /// Whether the agent is in the channel.
    pub async fn is_channel_member(&self, channel_id: i64, agent_id: i64) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT agent_id FROM channel_members WHERE channel_id = $1 AND agent_id = $2",
        )
        .bind(channel_id)
        .bind(agent_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// Up to `limit` messages before `before_seq`, oldest first.
    pub async fn chat_page(
        &self,
        channel_id: i64,
        before_seq: Option<i64>,
        limit: i64,
    ) -> Result<ChatPage> {
        let mut rows: Vec<ChatMessageRow> = sqlx::query_as(&format!(
            "{CHAT_MESSAGE_SELECT} WHERE m.channel_id = $1 AND m.seq < $2 \
             ORDER BY m.seq DESC LIMIT $3"
        ))
        .bind(channel_id)
        .bind(before_seq.unwrap_or(i64::MAX))
        .bind(limit + 1)
        .fetch_all(&self.pool)
        .await?;
        let has_earlier = rows.len() as i64 > limit;
        rows.truncate(limit.max(0) as usize);
        rows.reverse();
        Ok(ChatPage {
            messages: rows.into_iter().map(ChatMessage::from).collect(),
            has_earlier,
        })
    }

    pub async fn chat_message(&self, id: i64) -> Result<Option<ChatMessage>> {
        let row: Option<ChatMessageRow> =
            sqlx::query_as(&format!("{CHAT_MESSAGE_SELECT} WHERE m.id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(ChatMessage::from))
    }

    /// Stores a member's message once (a `client_id` sent again answers
    /// the message it made), moves their read pointer past it, and tells
    /// the members; `mentioned` agents who may read it are told apart.
    pub async fn send_chat_message(
        &self,
        channel_id: i64,
        author_id: i64,
        client_id: &ClientId,
        body: &MessageBody,
        files: &[crate::attachments::Kept],
        mentioned: &[i64],
    ) -> Result<(ChatMessage, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        let existing: Option<ChatMessageRow> =
            sqlx::query_as(&format!("{CHAT_MESSAGE_SELECT} WHERE m.client_id = $1"))
                .bind(client_id.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(row) = existing {
            if row.author_id != author_id || row.channel_id != channel_id {
                return Err(Error::Conflict(
                    "this client_id belongs to another message".into(),
                ));
            }
            return Ok((row.into(), Vec::new()));
        }
        if !member_in(&mut tx, channel_id, author_id).await? {
            return Err(Error::Forbidden(
                "join this channel before writing in it".into(),
            ));
        }
        let now = now_ms();
        let seq: i64 = sqlx::query_scalar(
            "UPDATE channels SET last_seq = last_seq + 1, last_message_at = $2 \
             WHERE id = $1 RETURNING last_seq",
        )
        .bind(channel_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO channel_messages (channel_id, seq, client_id, author_id, body, created_at, attachments) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(channel_id)
        .bind(seq)
        .bind(client_id.as_str())
        .bind(author_id)
        .bind(body.as_str())
        .bind(now)
        .bind(crate::attachments::kept_json(files)?)
        .fetch_one(&mut *tx)
        .await?;
        attach_chat_files(&mut tx, id, files).await?;
        sqlx::query(
            "UPDATE channel_members SET last_read_seq = $3 WHERE channel_id = $1 AND agent_id = $2",
        )
        .bind(channel_id)
        .bind(author_id)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
        let message: ChatMessage = chat_message_in(&mut tx, id).await?;
        let channel = channel_in(&mut tx, channel_id).await?;
        let mut events = to_members(
            &channel,
            LiveEvent::ChatMessage {
                message: message.clone(),
            },
        );
        // A public channel can be read by anyone; the others by members.
        let readers: Vec<i64> = if channel.kind == ChannelKind::Public {
            sqlx::query_scalar("SELECT id FROM agents WHERE active = TRUE")
                .fetch_all(&mut *tx)
                .await?
        } else {
            channel.members.iter().map(|m| m.id).collect()
        };
        for agent_id in mentioned
            .iter()
            .filter(|id| **id != author_id && readers.contains(id))
        {
            let mention = Mention {
                channel_id,
                channel_title: channel.title_for(*agent_id),
                message_id: id,
                author: message.author.clone(),
                preview: preview(body, &[]),
            };
            events.push((Audience::agent(*agent_id), LiveEvent::Mention { mention }));
        }
        let published = publish_all(&mut tx, events, now).await?;
        tx.commit().await?;
        Ok((message, published))
    }

    /// Edits or deletes the author's own message; the text it replaced is
    /// kept, and the members see the new version.
    pub async fn revise_chat_message(
        &self,
        message_id: i64,
        author_id: i64,
        revision: Revision<'_>,
    ) -> Result<(ChatMessage, Vec<Published>)> {
        let mut tx = self.begin_write().await?;
        let current = chat_message_in(&mut tx, message_id).await?;
        if current.author.id != author_id {
            return Err(Error::Forbidden(
                "only its author can change a message".into(),
            ));
        }
        if current.deleted_at.is_some() {
            return Err(Error::Conflict("this message was deleted".into()));
        }
        let now = now_ms();
        sqlx::query(
            "INSERT INTO channel_message_versions (message_id, body, replaced_at) VALUES ($1, $2, $3)",
        )
        .bind(message_id)
        .bind(&current.body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        match revision {
            Revision::Edit(body) => {
                sqlx::query("UPDATE channel_messages SET body = $2, edited_at = $3 WHERE id = $1")
                    .bind(message_id)
                    .bind(body)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
            }
            Revision::Delete => {
                sqlx::query("UPDATE channel_messages SET body = '', deleted_at = $2 WHERE id = $1")
                    .bind(message_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
            }
        };
        let message = chat_message_in(&mut tx, message_id).await?;
        let channel = channel_in(&mut tx, message.channel_id).await?;
        let events = to_members(
            &channel,
            LiveEvent::ChatMessage {
                message: message.clone(),
            },
        );
        let published = publish_all(&mut tx, events, now).await?;
        tx.commit().await?;
        Ok((message, published))
    }

    /// The texts a message had before its edits, oldest first.
    pub async fn chat_message_versions(&self, message_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT body FROM channel_message_versions WHERE message_id = $1 ORDER BY id",
        )
        .bind(message_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The member has read the channel up to `seq` (never back); their
    /// other tabs are told.
    pub async fn mark_channel_read(
        &self,
        channel_id: i64,
        agent_id: i64,
        seq: i64,
    ) -> Result<Vec<Published>> {
        let mut tx = self.begin_write().await?;
        let moved = sqlx::query(
            "UPDATE channel_members SET last_read_seq = $3 \
             WHERE channel_id = $1 AND agent_id = $2 AND last_read_seq < $3",
        )
        .bind(channel_id)
        .bind(agent_id)
        .bind(seq)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let published = if moved == 0 {
            Vec::new()
        } else {
            let event = LiveEvent::ChannelRead {
                channel_id,
                last_read_seq: seq,
            };
            vec![publish(&mut tx, Audience::agent(agent_id), event, now_ms()).await?]
        };
        tx.commit().await?;
        Ok(published)
    }

    /// Messages containing `text` in the channels the agent belongs to,
    /// newest first.
    pub async fn search_chat(
        &self,
        agent_id: i64,
        text: &str,
        limit: i64,
    ) -> Result<Vec<ChatSearchHit>> {
        let rows: Vec<ChatMessageRow> = sqlx::query_as(&format!(
            "{CHAT_MESSAGE_SELECT} JOIN channel_members me ON me.channel_id = m.channel_id \
               AND me.agent_id = $1 \
             WHERE m.deleted_at IS NULL AND LOWER(m.body) LIKE $2 ESCAPE '\\' \
             ORDER BY m.created_at DESC, m.id DESC LIMIT $3"
        ))
        .bind(agent_id)
        .bind(like_pattern(text))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut titles = std::collections::HashMap::new();
        let mut hits = Vec::with_capacity(rows.len());
        for row in rows {
            let channel_title = match titles.get(&row.channel_id) {
                Some(title) => String::clone(title),
                None => {
                    let title = self
                        .channel(row.channel_id)
                        .await?
                        .map(|c| c.title_for(agent_id))
                        .unwrap_or_default();
                    titles.insert(row.channel_id, title.clone());
                    title
                }
            };
            hits.push(ChatSearchHit {
                channel_title,
                message: row.into(),
            });
        }
        Ok(hits)
    }
}

/// A channel name another channel has: said so plainly.
fn name_taken(name: &str) -> String {
    format!("a channel named #{name} exists already")
}

async fn member_in(tx: &mut Tx, channel_id: i64, agent_id: i64) -> Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT agent_id FROM channel_members WHERE channel_id = $1 AND agent_id = $2",
    )
    .bind(channel_id)
    .bind(agent_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(found.is_some())
}

async fn chat_message_in(tx: &mut Tx, id: i64) -> Result<ChatMessage> {
    let row: ChatMessageRow = sqlx::query_as(&format!("{CHAT_MESSAGE_SELECT} WHERE m.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(Error::NotFound("message"))?;
    Ok(row.into())
}

async fn channel_in(tx: &mut Tx, id: i64) -> Result<Channel> {
    let row: ChannelRow = sqlx::query_as(&format!(
        "SELECT {CHANNEL_COLUMNS} FROM channels ch WHERE ch.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(Error::NotFound("channel"))?;
    with_members(tx, row).await
}

async fn with_members(
    conn: &mut <Db as sqlx::Database>::Connection,
    row: ChannelRow,
) -> Result<Channel> {
    let mut members = members_of(conn, &[row.id]).await?;
    let those = members.remove(&row.id).unwrap_or_default();
    Ok(row.into_channel(those))
}

/// The members of each channel, by name.
async fn members_of(
    conn: &mut <Db as sqlx::Database>::Connection,
    channel_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<AgentRef>>> {
    let mut by_channel: std::collections::HashMap<i64, Vec<AgentRef>> = Default::default();
    if channel_ids.is_empty() {
        return Ok(by_channel);
    }
    let mut query = sqlx::QueryBuilder::<Db>::new(
        "SELECT cm.channel_id, cm.agent_id, a.name AS agent_name FROM channel_members cm \
         JOIN agents a ON a.id = cm.agent_id WHERE cm.channel_id IN (",
    );
    let mut ids = query.separated(", ");
    for id in channel_ids {
        ids.push_bind(*id);
    }
    query.push(") ORDER BY a.name, a.id");
    let rows: Vec<ChannelMemberRow> = query.build_query_as().fetch_all(&mut *conn).await?;
    for row in rows {
        by_channel
            .entry(row.channel_id)
            .or_default()
            .push(AgentRef {
                id: row.agent_id,
                name: row.agent_name,
            });
    }
    Ok(by_channel)
}

/// An event for each member of the channel, and nobody else.
fn to_members(channel: &Channel, event: LiveEvent) -> Vec<(Audience, LiveEvent)> {
    channel
        .members
        .iter()
        .map(|m| (Audience::agent(m.id), event.clone()))
        .collect()
}

/// Tells who should know that a channel changed: every agent for a public
/// one, else its members and `also` (someone who just left).
async fn channel_changed(
    tx: &mut Tx,
    channel: &Channel,
    also: &[i64],
    now: i64,
) -> Result<Vec<Published>> {
    let event = LiveEvent::ChannelUpdated {
        channel: channel.clone(),
    };
    let events = if channel.kind == ChannelKind::Public {
        vec![(Audience::AGENTS, event)]
    } else {
        let mut events = to_members(channel, event.clone());
        events.extend(also.iter().map(|id| (Audience::agent(*id), event.clone())));
        events
    };
    publish_all(tx, events, now).await
}
