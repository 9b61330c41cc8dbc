// Attachments: what is known of each file (its bytes are in the attachment
// store), and tying files to the message they are sent with.
// Compiled inside each backend's module (see `common.rs`).

const ATTACHMENT_SELECT: &str = "SELECT f.id, f.uploader_kind, f.uploader_agent_id, \
    f.uploader_contact_id, f.name, f.size, f.content_type, f.checksum, f.thumbnail, \
    f.conversation_number, f.message_id, m.private, c.contact_id, c.deleted_at, f.created_at, \
    cm.channel_id AS chat_channel_id, cm.deleted_at AS chat_deleted_at \
    FROM attachments f \
    LEFT JOIN messages m ON m.id = f.message_id \
    LEFT JOIN conversations c ON c.number = f.conversation_number \
    LEFT JOIN channel_messages cm ON cm.id = f.chat_message_id";

impl Backend {
    pub async fn insert_attachment(&self, new: &NewAttachment<'_>) -> Result<()> {
        let (kind, agent_id, contact_id) = match new.uploader {
            crate::attachments::Uploader::Agent(id) => ("agent", Some(id), None),
            crate::attachments::Uploader::Contact(id) => ("contact", None, Some(id)),
        };
        sqlx::query(
            "INSERT INTO attachments (id, uploader_kind, uploader_agent_id, uploader_contact_id, \
               name, size, content_type, checksum, thumbnail, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(new.id)
        .bind(kind)
        .bind(agent_id)
        .bind(contact_id)
        .bind(new.name)
        .bind(new.size)
        .bind(new.content_type)
        .bind(new.checksum)
        .bind(new.thumbnail)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn attachment(&self, id: &str) -> Result<Option<AttachmentRow>> {
        Ok(
            sqlx::query_as(&format!("{ATTACHMENT_SELECT} WHERE f.id = $1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The files a customer's conversations hold (sent by anyone, notes'
    /// files left out), newest first.
    pub async fn contact_attachments(&self, contact_id: i64, limit: i64) -> Result<Vec<AttachmentRow>> {
        Ok(sqlx::query_as(&format!(
            "{ATTACHMENT_SELECT} WHERE c.contact_id = $1 AND m.private = FALSE \
             AND c.deleted_at IS NULL ORDER BY f.created_at DESC, f.id LIMIT $2"
        ))
        .bind(contact_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn unsent_attachments(&self, before: i64, limit: i64) -> Result<Vec<(String, bool)>> {
        Ok(sqlx::query_as(
            "SELECT id, thumbnail FROM attachments \
             WHERE message_id IS NULL AND chat_message_id IS NULL AND created_at < $1 \
             ORDER BY created_at LIMIT $2",
        )
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn forget_unsent_attachment(&self, id: &str) -> Result<bool> {
        let forgotten = sqlx::query(
            "DELETE FROM attachments WHERE id = $1 AND message_id IS NULL AND chat_message_id IS NULL",
        )
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(forgotten.rows_affected() == 1)
    }
}

/// Ties files to the message sent with them; a file sent with another
/// message already (two sends racing) fails the whole send.
async fn attach_files(
    tx: &mut Tx,
    message_id: i64,
    number: i64,
    files: &[crate::attachments::Kept],
) -> Result<()> {
    for file in files {
        let tied = sqlx::query(
            "UPDATE attachments SET message_id = $1, conversation_number = $2 \
             WHERE id = $3 AND message_id IS NULL AND chat_message_id IS NULL",
        )
        .bind(message_id)
        .bind(number)
        .bind(&file.id)
        .execute(&mut **tx)
        .await?;
        sent_once(tied.rows_affected(), file)?;
    }
    Ok(())
}

/// Ties files to the staff chat message sent with them, as [`attach_files`]
/// does for a conversation's.
async fn attach_chat_files(
    tx: &mut Tx,
    chat_message_id: i64,
    files: &[crate::attachments::Kept],
) -> Result<()> {
    for file in files {
        let tied = sqlx::query(
            "UPDATE attachments SET chat_message_id = $1 \
             WHERE id = $2 AND message_id IS NULL AND chat_message_id IS NULL",
        )
        .bind(chat_message_id)
        .bind(&file.id)
        .execute(&mut **tx)
        .await?;
        sent_once(tied.rows_affected(), file)?;
    }
    Ok(())
}

/// A file is sent with one message: tying it changed one row, or it was
/// taken by another message already (two sends racing).
fn sent_once(rows: u64, file: &crate::attachments::Kept) -> Result<()> {
    if rows == 1 {
        Ok(())
    } else {
        Err(Error::Conflict(format!(
            "{} was sent with another message already",
            file.name
        )))
    }
}
