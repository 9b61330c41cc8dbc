//! Staff chat's use cases: channels, private messages, mentions. A private
//! channel or a private conversation is known to its members alone: to
//! anyone else it does not exist (`not found`), whatever the door.

use super::Switchboard;
use crate::attachments::Uploader;
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::store::{NewChannel, Revision};
use switchboard_types::chat::{
    mentioned, Channel, ChannelEntry, ChannelKind, ChatMessage, ChatPage, ChatSearchHit,
    OpenedChannel,
};
use switchboard_types::{Agent, AgentRef};

/// How many messages a page of history holds at most.
pub const MAX_CHAT_PAGE: i64 = 100;
/// How many people a private conversation holds.
const MAX_DIRECT_MEMBERS: usize = 9;

/// A channel name as kept: lower case, words joined by `-`, no `#`.
pub fn channel_name(raw: &str) -> Result<String> {
    let name: String = raw
        .trim()
        .trim_start_matches('#')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() {
        return Err(Error::Invalid("a channel needs a name".into()));
    }
    if name.chars().count() > 40 {
        return Err(Error::Invalid(
            "a channel name can have at most 40 characters".into(),
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::Invalid(
            "a channel name can hold letters, digits, - and _ only".into(),
        ));
    }
    Ok(name)
}

/// A channel's description: one short paragraph.
pub fn channel_description(raw: &str) -> Result<String> {
    let description = raw.trim();
    lifecycle::clean_text("a description", description)?;
    if description.chars().count() > 250 {
        return Err(Error::Invalid(
            "a description can have at most 250 characters".into(),
        ));
    }
    Ok(description.to_string())
}

impl Switchboard {
    /// The agent's channels and private conversations, and the public
    /// channels they could join.
    pub async fn chat_channels(&self, agent: &Agent) -> Result<Vec<ChannelEntry>> {
        self.store.channel_entries(agent.id).await
    }

    /// A channel as `agent` may see it: theirs, or public. Anything else is
    /// not found, so that a private channel's existence does not leak.
    pub(super) async fn readable_channel(&self, agent: &Agent, channel_id: i64) -> Result<Channel> {
        let channel = self
            .store
            .channel(channel_id)
            .await?
            .ok_or(Error::NotFound("channel"))?;
        if channel.readable_by(agent.id) {
            Ok(channel)
        } else {
            Err(Error::NotFound("channel"))
        }
    }

    /// A channel `agent` is in (to write, invite, rename).
    async fn own_channel(&self, agent: &Agent, channel_id: i64) -> Result<Channel> {
        let channel = self.readable_channel(agent, channel_id).await?;
        if channel.is_member(agent.id) {
            Ok(channel)
        } else {
            Err(Error::Forbidden(format!("join #{} first", channel.name)))
        }
    }

    async fn entry(&self, agent: &Agent, channel_id: i64) -> Result<ChannelEntry> {
        self.store.channel_entry(agent.id, channel_id).await
    }

    /// A new channel with its creator in it.
    pub async fn create_channel(
        &self,
        agent: &Agent,
        name: &str,
        description: &str,
        private: bool,
    ) -> Result<ChannelEntry> {
        let name = channel_name(name)?;
        let description = channel_description(description)?;
        let new = NewChannel {
            kind: if private {
                ChannelKind::Private
            } else {
                ChannelKind::Public
            },
            name: &name,
            description: &description,
            created_by: agent.id,
            members: &[agent.id],
        };
        let (channel, published) = self.store.create_channel(&new).await?;
        self.published(published);
        self.entry(agent, channel.id).await
    }

    /// Private messages between `agent` and `others` (at least one): the
    /// same people always find the same conversation.
    pub async fn start_direct(&self, agent: &Agent, others: &[i64]) -> Result<ChannelEntry> {
        let staff = self.staff().await?;
        let mut members = vec![agent.id];
        for id in others {
            if !staff.iter().any(|a| a.id == *id) {
                return Err(Error::Invalid(format!("there is no active agent {id}")));
            }
            if !members.contains(id) {
                members.push(*id);
            }
        }
        if members.len() < 2 {
            return Err(Error::Invalid(
                "choose at least one colleague to write to".into(),
            ));
        }
        if members.len() > MAX_DIRECT_MEMBERS {
            return Err(Error::Invalid(format!(
                "a private conversation holds at most {MAX_DIRECT_MEMBERS} people; make a private channel instead"
            )));
        }
        let new = NewChannel {
            kind: ChannelKind::Direct,
            name: "",
            description: "",
            created_by: agent.id,
            members: &members,
        };
        let (channel, published) = self.store.create_channel(&new).await?;
        self.published(published);
        self.entry(agent, channel.id).await
    }

    /// Renames a channel or changes its description (its members).
    pub async fn describe_channel(
        &self,
        agent: &Agent,
        channel_id: i64,
        name: &str,
        description: &str,
    ) -> Result<ChannelEntry> {
        let channel = self.own_channel(agent, channel_id).await?;
        if channel.kind == ChannelKind::Direct {
            return Err(Error::Invalid(
                "private messages have no name to change".into(),
            ));
        }
        let name = channel_name(name)?;
        let description = channel_description(description)?;
        let (_, published) = self
            .store
            .describe_channel(channel_id, &name, &description)
            .await?;
        self.published(published);
        self.entry(agent, channel_id).await
    }

    /// Joins a public channel (a private one takes an invitation).
    pub async fn join_channel(&self, agent: &Agent, channel_id: i64) -> Result<ChannelEntry> {
        let channel = self.readable_channel(agent, channel_id).await?;
        if !channel.is_member(agent.id) {
            let (_, published) = self
                .store
                .add_channel_members(channel_id, &[agent.id])
                .await?;
            self.published(published);
        }
        self.entry(agent, channel_id).await
    }

    /// Leaves a channel. Private messages cannot be left.
    pub async fn leave_channel(&self, agent: &Agent, channel_id: i64) -> Result<()> {
        let channel = self.own_channel(agent, channel_id).await?;
        if channel.kind == ChannelKind::Direct {
            return Err(Error::Invalid("private messages cannot be left".into()));
        }
        let (_, published) = self
            .store
            .remove_channel_member(channel_id, agent.id)
            .await?;
        self.published(published);
        Ok(())
    }

    /// A member brings colleagues into a channel.
    pub async fn invite_to_channel(
        &self,
        agent: &Agent,
        channel_id: i64,
        agent_ids: &[i64],
    ) -> Result<ChannelEntry> {
        let channel = self.own_channel(agent, channel_id).await?;
        if channel.kind == ChannelKind::Direct {
            return Err(Error::Invalid(
                "private messages keep their people; start a new one with everyone instead".into(),
            ));
        }
        let staff = self.staff().await?;
        if let Some(unknown) = agent_ids
            .iter()
            .find(|id| !staff.iter().any(|a| a.id == **id))
        {
            return Err(Error::Invalid(format!(
                "there is no active agent {unknown}"
            )));
        }
        let (_, published) = self
            .store
            .add_channel_members(channel_id, agent_ids)
            .await?;
        self.published(published);
        self.entry(agent, channel_id).await
    }

    /// Opens a channel: the latest messages, and where the agent had read
    /// up to before (a member's pointer then moves to the end).
    pub async fn open_channel(&self, agent: &Agent, channel_id: i64) -> Result<OpenedChannel> {
        let entry = self.entry(agent, channel_id).await?;
        let channel = &entry.channel;
        if !channel.readable_by(agent.id) {
            return Err(Error::NotFound("channel"));
        }
        let page = self.store.chat_page(channel_id, None, 50).await?;
        if channel.is_member(agent.id) && entry.last_read_seq < channel.last_seq {
            let last_seq = channel.last_seq;
            let published = self
                .store
                .mark_channel_read(channel_id, agent.id, last_seq)
                .await?;
            self.published(published);
        }
        Ok(OpenedChannel { entry, page })
    }

    /// Earlier messages: up to `limit` before `before_seq`.
    pub async fn chat_history(
        &self,
        agent: &Agent,
        channel_id: i64,
        before_seq: Option<i64>,
        limit: Option<i64>,
    ) -> Result<ChatPage> {
        self.readable_channel(agent, channel_id).await?;
        let limit = limit.unwrap_or(50).clamp(1, MAX_CHAT_PAGE);
        self.store.chat_page(channel_id, before_seq, limit).await
    }

    /// Writes in a channel the agent is in, with files the agent uploaded
    /// (then the text may be empty); the same `client_id` again answers the
    /// message it made.
    pub async fn send_chat_message(
        &self,
        agent: &Agent,
        channel_id: i64,
        client_id: &str,
        body: &str,
        files: &[String],
    ) -> Result<ChatMessage> {
        let client_id = lifecycle::client_id(client_id)?;
        let body = lifecycle::message_body_with_files(body, !files.is_empty())?;
        self.readable_channel(agent, channel_id).await?;
        let files = self.files_to_send(Uploader::Agent(agent.id), files).await?;
        let staff = self.staff().await?;
        let mentions = mentioned(&body, &staff);
        let (message, published) = self
            .store
            .send_chat_message(channel_id, agent.id, &client_id, &body, &files, &mentions)
            .await?;
        self.published(published);
        Ok(message)
    }

    /// Changes the agent's own message (the earlier text is kept).
    pub async fn edit_chat_message(
        &self,
        agent: &Agent,
        message_id: i64,
        body: &str,
    ) -> Result<ChatMessage> {
        let body = lifecycle::message_body(body)?;
        self.revise(agent, message_id, Revision::Edit(&body)).await
    }

    /// Deletes the agent's own message: it stays in place, marked deleted.
    pub async fn delete_chat_message(&self, agent: &Agent, message_id: i64) -> Result<ChatMessage> {
        self.revise(agent, message_id, Revision::Delete).await
    }

    async fn revise(
        &self,
        agent: &Agent,
        message_id: i64,
        revision: Revision<'_>,
    ) -> Result<ChatMessage> {
        let message = self
            .store
            .chat_message(message_id)
            .await?
            .ok_or(Error::NotFound("message"))?;
        // A message in a channel they cannot read does not exist for them.
        self.readable_channel(agent, message.channel_id)
            .await
            .map_err(|_| Error::NotFound("message"))?;
        let (message, published) = self
            .store
            .revise_chat_message(message_id, agent.id, revision)
            .await?;
        self.published(published);
        Ok(message)
    }

    /// What a message said before its edits (and deletion), oldest first.
    pub async fn chat_message_versions(
        &self,
        agent: &Agent,
        message_id: i64,
    ) -> Result<Vec<String>> {
        let message = self
            .store
            .chat_message(message_id)
            .await?
            .ok_or(Error::NotFound("message"))?;
        self.readable_channel(agent, message.channel_id)
            .await
            .map_err(|_| Error::NotFound("message"))?;
        self.store.chat_message_versions(message_id).await
    }

    /// The member has read the channel up to `seq`.
    pub async fn mark_channel_read(&self, agent: &Agent, channel_id: i64, seq: i64) -> Result<()> {
        let channel = self.own_channel(agent, channel_id).await?;
        let seq = seq.clamp(0, channel.last_seq);
        let published = self
            .store
            .mark_channel_read(channel_id, agent.id, seq)
            .await?;
        self.published(published);
        Ok(())
    }

    /// Words in the messages of the agent's channels.
    pub async fn search_chat(&self, agent: &Agent, query: &str) -> Result<Vec<ChatSearchHit>> {
        let query = query.trim();
        lifecycle::clean_text("a search", query)?;
        if query.is_empty() {
            return Ok(Vec::new());
        }
        if query.len() > 200 {
            return Err(Error::Invalid(
                "a search can have at most 200 characters".into(),
            ));
        }
        self.store.search_chat(agent.id, query, 50).await
    }

    /// Every active agent, as mentions and pickers name them.
    async fn staff(&self) -> Result<Vec<AgentRef>> {
        let agents = self.store.agents().await?;
        Ok(agents
            .into_iter()
            .map(|a| AgentRef {
                id: a.id,
                name: a.name,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_are_kept_lower_case_and_joined() {
        assert_eq!(channel_name(" #Night Shift ").unwrap(), "night-shift");
        assert_eq!(channel_name("support_2").unwrap(), "support_2");
        assert!(channel_name("#").is_err());
        assert!(channel_name("a/b").is_err());
        assert!(channel_name(&"x".repeat(41)).is_err());
    }
}
