//! Groups and topics: creating the backend group, topics, rights.

use grammers_session::Session as _;
use grammers_session::types::PeerId;
use grammers_tl_types as tl;

use crate::gateway::{AdminJoin, GatewayError, GroupInfo, Rights};

use super::requests::random_id;
use super::{Core, GrammersGateway};

pub(super) fn rights_of(admin: &tl::types::ChatAdminRights) -> Rights {
    Rights {
        manage_topics: admin.manage_topics,
        delete_messages: admin.delete_messages,
        pin_messages: admin.pin_messages,
        ban_users: admin.ban_users,
        invite_users: admin.invite_users,
    }
}

impl GrammersGateway {
    pub(super) async fn create_topic(
        &self,
        chat_id: i64,
        title: &str,
        icon_color: i32,
    ) -> Result<i64, GatewayError> {
        let random_id = random_id();
        let request = tl::functions::messages::CreateForumTopic {
            title_missing: false,
            peer: self.input_peer(chat_id).await?,
            title: title.to_owned(),
            icon_color: Some(icon_color),
            icon_emoji_id: None,
            random_id,
            send_as: None,
        };
        let updates = self.invoke(&request).await?;
        // The topic's id is the id of the service message that created it.
        Core::new_message_id(&updates, random_id)
            .ok_or_else(|| GatewayError::Other("no topic id in the answer".into()))
    }

    pub(super) async fn rename_topic(
        &self,
        chat_id: i64,
        topic_id: i64,
        title: &str,
    ) -> Result<(), GatewayError> {
        let request = tl::functions::messages::EditForumTopic {
            peer: self.input_peer(chat_id).await?,
            topic_id: i32::try_from(topic_id).map_err(|_| GatewayError::TopicDeleted)?,
            title: Some(title.to_owned()),
            icon_emoji_id: None,
            closed: None,
            hidden: None,
        };
        match self.invoke(&request).await {
            Ok(_) => Ok(()),
            // The title is already this one.
            Err(GatewayError::Other(name)) if name == "TOPIC_NOT_MODIFIED" => Ok(()),
            Err(err) => Err(err),
        }
    }

    pub(super) async fn reopen_topic(
        &self,
        chat_id: i64,
        topic_id: i64,
    ) -> Result<(), GatewayError> {
        let request = tl::functions::messages::EditForumTopic {
            peer: self.input_peer(chat_id).await?,
            topic_id: i32::try_from(topic_id).map_err(|_| GatewayError::TopicDeleted)?,
            title: None,
            icon_emoji_id: None,
            closed: Some(false),
            hidden: None,
        };
        self.invoke(&request).await.map(|_| ())
    }

    pub(super) async fn group_info(&self, chat_id: i64) -> Result<GroupInfo, GatewayError> {
        let channel = self.input_channel(chat_id).await?;
        let chats = match self
            .invoke(&tl::functions::channels::GetChannels { id: vec![channel] })
            .await?
        {
            tl::enums::messages::Chats::Chats(c) => c.chats,
            tl::enums::messages::Chats::Slice(c) => c.chats,
        };
        let Some(tl::enums::Chat::Channel(channel)) = chats.into_iter().next() else {
            return Err(GatewayError::NotFound);
        };
        let my_rights = if channel.creator {
            Rights {
                manage_topics: true,
                delete_messages: true,
                pin_messages: true,
                ban_users: true,
                invite_users: true,
            }
        } else {
            channel
                .admin_rights
                .as_ref()
                .map(|r| match r {
                    tl::enums::ChatAdminRights::Rights(r) => rights_of(r),
                })
                .unwrap_or_default()
        };
        Ok(GroupInfo {
            chat_id,
            title: channel.title,
            is_forum: channel.forum,
            my_rights,
        })
    }

    pub(super) async fn create_forum_group(&self, title: &str) -> Result<i64, GatewayError> {
        use grammers_session::types::{ChannelKind, PeerAuth, PeerInfo};
        let request = tl::functions::channels::CreateChannel {
            broadcast: false,
            megagroup: true,
            for_import: false,
            forum: true,
            title: title.to_owned(),
            about: String::new(),
            geo_point: None,
            address: None,
            ttl_period: None,
        };
        let chats = match self.invoke(&request).await? {
            tl::enums::Updates::Updates(u) => u.chats,
            tl::enums::Updates::Combined(u) => u.chats,
            _ => Vec::new(),
        };
        let Some(tl::enums::Chat::Channel(channel)) = chats
            .into_iter()
            .find(|c| matches!(c, tl::enums::Chat::Channel(_)))
        else {
            return Err(GatewayError::Other("no channel in the answer".into()));
        };
        // Raw requests do not cache peers by themselves: remember the new group's access hash,
        // and write it at once, since the next steps may run after a restart.
        let info = PeerInfo::Channel {
            id: channel.id,
            auth: channel.access_hash.map(PeerAuth::from_hash),
            kind: Some(ChannelKind::Megagroup),
        };
        self.session
            .cache_peer(info)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        if let Err(err) = self.session.flush().await {
            tracing::warn!(error = %err, "saving the new group's access hash");
        }
        PeerId::channel(channel.id)
            .and_then(PeerId::bot_api_dialog_id)
            .ok_or(GatewayError::NotFound)
    }

    pub(super) async fn bring_in_admin(
        &self,
        chat_id: i64,
        admin: i64,
        username: Option<&str>,
    ) -> Result<AdminJoin, GatewayError> {
        let input_channel = self.input_channel(chat_id).await?;
        let admin_ref = self.known_user(admin, username).await?;
        let invited = self
            .invoke(&tl::functions::channels::InviteToChannel {
                channel: input_channel.clone(),
                users: vec![admin_ref.into()],
            })
            .await;
        let added = match invited {
            Ok(tl::enums::messages::InvitedUsers::Users(users)) => {
                users.missing_invitees.is_empty()
            }
            // Already in: a retry after the add went through.
            Err(GatewayError::Other(name)) if name == "USER_ALREADY_PARTICIPANT" => true,
            // Passing: the caller retries this step, never the group's creation.
            Err(err @ (GatewayError::FloodWait { .. } | GatewayError::Network)) => {
                return Err(err);
            }
            // Privacy settings (USER_PRIVACY_RESTRICTED), a user this account cannot address
            // (no access hash: USER_ID_INVALID), and the like: a link instead.
            Err(err) => {
                tracing::info!(error = %err, "the admin cannot be added; sending a link");
                false
            }
        };
        if added {
            let promote = tl::functions::channels::EditAdmin {
                channel: input_channel,
                user_id: admin_ref.into(),
                admin_rights: desk_admin_rights().into(),
                rank: None,
            };
            return match self.invoke(&promote).await {
                Ok(_) => Ok(AdminJoin::Promoted),
                Err(err @ (GatewayError::FloodWait { .. } | GatewayError::Network)) => Err(err),
                // The group works without it: the admin is told, not the whole step failed.
                Err(err) => Ok(AdminJoin::NotPromoted {
                    reason: err.to_string(),
                }),
            };
        }
        let invite = tl::functions::messages::ExportChatInvite {
            legacy_revoke_permanent: false,
            request_needed: false,
            peer: self.input_peer(chat_id).await?,
            expire_date: None,
            usage_limit: None,
            title: None,
            subscription_pricing: None,
        };
        match self.invoke(&invite).await? {
            tl::enums::ExportedChatInvite::ChatInviteExported(invite) => {
                Ok(AdminJoin::InviteLink(invite.link))
            }
            _ => Err(GatewayError::Other("no invite link in the answer".into())),
        }
    }

    pub(super) async fn member_rights(
        &self,
        chat_id: i64,
        user_id: i64,
    ) -> Result<Rights, GatewayError> {
        let request = tl::functions::channels::GetParticipant {
            channel: self.input_channel(chat_id).await?,
            participant: self.input_user_peer(user_id).await?,
        };
        let tl::enums::channels::ChannelParticipant::Participant(answer) =
            self.invoke(&request).await?;
        Ok(match answer.participant {
            tl::enums::ChannelParticipant::Creator(c) => match c.admin_rights {
                tl::enums::ChatAdminRights::Rights(r) => Rights {
                    ban_users: true,
                    ..rights_of(&r)
                },
            },
            tl::enums::ChannelParticipant::Admin(a) => match a.admin_rights {
                tl::enums::ChatAdminRights::Rights(r) => rights_of(&r),
            },
            _ => Rights::default(),
        })
    }
}

/// Every right the help desk needs of the admin in a group an account created for them.
fn desk_admin_rights() -> tl::types::ChatAdminRights {
    tl::types::ChatAdminRights {
        change_info: true,
        post_messages: false,
        edit_messages: false,
        delete_messages: true,
        ban_users: true,
        invite_users: true,
        pin_messages: true,
        add_admins: true,
        anonymous: false,
        manage_call: true,
        other: true,
        manage_topics: true,
        post_stories: false,
        edit_stories: false,
        delete_stories: false,
        manage_direct_messages: false,
        manage_ranks: false,
        manage_linked_peers: false,
        manage_welcome_messages: false,
    }
}
