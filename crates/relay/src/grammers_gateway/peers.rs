//! Peers: access hashes from the session, strangers looked up, users found by name or phone.

use grammers_session::Session as _;
use grammers_session::types::{PeerId, PeerRef};
use grammers_tl_types as tl;

use crate::gateway::GatewayError;
use crate::logic::Person;
use crate::logic::general::UserRef;

use super::{Core, GrammersGateway};

pub(super) fn person_of(user: &grammers_client::peer::User) -> Person {
    Person {
        id: user.id().bare_id().unwrap_or_default(),
        first_name: user.first_name().unwrap_or_default().to_owned(),
        last_name: user.last_name().map(str::to_owned),
        username: user.username().map(str::to_owned),
        language: user.lang_code().map(str::to_owned),
        is_premium: matches!(&user.raw, tl::enums::User::User(u) if u.premium),
    }
}

/// Where users this session knows only as min constructors were seen: grammers caches no
/// access hash for them, so they are addressed through a message they sent
/// (https://core.telegram.org/api/min; issue 13 defect 7).
#[derive(Default)]
pub(super) struct MinSeen(std::sync::Mutex<std::collections::HashMap<i64, (i64, i32)>>);

/// How many min users are remembered (operators of the groups this session serves).
const MIN_SEEN: usize = 10_000;

impl MinSeen {
    pub(super) fn record(&self, user: i64, chat_id: i64, msg_id: i32) {
        let mut seen = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= MIN_SEEN && !seen.contains_key(&user) {
            seen.clear(); // rare: operators are few; they are recorded again with their next message
        }
        seen.insert(user, (chat_id, msg_id));
    }

    fn get(&self, user: i64) -> Option<(i64, i32)> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&user)
            .copied()
    }
}

impl Core {
    /// A user as an input peer: with their access hash when the session has it, else through
    /// the message they were seen in as a min user (`inputPeerUserFromMessage`).
    pub(super) async fn input_user_peer(
        &self,
        user_id: i64,
    ) -> Result<tl::enums::InputPeer, GatewayError> {
        let id = PeerId::user(user_id).ok_or(GatewayError::NotFound)?;
        let known = self
            .session
            .peer_ref(id)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        if let Some(known) = known {
            return Ok(known.into());
        }
        match self.min_seen.get(user_id) {
            Some((chat_id, msg_id)) => Ok(tl::types::InputPeerUserFromMessage {
                peer: self.input_peer(chat_id).await?,
                msg_id,
                user_id,
            }
            .into()),
            None => Ok(id.to_ambient_ref().into()),
        }
    }

    pub(super) async fn peer(&self, chat_id: i64) -> Result<PeerRef, GatewayError> {
        let id = PeerId::from_bot_api_dialog_id(chat_id).ok_or(GatewayError::NotFound)?;
        let known = self
            .session
            .peer_ref(id)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        Ok(known.unwrap_or_else(|| id.to_ambient_ref()))
    }

    pub(super) async fn input_peer(
        &self,
        chat_id: i64,
    ) -> Result<tl::enums::InputPeer, GatewayError> {
        Ok(self.peer(chat_id).await?.into())
    }

    pub(super) async fn input_channel(
        &self,
        chat_id: i64,
    ) -> Result<tl::enums::InputChannel, GatewayError> {
        Ok(self.peer(chat_id).await?.into())
    }

    /// The sender of a private message from a user this session holds no access hash for, with
    /// their hash cached from now on: accounts receive strangers' texts as `updateShortMessage`,
    /// which names no user, and grammers does not fetch missing peers. A private message fetched
    /// by id carries its sender (issue 13 defect 3). `None` when the user is known already, or
    /// when the lookup fails (the message is then handled with what is known).
    pub(super) async fn resolve_stranger(&self, user: i64, msg_id: i64) -> Option<Person> {
        use grammers_session::types::{PeerAuth, PeerInfo};
        let id = PeerId::user(user)?;
        if self.session.peer_ref(id).await.ok()?.is_some() {
            return None;
        }
        let request = tl::functions::messages::GetMessages {
            id: vec![tl::enums::InputMessage::Id(tl::types::InputMessageId {
                id: i32::try_from(msg_id).ok()?,
            })],
        };
        let users = match self.invoke(&request).await {
            Ok(tl::enums::messages::Messages::Messages(m)) => m.users,
            Ok(tl::enums::messages::Messages::Slice(m)) => m.users,
            Ok(tl::enums::messages::Messages::ChannelMessages(m)) => m.users,
            Ok(tl::enums::messages::Messages::NotModified(_)) => Vec::new(),
            Err(err) => {
                tracing::warn!(error = %err, "looking up the sender of a private message");
                return None;
            }
        };
        let u = users.into_iter().find_map(|u| match u {
            tl::enums::User::User(u) if u.id == user => Some(u),
            _ => None,
        })?;
        let info = PeerInfo::User {
            id: u.id,
            auth: u.access_hash.map(PeerAuth::from_hash),
            bot: Some(u.bot),
            is_self: Some(false),
        };
        if let Err(err) = self.session.cache_peer(info).await {
            tracing::warn!(error = %err, "caching the sender of a private message");
        }
        Some(Person {
            id: u.id,
            first_name: u.first_name.unwrap_or_default(),
            last_name: u.last_name,
            username: u.username,
            language: u.lang_code,
            is_premium: u.premium,
        })
    }
}

impl GrammersGateway {
    /// `user` as this session may address them: the cached access hash, or else one resolved
    /// from their `username` (checked to still be theirs: usernames change hands). Without
    /// either, the ambient reference, which Telegram refuses with USER_ID_INVALID.
    pub(super) async fn known_user(
        &self,
        user: i64,
        username: Option<&str>,
    ) -> Result<PeerRef, GatewayError> {
        let id = PeerId::user(user).ok_or(GatewayError::NotFound)?;
        let cached = self
            .session
            .peer_ref(id)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        if let Some(known) = cached {
            return Ok(known);
        }
        if let Some(name) = username {
            match self.find_user(&UserRef::Username(name.to_owned())).await {
                Ok(person) if person.id == user => {}
                Ok(_) | Err(GatewayError::NotFound | GatewayError::NotAllowed) => {
                    tracing::info!("the admin's username is not theirs any more");
                }
                Err(err) => return Err(err),
            }
        }
        self.peer(user).await
    }

    pub(super) async fn find_user(&self, who: &UserRef) -> Result<Person, GatewayError> {
        use grammers_session::types::{PeerAuth, PeerInfo};
        let user = match who {
            UserRef::Phone(_) if self.me.is_bot => return Err(GatewayError::NotAllowed),
            UserRef::Phone(phone) => {
                let request = tl::functions::contacts::ImportContacts {
                    contacts: vec![
                        tl::types::InputPhoneContact {
                            client_id: 0,
                            phone: phone.clone(),
                            first_name: phone.clone(),
                            last_name: String::new(),
                            note: None,
                        }
                        .into(),
                    ],
                };
                let tl::enums::contacts::ImportedContacts::Contacts(imported) =
                    self.invoke(&request).await?;
                imported.users.into_iter().next()
            }
            UserRef::Username(name) => {
                // Raw, so a bot's lookup does not make the user "known" by itself.
                let request = tl::functions::contacts::ResolveUsername {
                    username: name.clone(),
                    referer: None,
                };
                match self.invoke(&request).await {
                    Ok(tl::enums::contacts::ResolvedPeer::Peer(p)) => p.users.into_iter().next(),
                    Err(GatewayError::Other(name)) if name == "USERNAME_NOT_OCCUPIED" => None,
                    Err(GatewayError::Other(name)) if name == "USERNAME_INVALID" => None,
                    Err(err) => return Err(err),
                }
            }
            UserRef::Id(id) => {
                let known = PeerId::user(*id).ok_or(GatewayError::NotFound)?;
                if self
                    .session
                    .peer_ref(known)
                    .await
                    .map_err(|e| GatewayError::Other(e.to_string()))?
                    .is_none()
                {
                    // Without an access hash Telegram answers nothing about a user.
                    return Err(GatewayError::NotFound);
                }
                return self.user_info(*id).await;
            }
        };
        let Some(tl::enums::User::User(user)) = user else {
            return Err(GatewayError::NotFound);
        };
        if user.bot {
            return Err(GatewayError::NotAllowed);
        }
        let id = PeerId::user(user.id).ok_or(GatewayError::NotFound)?;
        let known = self
            .session
            .peer_ref(id)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?
            .is_some();
        if self.me.is_bot && !known {
            // A bot may only write to users who started it, and those it has seen.
            return Err(GatewayError::NotAllowed);
        }
        if !known {
            self.session
                .cache_peer(PeerInfo::User {
                    id: user.id,
                    auth: user.access_hash.map(PeerAuth::from_hash),
                    bot: Some(user.bot),
                    is_self: Some(false),
                })
                .await
                .map_err(|e| GatewayError::Other(e.to_string()))?;
        }
        Ok(Person {
            id: user.id,
            first_name: user.first_name.unwrap_or_default(),
            last_name: user.last_name,
            username: user.username,
            language: user.lang_code,
            is_premium: user.premium,
        })
    }

    pub(super) async fn user_info(&self, user_id: i64) -> Result<Person, GatewayError> {
        let user: tl::enums::InputUser = self.peer(user_id).await?.into();
        let users = self
            .invoke(&tl::functions::users::GetUsers { id: vec![user] })
            .await?;
        match users.into_iter().next() {
            Some(tl::enums::User::User(u)) => Ok(Person {
                id: u.id,
                first_name: u.first_name.unwrap_or_default(),
                last_name: u.last_name,
                username: u.username,
                language: u.lang_code,
                is_premium: u.premium,
            }),
            _ => Err(GatewayError::NotFound),
        }
    }
}
