//! The echoes of the relay's own copies to users (see `storage::CopyIntents`).
//!
//! Where Telegram hands the session its own sends back (MTProto), each copy of an operator's
//! message is written down before it is sent. The gateway drops the echoes of the sends whose
//! ids it saw; an echo that still reaches the worker unexplained belongs to a copy whose answer
//! was lost — or whose relay was killed before its link was recorded — and is linked to the
//! intended copy instead of being shown as a message from another session.

use storage::{Answer, CopyIntent, Direction, NewLink};

use super::{Actor, Said, Target, Worker, WorkerError};
use crate::gateway::PrivateMessage;
use storage::params::WebhookEvent;

impl Worker {
    /// Whether copies to users are written down first: only where their echoes come back and
    /// would otherwise be intercepted.
    pub(super) fn intends_copies(&self) -> bool {
        self.gateway.echoes_own_sends() && self.params.intercept_external
    }

    /// Writes down the copy of `group_msg_ids` (a message, or an album) about to be sent.
    pub(super) async fn intend_copy(
        &self,
        target: &Target,
        group_msg_ids: &[i64],
    ) -> Result<(), WorkerError> {
        if !self.intends_copies() {
            return Ok(());
        }
        let operator_id = target.actor.operator_id();
        let name = target
            .said
            .as_ref()
            .map_or("", |said| said.sender_name.as_str());
        // Through the journal: batched with what other connections record meanwhile.
        let intent = storage::Record::CopyIntent {
            connection: self.id(),
            user_id: target.user.id,
            group_msg_ids: group_msg_ids.to_vec(),
            operator_id,
            operator_name: name.to_owned(),
        };
        self.storage.journal().write(vec![intent]).await?;
        Ok(())
    }

    /// Forgets a copy that Telegram refused for good (blocked, uncopyable): no echo will come,
    /// and a later message from another session must not be taken for one.
    pub(super) async fn forget_copy(
        &mut self,
        user_id: i64,
        group_msg_ids: &[i64],
    ) -> Result<(), WorkerError> {
        if self.intends_copies() {
            self.db()
                .await?
                .copy_intents()
                .forget(self.id(), user_id, group_msg_ids)
                .await?;
        }
        Ok(())
    }

    /// Links an outgoing message nobody claimed to an intended copy without a link, when there
    /// is one; true when the message was such an echo (and is handled).
    pub(super) async fn claim_echo(
        &mut self,
        message: &PrivateMessage,
    ) -> Result<bool, WorkerError> {
        if !message.outgoing || !self.intends_copies() {
            return Ok(false);
        }
        let (id, user) = (self.id(), message.user.id);
        let mut claimed = false;
        // An album's echo comes as one message with the rest of its parts.
        for msg_id in std::iter::once(message.msg_id).chain(message.album.iter().copied()) {
            let Some(intent) = self.db().await?.copy_intents().unlinked(id, user).await? else {
                break;
            };
            self.link_echo(message, msg_id, intent).await?;
            claimed = true;
        }
        Ok(claimed)
    }

    /// Records the link (and the answer, and `message_sent`) the lost copy did not record.
    async fn link_echo(
        &mut self,
        message: &PrivateMessage,
        msg_id: i64,
        intent: CopyIntent,
    ) -> Result<(), WorkerError> {
        let id = self.id();
        tracing::info!(
            connection = id.0,
            group_msg = intent.group_msg_id,
            "an unrecorded copy's echo linked"
        );
        let dialog = self.db().await?.dialogs().get(id, intent.user_id).await?;
        let target = Target {
            user: message.user.clone(),
            dialog,
            start_param: None,
            album: Vec::new(),
            actor: Actor::Operator(intent.operator_id),
            said: Some(Said {
                text: message.text.clone(),
                media: message.media.clone(),
                sender_name: intent.operator_name.clone(),
            }),
        };
        let hooks = self.message_hooks(
            WebhookEvent::MessageSent,
            &target,
            msg_id,
            intent.group_msg_id,
        );
        let link = NewLink {
            connection: id,
            user_id: intent.user_id,
            user_msg_id: msg_id,
            group_msg_id: intent.group_msg_id,
            direction: Direction::Out,
        };
        let answer = Answer {
            operator_id: intent.operator_id,
            waited_since: None,
        };
        self.db()
            .await?
            .message_links()
            .record_announcing(link, Some(answer), &hooks)
            .await?;
        self.hooks_queued(&hooks);
        Ok(())
    }
}
