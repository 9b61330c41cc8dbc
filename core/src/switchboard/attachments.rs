//! Attachments: uploading a file (an agent or a customer), choosing files
//! for a message, and fetching one (agents who may see its conversation;
//! its customer by a signed link).

use super::{setting, Switchboard};
use crate::attachments::{self, Files, Kept, Signer, Uploader};
use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::store::rows::AttachmentRow;
use crate::store::NewAttachment;
use crate::Customer;
use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{Stream, StreamExt};
use switchboard_types::{Agent, Attachment, LiveEvent, Message};

/// A file on its way out: what to say of it, and its bytes as a stream.
pub struct Download {
    pub name: String,
    pub content_type: String,
    /// A raster image, shown in place; anything else is a download.
    pub inline: bool,
    pub body: BoxStream<'static, std::result::Result<Bytes, object_store::Error>>,
}

/// The most files a customer's account lists.
const CONTACT_FILES: i64 = 200;

impl Switchboard {
    /// Keeps the files of this install at `files` (a folder, or
    /// S3-compatible storage) instead of the default beside the database.
    pub fn with_files(mut self, files: Files) -> Self {
        self.files = files;
        self
    }

    /// Where files go, in words (for the start-up log).
    pub fn files_place(&self) -> &str {
        self.files.place()
    }

    async fn signer(&self) -> Result<Signer> {
        if let Some(secret) = self.setting(setting::ATTACHMENT_SECRET).await? {
            return Ok(Signer::new(&secret));
        }
        let secret = self
            .store
            .setting_or_insert(setting::ATTACHMENT_SECRET, &crate::auth::new_secret())
            .await?;
        Ok(Signer::new(&secret))
    }

    async fn upload<S, E>(&self, uploader: Uploader, name: &str, body: S) -> Result<Kept>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        let name = attachments::clean_name(name);
        let stored = self.files.put(body).await?;
        self.store
            .insert_attachment(&NewAttachment {
                id: &stored.id,
                uploader,
                name: &name,
                size: stored.size,
                content_type: stored.content_type,
                checksum: &stored.checksum,
                thumbnail: stored.thumbnail,
            })
            .await?;
        metrics::counter!("switchboard_attachments_uploaded_total").increment(1);
        Ok(Kept {
            id: stored.id,
            name,
            size: stored.size,
            content_type: stored.content_type.to_string(),
            thumbnail: stored.thumbnail,
        })
    }

    /// An agent uploads a file, to send with a reply or a note next.
    pub async fn agent_upload<S, E>(&self, agent: &Agent, name: &str, body: S) -> Result<Attachment>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        let kept = self.upload(Uploader::Agent(agent.id), name, body).await?;
        Ok(kept.for_agents())
    }

    /// A customer uploads a file, to send with their next message.
    pub async fn customer_upload<S, E>(
        &self,
        contact: &Customer,
        name: &str,
        body: S,
    ) -> Result<Attachment>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        let kept = self
            .upload(Uploader::Contact(contact.id), name, body)
            .await?;
        Ok(self.signer().await?.for_customer(&kept, now_ms() / 1000))
    }

    /// The files `uploader` chose for a message: theirs, within a
    /// message's limits. Whether each is still unsent is the store's to
    /// say, once it knows the message is not a retry of one stored.
    pub(super) async fn files_to_send(
        &self,
        uploader: Uploader,
        ids: &[String],
    ) -> Result<Vec<Kept>> {
        let mut files: Vec<Kept> = Vec::with_capacity(ids.len());
        for id in ids {
            if files.iter().any(|f| &f.id == id) {
                continue;
            }
            let row = self
                .store
                .attachment(id)
                .await?
                .filter(|row| uploaded_by(row) == Some(uploader))
                .ok_or(Error::NotFound("attachment"))?;
            files.push(row.kept());
        }
        attachments::check_message_files(&files)?;
        Ok(files)
    }

    async fn download(&self, row: &AttachmentRow, thumbnail: bool) -> Result<Download> {
        if thumbnail && !row.thumbnail {
            return Err(Error::NotFound("thumbnail"));
        }
        let body = self.files.get(&row.id, thumbnail).await?.boxed();
        Ok(Download {
            name: row.name.clone(),
            content_type: if thumbnail {
                attachments::THUMBNAIL_TYPE.into()
            } else {
                row.content_type.clone()
            },
            inline: thumbnail || attachments::shown_inline(&row.content_type),
            body,
        })
    }

    /// An agent fetches a file: one sent in a conversation they may see,
    /// in a staff chat channel they may read (until its message is
    /// deleted), or one they uploaded and have not sent yet.
    pub async fn agent_file(&self, agent: &Agent, id: &str, thumbnail: bool) -> Result<Download> {
        let row = self
            .store
            .attachment(id)
            .await?
            .ok_or(Error::NotFound("attachment"))?;
        if let Some(channel_id) = row.chat_channel_id {
            if row.chat_deleted_at.is_some() {
                return Err(Error::NotFound("attachment"));
            }
            self.readable_channel(agent, channel_id)
                .await
                .map_err(|_| Error::NotFound("attachment"))?;
            return self.download(&row, thumbnail).await;
        }
        match row.conversation_number {
            Some(number) => {
                // Hidden with a deleted conversation (admins still see it).
                self.conversation(agent, number)
                    .await
                    .map_err(|_| Error::NotFound("attachment"))?;
            }
            None if uploaded_by(&row) == Some(Uploader::Agent(agent.id)) => {}
            None => return Err(Error::NotFound("attachment")),
        }
        self.download(&row, thumbnail).await
    }

    /// A customer fetches a file by the signed link they were given: a file
    /// of their own conversation (not a note's), while it is not deleted.
    pub async fn customer_file(
        &self,
        id: &str,
        thumbnail: bool,
        expires: i64,
        signature: &str,
    ) -> Result<Download> {
        self.signer()
            .await?
            .check(thumbnail, id, expires, signature, now_ms() / 1000)?;
        let row = self
            .store
            .attachment(id)
            .await?
            .filter(|row| {
                row.private != Some(true)
                    && row.deleted_at.is_none()
                    && row.chat_channel_id.is_none()
            })
            .ok_or(Error::NotFound("attachment"))?;
        self.download(&row, thumbnail).await
    }

    /// The files in a customer's conversations, newest first (an agent's
    /// view of the customer's account).
    pub async fn contact_files(&self, _agent: &Agent, contact_id: i64) -> Result<Vec<Attachment>> {
        Ok(self
            .store
            .contact_attachments(contact_id, CONTACT_FILES)
            .await?
            .iter()
            .map(|row| row.kept().for_agents())
            .collect())
    }

    /// Removes files uploaded but never sent, once they are older than
    /// [`attachments::UNSENT_KEPT_MS`]: a composer's files given up, or a
    /// mail delivered twice (its message is stored once, its files twice).
    /// Answers how many went.
    pub async fn remove_unsent_files(&self) -> Result<usize> {
        let before = now_ms() - attachments::UNSENT_KEPT_MS;
        let mut removed = 0;
        for (id, thumbnail) in self.store.unsent_attachments(before, 500).await? {
            // The row goes first: a file sent meanwhile keeps its row, and
            // its bytes.
            if self.store.forget_unsent_attachment(&id).await? {
                self.files.delete(&id, thumbnail).await?;
                removed += 1;
            }
        }
        if removed > 0 {
            metrics::counter!("switchboard_attachments_removed_unsent_total")
                .increment(removed as u64);
        }
        Ok(removed)
    }

    /// A message as it leaves for its customer: its files' links signed.
    pub async fn for_customer(&self, message: Message) -> Result<Message> {
        let mut signed = self.all_for_customer(vec![message]).await?;
        signed.pop().ok_or(Error::NotFound("message"))
    }

    /// Messages as they leave for their customer: their files' links
    /// signed, for a day from now.
    pub async fn all_for_customer(&self, mut messages: Vec<Message>) -> Result<Vec<Message>> {
        if messages.iter().all(|m| m.attachments.is_empty()) {
            return Ok(messages);
        }
        let signer = self.signer().await?;
        let now = now_ms() / 1000;
        for file in messages.iter_mut().flat_map(|m| m.attachments.iter_mut()) {
            *file = signer.for_customer(&kept_of(file), now);
        }
        Ok(messages)
    }

    /// A live event as it leaves for a customer: a new message's files'
    /// links signed at that moment (a replayed event gets fresh ones).
    pub async fn event_for_customer(&self, event: LiveEvent) -> Result<LiveEvent> {
        match event {
            LiveEvent::MessageCreated { message } => Ok(LiveEvent::MessageCreated {
                message: self.for_customer(message).await?,
            }),
            other => Ok(other),
        }
    }
}

fn uploaded_by(row: &AttachmentRow) -> Option<Uploader> {
    match row.uploader_kind.as_str() {
        "agent" => row.uploader_agent_id.map(Uploader::Agent),
        "contact" => row.uploader_contact_id.map(Uploader::Contact),
        _ => None,
    }
}

/// What a message kept of a file, back from how a client is told of it.
fn kept_of(file: &Attachment) -> Kept {
    Kept {
        id: file.id.clone(),
        name: file.name.clone(),
        size: file.size,
        content_type: file.content_type.clone(),
        thumbnail: file.is_image(),
    }
}
