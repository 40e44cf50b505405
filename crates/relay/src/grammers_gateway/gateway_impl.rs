//! The [`Gateway`] trait over the inherent methods in this module's other files (each named
//! after what it holds). Inherent methods take precedence over trait methods, so every call
//! below reaches the file that does the work.

use std::sync::Arc;

use async_trait::async_trait;

use super::GrammersGateway;
use crate::gateway::{AdminJoin, Gateway, GatewayError, GroupInfo, Me, Rights, Update};
use crate::logic::Person;
use crate::logic::broadcast::Button;
use crate::logic::general::UserRef;

#[async_trait]
impl Gateway for GrammersGateway {
    async fn me(&self) -> Result<Me, GatewayError> {
        Ok(self.me.clone())
    }

    async fn next_update(&self) -> Option<Update> {
        let mut pending = self.pending.lock().await;
        let receiving =
            pending.get_or_insert_with(|| Box::pin(Arc::clone(&self.core).receive_next()));
        let update = receiving.await;
        *pending = None;
        update
    }

    async fn create_topic(
        &self,
        chat_id: i64,
        title: &str,
        icon_color: i32,
    ) -> Result<i64, GatewayError> {
        GrammersGateway::create_topic(self, chat_id, title, icon_color).await
    }

    async fn rename_topic(
        &self,
        chat_id: i64,
        topic_id: i64,
        title: &str,
    ) -> Result<(), GatewayError> {
        GrammersGateway::rename_topic(self, chat_id, topic_id, title).await
    }

    async fn reopen_topic(&self, chat_id: i64, topic_id: i64) -> Result<(), GatewayError> {
        GrammersGateway::reopen_topic(self, chat_id, topic_id).await
    }

    async fn copy_message(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        note: Option<&str>,
        dedup: i64,
    ) -> Result<i64, GatewayError> {
        GrammersGateway::copy_message(
            self, from_chat, msg_id, to_chat, topic_id, reply_to, note, dedup,
        )
        .await
    }

    async fn copy_album(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        dedup: i64,
    ) -> Result<Vec<i64>, GatewayError> {
        GrammersGateway::copy_album(self, from_chat, msg_ids, to_chat, topic_id, reply_to, dedup)
            .await
    }

    async fn update_copy(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        copy_id: i64,
    ) -> Result<(), GatewayError> {
        GrammersGateway::update_copy(self, from_chat, msg_id, to_chat, copy_id).await
    }

    async fn delete_messages(&self, chat_id: i64, msg_ids: &[i64]) -> Result<(), GatewayError> {
        GrammersGateway::delete_messages(self, chat_id, msg_ids).await
    }

    async fn send_html(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
    ) -> Result<i64, GatewayError> {
        GrammersGateway::send_html(self, chat_id, topic_id, reply_to, html).await
    }

    async fn send_buttons(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<i64, GatewayError> {
        GrammersGateway::send_buttons(self, chat_id, topic_id, reply_to, html, buttons).await
    }

    async fn edit_html(
        &self,
        chat_id: i64,
        msg_id: i64,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<(), GatewayError> {
        GrammersGateway::edit_html(self, chat_id, msg_id, html, buttons).await
    }

    async fn send_document(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        file_name: &str,
        bytes: &[u8],
        caption_html: &str,
    ) -> Result<i64, GatewayError> {
        GrammersGateway::send_document(
            self,
            chat_id,
            topic_id,
            reply_to,
            file_name,
            bytes,
            caption_html,
        )
        .await
    }

    async fn download(
        &self,
        chat_id: i64,
        msg_id: i64,
        max_bytes: usize,
    ) -> Result<Vec<u8>, GatewayError> {
        GrammersGateway::download(self, chat_id, msg_id, max_bytes).await
    }

    async fn answer_callback(&self, query_id: i64, text: Option<&str>) -> Result<(), GatewayError> {
        GrammersGateway::answer_callback(self, query_id, text).await
    }

    async fn find_user(&self, who: &UserRef) -> Result<Person, GatewayError> {
        GrammersGateway::find_user(self, who).await
    }

    async fn user_info(&self, user_id: i64) -> Result<Person, GatewayError> {
        GrammersGateway::user_info(self, user_id).await
    }

    async fn group_info(&self, chat_id: i64) -> Result<GroupInfo, GatewayError> {
        GrammersGateway::group_info(self, chat_id).await
    }

    async fn close(&self) {
        GrammersGateway::close(self).await;
    }

    async fn recorded(&self) {
        self.core.recorded().await;
    }

    /// grammers feeds the answers' updates into the stream, and getDifference after a restart
    /// returns the session's own messages too (core.telegram.org/method/updates.getDifference).
    fn echoes_own_sends(&self) -> bool {
        true
    }

    async fn create_forum_group(&self, title: &str) -> Result<i64, GatewayError> {
        GrammersGateway::create_forum_group(self, title).await
    }

    async fn bring_in_admin(
        &self,
        chat_id: i64,
        admin: i64,
        username: Option<&str>,
    ) -> Result<AdminJoin, GatewayError> {
        GrammersGateway::bring_in_admin(self, chat_id, admin, username).await
    }

    async fn member_rights(&self, chat_id: i64, user_id: i64) -> Result<Rights, GatewayError> {
        GrammersGateway::member_rights(self, chat_id, user_id).await
    }
}
