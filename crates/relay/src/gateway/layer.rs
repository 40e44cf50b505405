//! One delegation for every Gateway wrapper.

use async_trait::async_trait;

use super::{AdminJoin, Gateway, GatewayError, GroupInfo, Me, Rights, Update};
use crate::logic::Person;
use crate::logic::broadcast::Button;
use crate::logic::general::UserRef;

/// A [`Gateway`] that wraps another (pacing, metrics, test counters): it names its inner gateway
/// and overrides only what it changes; every other method reaches the inner one. The one place
/// that delegates, so a new Gateway method is added here and in [`Gateway`] only.
#[async_trait]
pub trait GatewayLayer: Send + Sync {
    type Inner: Gateway + ?Sized;

    fn inner(&self) -> &Self::Inner;

    async fn me(&self) -> Result<Me, GatewayError> {
        self.inner().me().await
    }

    async fn next_update(&self) -> Option<Update> {
        self.inner().next_update().await
    }

    async fn create_topic(
        &self,
        chat_id: i64,
        title: &str,
        icon_color: i32,
    ) -> Result<i64, GatewayError> {
        self.inner().create_topic(chat_id, title, icon_color).await
    }

    async fn rename_topic(
        &self,
        chat_id: i64,
        topic_id: i64,
        title: &str,
    ) -> Result<(), GatewayError> {
        self.inner().rename_topic(chat_id, topic_id, title).await
    }

    async fn reopen_topic(&self, chat_id: i64, topic_id: i64) -> Result<(), GatewayError> {
        self.inner().reopen_topic(chat_id, topic_id).await
    }

    #[allow(clippy::too_many_arguments)]
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
        self.inner()
            .copy_message(from_chat, msg_id, to_chat, topic_id, reply_to, note, dedup)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn copy_album(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        dedup: i64,
    ) -> Result<Vec<i64>, GatewayError> {
        self.inner()
            .copy_album(from_chat, msg_ids, to_chat, topic_id, reply_to, dedup)
            .await
    }

    async fn update_copy(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        copy_id: i64,
    ) -> Result<(), GatewayError> {
        self.inner()
            .update_copy(from_chat, msg_id, to_chat, copy_id)
            .await
    }

    async fn delete_messages(&self, chat_id: i64, msg_ids: &[i64]) -> Result<(), GatewayError> {
        self.inner().delete_messages(chat_id, msg_ids).await
    }

    async fn send_html(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
    ) -> Result<i64, GatewayError> {
        self.inner()
            .send_html(chat_id, topic_id, reply_to, html)
            .await
    }

    async fn send_buttons(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<i64, GatewayError> {
        self.inner()
            .send_buttons(chat_id, topic_id, reply_to, html, buttons)
            .await
    }

    async fn edit_html(
        &self,
        chat_id: i64,
        msg_id: i64,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<(), GatewayError> {
        self.inner().edit_html(chat_id, msg_id, html, buttons).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn send_document(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        file_name: &str,
        bytes: &[u8],
        caption_html: &str,
    ) -> Result<i64, GatewayError> {
        self.inner()
            .send_document(chat_id, topic_id, reply_to, file_name, bytes, caption_html)
            .await
    }

    async fn download(
        &self,
        chat_id: i64,
        msg_id: i64,
        max_bytes: usize,
    ) -> Result<Vec<u8>, GatewayError> {
        self.inner().download(chat_id, msg_id, max_bytes).await
    }

    async fn answer_callback(&self, query_id: i64, text: Option<&str>) -> Result<(), GatewayError> {
        self.inner().answer_callback(query_id, text).await
    }

    async fn find_user(&self, who: &UserRef) -> Result<Person, GatewayError> {
        self.inner().find_user(who).await
    }

    async fn user_info(&self, user_id: i64) -> Result<Person, GatewayError> {
        self.inner().user_info(user_id).await
    }

    async fn group_info(&self, chat_id: i64) -> Result<GroupInfo, GatewayError> {
        self.inner().group_info(chat_id).await
    }

    async fn member_rights(&self, chat_id: i64, user_id: i64) -> Result<Rights, GatewayError> {
        self.inner().member_rights(chat_id, user_id).await
    }

    async fn create_forum_group(&self, title: &str) -> Result<i64, GatewayError> {
        self.inner().create_forum_group(title).await
    }

    async fn bring_in_admin(
        &self,
        chat_id: i64,
        admin: i64,
        username: Option<&str>,
    ) -> Result<AdminJoin, GatewayError> {
        self.inner().bring_in_admin(chat_id, admin, username).await
    }

    async fn close(&self) {
        self.inner().close().await
    }

    async fn recorded(&self) {
        self.inner().recorded().await
    }

    fn echoes_own_sends(&self) -> bool {
        self.inner().echoes_own_sends()
    }
}

#[async_trait]
impl<L: GatewayLayer> Gateway for L {
    async fn me(&self) -> Result<Me, GatewayError> {
        GatewayLayer::me(self).await
    }

    async fn next_update(&self) -> Option<Update> {
        GatewayLayer::next_update(self).await
    }

    async fn create_topic(
        &self,
        chat_id: i64,
        title: &str,
        icon_color: i32,
    ) -> Result<i64, GatewayError> {
        GatewayLayer::create_topic(self, chat_id, title, icon_color).await
    }

    async fn rename_topic(
        &self,
        chat_id: i64,
        topic_id: i64,
        title: &str,
    ) -> Result<(), GatewayError> {
        GatewayLayer::rename_topic(self, chat_id, topic_id, title).await
    }

    async fn reopen_topic(&self, chat_id: i64, topic_id: i64) -> Result<(), GatewayError> {
        GatewayLayer::reopen_topic(self, chat_id, topic_id).await
    }

    #[allow(clippy::too_many_arguments)]
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
        GatewayLayer::copy_message(
            self, from_chat, msg_id, to_chat, topic_id, reply_to, note, dedup,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn copy_album(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        dedup: i64,
    ) -> Result<Vec<i64>, GatewayError> {
        GatewayLayer::copy_album(self, from_chat, msg_ids, to_chat, topic_id, reply_to, dedup).await
    }

    async fn update_copy(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        copy_id: i64,
    ) -> Result<(), GatewayError> {
        GatewayLayer::update_copy(self, from_chat, msg_id, to_chat, copy_id).await
    }

    async fn delete_messages(&self, chat_id: i64, msg_ids: &[i64]) -> Result<(), GatewayError> {
        GatewayLayer::delete_messages(self, chat_id, msg_ids).await
    }

    async fn send_html(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
    ) -> Result<i64, GatewayError> {
        GatewayLayer::send_html(self, chat_id, topic_id, reply_to, html).await
    }

    async fn send_buttons(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<i64, GatewayError> {
        GatewayLayer::send_buttons(self, chat_id, topic_id, reply_to, html, buttons).await
    }

    async fn edit_html(
        &self,
        chat_id: i64,
        msg_id: i64,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<(), GatewayError> {
        GatewayLayer::edit_html(self, chat_id, msg_id, html, buttons).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn send_document(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        file_name: &str,
        bytes: &[u8],
        caption_html: &str,
    ) -> Result<i64, GatewayError> {
        GatewayLayer::send_document(
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
        GatewayLayer::download(self, chat_id, msg_id, max_bytes).await
    }

    async fn answer_callback(&self, query_id: i64, text: Option<&str>) -> Result<(), GatewayError> {
        GatewayLayer::answer_callback(self, query_id, text).await
    }

    async fn find_user(&self, who: &UserRef) -> Result<Person, GatewayError> {
        GatewayLayer::find_user(self, who).await
    }

    async fn user_info(&self, user_id: i64) -> Result<Person, GatewayError> {
        GatewayLayer::user_info(self, user_id).await
    }

    async fn group_info(&self, chat_id: i64) -> Result<GroupInfo, GatewayError> {
        GatewayLayer::group_info(self, chat_id).await
    }

    async fn member_rights(&self, chat_id: i64, user_id: i64) -> Result<Rights, GatewayError> {
        GatewayLayer::member_rights(self, chat_id, user_id).await
    }

    async fn create_forum_group(&self, title: &str) -> Result<i64, GatewayError> {
        GatewayLayer::create_forum_group(self, title).await
    }

    async fn bring_in_admin(
        &self,
        chat_id: i64,
        admin: i64,
        username: Option<&str>,
    ) -> Result<AdminJoin, GatewayError> {
        GatewayLayer::bring_in_admin(self, chat_id, admin, username).await
    }

    async fn close(&self) {
        GatewayLayer::close(self).await
    }

    async fn recorded(&self) {
        GatewayLayer::recorded(self).await
    }

    fn echoes_own_sends(&self) -> bool {
        GatewayLayer::echoes_own_sends(self)
    }
}
