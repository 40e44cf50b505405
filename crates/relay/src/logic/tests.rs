//! The dialog rules of PRODUCT.md, as data: no IO anywhere.

use i18n::Lang;
use storage::params::{Autoclose, Param, Parameters};
use storage::{ConnectionId, Dialog, DialogStatus, Direction, MessageLink};

use super::*;

const CONNECTION: i64 = 7;
const ADMIN: i64 = 1;
const TEAM: Team = Team {
    admin_id: ADMIN,
    operator_lang: Lang::En,
};

fn anna() -> Person {
    Person {
        id: 42,
        first_name: "Anna".into(),
        last_name: Some("K".into()),
        username: Some("anna".into()),
        language: Some("de".into()),
        is_premium: true,
    }
}

fn message(text: &str) -> UserMessage {
    UserMessage {
        from: anna(),
        msg_id: 100,
        text: text.into(),
        reply_to: None,
        start_param: None,
    }
}

fn dialog(status: DialogStatus) -> Dialog {
    Dialog {
        connection_id: ConnectionId(CONNECTION),
        user_id: 42,
        topic_id: Some(900),
        status,
        status_since: 1_000,
        display_name: "Anna K".into(),
        username: Some("anna".into()),
        language: Some("de".into()),
        start_param: Some("promo".into()),
        first_seen_at: 0,
        last_user_at: None,
        last_operator_at: None,
        messages_from_user: 3,
        messages_from_operators: 2,
        banned: false,
        labels: vec![],
    }
}

fn params(pairs: &[(Param, &str)]) -> Parameters {
    let mut p = Parameters::default();
    for (param, text) in pairs {
        p.set(param.parse(text).unwrap());
    }
    p
}

fn user_steps(p: &Parameters, d: Option<&Dialog>, msg: &UserMessage) -> Vec<Step> {
    let ctx = UserContext {
        connection_id: CONNECTION,
        params: p,
        dialog: d,
        team: TEAM,
        reply_link: None,
        tickers: &[],
    };
    on_user_message(&ctx, msg)
}

fn copy(msg_id: i64) -> Step {
    Step::CopyToTopic {
        user_msg_id: msg_id,
        reply_to: None,
        direction: Direction::In,
    }
}

fn link(user_msg: i64, group_msg: i64, direction: Direction) -> MessageLink {
    MessageLink {
        connection_id: ConnectionId(CONNECTION),
        user_id: 42,
        user_msg_id: user_msg,
        group_msg_id: group_msg,
        direction,
        created_at: 0,
    }
}

#[test]
fn first_contact_creates_a_titled_topic_copies_and_welcomes_in_the_users_language() {
    let steps = user_steps(&Parameters::default(), None, &message("Hallo"));
    assert_eq!(
        steps,
        vec![
            Step::CreateDialog,
            Step::CreateTopic {
                title: "🟪 Anna K".into(),
                icon_color: storage::params::IconColor::Blue
            },
            Step::SendToUser {
                html: Lang::De.text("welcome-default")
            },
            copy(100),
            Step::CountUserMessage,
        ]
    );
    assert_ne!(
        Lang::De.text("welcome-default"),
        Lang::En.text("welcome-default")
    );
}

#[test]
fn a_custom_welcome_fills_in_the_escaped_first_name_and_off_sends_nothing() {
    let p = params(&[
        (Param::Welcome, "<b>Hi {name}</b>, we answer within a day."),
        (Param::IconColor, "red"),
    ]);
    let mut msg = message("hi");
    msg.from.first_name = "<Ann & Co>".into();
    let steps = user_steps(&p, None, &msg);
    assert_eq!(
        steps.iter().find(|s| matches!(s, Step::SendToUser { .. })),
        Some(&Step::SendToUser {
            html: "<b>Hi &lt;Ann &amp; Co&gt;</b>, we answer within a day.".into()
        })
    );
    assert!(matches!(
        &steps[1],
        Step::CreateTopic {
            icon_color: storage::params::IconColor::Red,
            ..
        }
    ));
    let off = user_steps(&params(&[(Param::Welcome, "OFF")]), None, &message("hi"));
    assert!(!off.iter().any(|s| matches!(s, Step::SendToUser { .. })));
}

#[test]
fn auto_info_posts_the_card_and_a_start_parameter_is_shown_otherwise() {
    let mut msg = message("hi");
    msg.start_param = Some("ad_<campaign>".into());
    let steps = user_steps(&params(&[(Param::AutoInfo, "on")]), None, &msg);
    let Step::PostInTopic { html } = &steps[2] else {
        panic!("{steps:?}")
    };
    assert!(
        html.contains("<b>Anna K</b>")
            && html.contains("@anna")
            && html.contains("<code>42</code>"),
        "{html}"
    );
    assert!(
        html.contains("ad_&lt;campaign&gt;"),
        "the start parameter is escaped: {html}"
    );
    let steps = user_steps(&Parameters::default(), None, &msg);
    assert_eq!(
        steps[2],
        Step::PostInTopic {
            html: Lang::En.text_with(
                "relay-start-param",
                &[("param", "ad_&lt;campaign&gt;".into())]
            )
        }
    );
}

#[test]
fn ignored_banned_and_unlisted_users_are_dropped() {
    let mut service = message("code 12345");
    service.from.id = 777000;
    assert!(
        user_steps(&Parameters::default(), None, &service).is_empty(),
        "Telegram's service account is ignored by default"
    );
    let banned = Dialog {
        banned: true,
        ..dialog(DialogStatus::UserAnswered)
    };
    assert!(user_steps(&Parameters::default(), Some(&banned), &message("hi")).is_empty());
    assert!(user_steps(&params(&[(Param::WhiteList, "5, 6")]), None, &message("hi")).is_empty());
    assert!(
        !user_steps(
            &params(&[(Param::WhiteList, "5, 42")]),
            None,
            &message("hi")
        )
        .is_empty()
    );
    assert!(user_steps(&params(&[(Param::IgnoreChats, "42")]), None, &message("hi")).is_empty());
}

#[test]
fn restricted_frontend_keywords_are_not_relayed() {
    let p = params(&[(
        Param::RestrictedKeywordsFrontend,
        r#""casino", ["buy","crypto"]"#,
    )]);
    assert!(
        user_steps(
            &p,
            Some(&dialog(DialogStatus::UserAnswered)),
            &message("Best CASINO bonus")
        )
        .is_empty()
    );
    assert!(user_steps(&p, None, &message("buy crypto now")).is_empty());
    assert_eq!(
        user_steps(
            &p,
            Some(&dialog(DialogStatus::UserAnswered)),
            &message("buy a ticket")
        ),
        vec![copy(100), Step::CountUserMessage]
    );
}

#[test]
fn private_keywords_gate_new_and_closed_dialogs_but_not_open_ones() {
    let p = params(&[(Param::PrivateKeywords, r#""operator", "/help""#)]);
    assert!(user_steps(&p, None, &message("hello bot")).is_empty());
    assert_eq!(
        user_steps(&p, None, &message("I need an Operator")).first(),
        Some(&Step::CreateDialog)
    );
    assert!(
        user_steps(
            &p,
            Some(&dialog(DialogStatus::Closed)),
            &message("thanks again")
        )
        .is_empty()
    );
    assert_eq!(
        user_steps(
            &p,
            Some(&dialog(DialogStatus::SupportAnswered)),
            &message("thanks again")
        )
        .len(),
        4
    );
}

#[test]
fn a_users_message_reopens_a_closed_dialog_with_a_new_welcome() {
    let steps = user_steps(
        &Parameters::default(),
        Some(&dialog(DialogStatus::Closed)),
        &message("one more thing"),
    );
    assert_eq!(
        steps,
        vec![
            Step::SetStatus(DialogStatus::UserAnswered),
            Step::RenameTopic {
                title: "🟪 Anna K".into()
            },
            Step::SendToUser {
                html: Lang::De.text("welcome-default")
            },
            copy(100),
            Step::CountUserMessage,
        ]
    );
}

#[test]
fn leave_closed_relays_without_reopening_or_welcoming() {
    let p = params(&[(Param::LeaveClosed, "true")]);
    assert_eq!(
        user_steps(&p, Some(&dialog(DialogStatus::Closed)), &message("hello?")),
        vec![copy(100), Step::CountUserMessage]
    );
}

#[test]
fn open_dialogs_move_to_user_answered_and_get_their_topic_back_when_it_was_deleted() {
    let steps = user_steps(
        &Parameters::default(),
        Some(&dialog(DialogStatus::SupportAnswered)),
        &message("ok"),
    );
    assert_eq!(
        steps[..2],
        [
            Step::SetStatus(DialogStatus::UserAnswered),
            Step::RenameTopic {
                title: "🟪 Anna K".into()
            }
        ]
    );
    let steps = user_steps(
        &Parameters::default(),
        Some(&dialog(DialogStatus::UserAnswered)),
        &message("and another"),
    );
    assert_eq!(
        steps,
        vec![copy(100), Step::CountUserMessage],
        "no rename when the mark is right"
    );
    let gone = Dialog {
        topic_id: None,
        ..dialog(DialogStatus::UserAnswered)
    };
    let steps = user_steps(&Parameters::default(), Some(&gone), &message("hi"));
    assert!(matches!(&steps[0], Step::CreateTopic { title, .. } if title == "🟪 Anna K"));
    assert_eq!(steps[1], copy(100));
}

#[test]
fn replies_are_mapped_into_the_topic_and_hidden_names_use_pseudonyms() {
    let p = params(&[(Param::HideInfo, "name")]);
    let l = link(50, 950, Direction::Out);
    let mut msg = message("see above");
    msg.reply_to = Some(50);
    let ctx = UserContext {
        connection_id: CONNECTION,
        params: &p,
        dialog: None,
        team: TEAM,
        reply_link: Some(&l),
        tickers: &[],
    };
    let steps = on_user_message(&ctx, &msg);
    let Step::CreateTopic { title, .. } = &steps[1] else {
        panic!()
    };
    assert_eq!(title, &format!("🟪 {}", pseudonym(CONNECTION, 42)));
    assert!(!title.contains("Anna"));
    assert!(steps.contains(&Step::CopyToTopic {
        user_msg_id: 100,
        reply_to: Some(950),
        direction: Direction::In
    }));
}

#[test]
fn messages_from_other_sessions_are_shown_as_intercepted() {
    let d = dialog(DialogStatus::SupportAnswered);
    let ctx = |p| UserContext {
        connection_id: CONNECTION,
        params: p,
        dialog: Some(&d),
        team: TEAM,
        reply_link: None,
        tickers: &[],
    };
    let on = Parameters::default();
    assert_eq!(
        on_outgoing_elsewhere(&ctx(&on), 300),
        vec![Step::CopyToTopic {
            user_msg_id: 300,
            reply_to: None,
            direction: Direction::Intercepted
        }]
    );
    let off = params(&[(Param::InterceptExternal, "off")]);
    assert!(on_outgoing_elsewhere(&ctx(&off), 300).is_empty());
    let no_dialog = UserContext {
        connection_id: CONNECTION,
        params: &on,
        dialog: None,
        team: TEAM,
        reply_link: None,
        tickers: &[],
    };
    assert!(
        on_outgoing_elsewhere(&no_dialog, 300).is_empty(),
        "a bot's own greeting opens no topic"
    );
}

fn op(text: &str) -> OperatorMessage {
    OperatorMessage {
        sender: 2,
        group_msg_id: 960,
        text: text.into(),
        reply_to: None,
        sender_can_ban: false,
    }
}

fn operator_steps(
    p: &Parameters,
    d: &Dialog,
    msg: &OperatorMessage,
    reply_link: Option<&MessageLink>,
) -> Vec<Step> {
    let person = anna();
    let ctx = OperatorContext {
        connection_id: CONNECTION,
        params: p,
        dialog: d,
        person: &person,
        team: TEAM,
        reply_link,
        own_username: Some("shop_bot"),
        tickers: &[],
    };
    on_operator_message(&ctx, msg)
}

#[test]
fn an_operator_answer_is_copied_to_the_user_with_its_reply_and_marks_the_dialog() {
    let l = link(100, 901, Direction::In);
    let mut msg = op("Here is your refund");
    msg.reply_to = Some(901);
    let steps = operator_steps(
        &Parameters::default(),
        &dialog(DialogStatus::UserAnswered),
        &msg,
        Some(&l),
    );
    assert_eq!(
        steps,
        vec![
            Step::CopyToUser {
                group_msg_id: 960,
                reply_to: Some(100)
            },
            Step::CountOperatorMessage,
            Step::SetStatus(DialogStatus::SupportAnswered),
            Step::RenameTopic {
                title: "🟨 Anna K".into()
            },
        ]
    );
    let again = operator_steps(
        &Parameters::default(),
        &dialog(DialogStatus::SupportAnswered),
        &op("and more"),
        None,
    );
    assert_eq!(
        again,
        vec![
            Step::CopyToUser {
                group_msg_id: 960,
                reply_to: None
            },
            Step::CountOperatorMessage
        ]
    );
}

#[test]
fn an_operator_message_reopens_a_closed_dialog_even_with_leave_closed() {
    let p = params(&[(Param::LeaveClosed, "yes")]);
    let steps = operator_steps(&p, &dialog(DialogStatus::Closed), &op("We are back"), None);
    assert!(steps.contains(&Step::SetStatus(DialogStatus::SupportAnswered)));
    assert!(steps.contains(&Step::RenameTopic {
        title: "🟨 Anna K".into()
    }));
}

#[test]
fn comments_typos_and_commands_never_reach_the_user() {
    let d = dialog(DialogStatus::UserAnswered);
    let p = Parameters::default();
    assert!(operator_steps(&p, &d, &op("/ she sounds upset"), None).is_empty());
    assert_eq!(
        operator_steps(&p, &d, &op("/clsoe"), None),
        vec![Step::ReplyInTopic {
            group_msg_id: 960,
            html: Lang::En.text("relay-unknown-command")
        }]
    );
    assert_eq!(
        operator_steps(&p, &d, &op("/close"), None),
        vec![
            Step::SetStatus(DialogStatus::Closed),
            Step::RenameTopic {
                title: "⬛ Anna K".into()
            }
        ]
    );
    assert_eq!(
        operator_steps(&p, &d, &op("/wait@shop_bot"), None),
        vec![
            Step::SetStatus(DialogStatus::SupportAnswered),
            Step::RenameTopic {
                title: "🟨 Anna K".into()
            }
        ]
    );
    assert!(
        operator_steps(&p, &d, &op("/hold"), None).is_empty(),
        "already user answered"
    );
    assert!(operator_steps(&p, &dialog(DialogStatus::Closed), &op("/close"), None).is_empty());
    let help = operator_steps(&p, &d, &op("/help"), None);
    assert_eq!(
        help,
        vec![Step::ReplyInTopic {
            group_msg_id: 960,
            html: Lang::En.text("relay-help")
        }]
    );
    assert!(!help.iter().any(|s| matches!(s, Step::CopyToUser { .. })));
}

#[test]
fn ban_needs_the_right_and_a_banned_user_gets_nothing() {
    let d = dialog(DialogStatus::UserAnswered);
    let p = Parameters::default();
    let refused = operator_steps(&p, &d, &op("/ban"), None);
    assert_eq!(
        refused,
        vec![Step::ReplyInTopic {
            group_msg_id: 960,
            html: Lang::En.text("relay-ban-needs-right")
        }]
    );
    let mut with_right = op("/ban");
    with_right.sender_can_ban = true;
    assert_eq!(operator_steps(&p, &d, &with_right, None)[0], Step::Ban);
    let banned = Dialog { banned: true, ..d };
    let steps = operator_steps(&p, &banned, &op("hello?"), None);
    assert_eq!(
        steps,
        vec![Step::ReplyInTopic {
            group_msg_id: 960,
            html: Lang::En.text("relay-refused-banned")
        }]
    );
    with_right.text = "/unban".into();
    assert_eq!(
        operator_steps(&p, &banned, &with_right, None)[0],
        Step::Unban
    );
}

#[test]
fn reply_only_sends_only_replies_to_the_users_messages() {
    let p = params(&[(Param::ReplyOnly, "on")]);
    let d = dialog(DialogStatus::UserAnswered);
    assert!(operator_steps(&p, &d, &op("thinking aloud"), None).is_empty());
    let users = link(100, 901, Direction::In);
    assert_eq!(
        operator_steps(&p, &d, &op("answer"), Some(&users))[0],
        Step::CopyToUser {
            group_msg_id: 960,
            reply_to: Some(100)
        }
    );
    let bots_own = link(300, 905, Direction::Intercepted);
    assert!(
        operator_steps(&p, &d, &op("answer"), Some(&bots_own)).is_empty(),
        "a reply to the bot's own message is not a reply to the user"
    );
}

#[test]
fn restricted_backend_keywords_are_refused_with_a_notice() {
    let p = params(&[(Param::RestrictedKeywordsBackend, r#""password""#)]);
    let steps = operator_steps(
        &p,
        &dialog(DialogStatus::UserAnswered),
        &op("Send me your Password"),
        None,
    );
    assert_eq!(
        steps,
        vec![Step::ReplyInTopic {
            group_msg_id: 960,
            html: Lang::En.text("relay-refused-keyword")
        }]
    );
}

#[test]
fn info_respects_hide_info() {
    let d = dialog(DialogStatus::UserAnswered);
    let steps = operator_steps(&Parameters::default(), &d, &op("/info"), None);
    let [Step::ReplyInTopic { html, .. }] = steps.as_slice() else {
        panic!("{steps:?}")
    };
    assert!(
        html.contains("Anna K")
            && html.contains("<code>42</code>")
            && html.contains("promo")
            && html.contains("3 from the user"),
        "{html}"
    );

    let hidden = operator_steps(
        &params(&[(Param::HideInfo, "name")]),
        &d,
        &op("/info"),
        None,
    );
    let [Step::ReplyInTopic { html, .. }] = hidden.as_slice() else {
        panic!()
    };
    assert!(
        !html.contains("Anna") && !html.contains("@anna") && !html.contains("42<"),
        "{html}"
    );
    assert!(html.contains(&pseudonym(CONNECTION, 42)));

    let private = params(&[
        (Param::HideInfo, "command"),
        (Param::ExtensionsAllowed, "2"),
    ]);
    let steps = operator_steps(&private, &d, &op("/info"), None);
    assert!(matches!(&steps[0], Step::SendPrivately { to: 2, html } if html.contains("Anna K")));
    assert_eq!(
        steps[1],
        Step::ReplyInTopic {
            group_msg_id: 960,
            html: Lang::En.text("relay-info-sent-privately")
        }
    );
    let mut stranger = op("/info");
    stranger.sender = 3;
    let person = anna();
    let ctx = OperatorContext {
        connection_id: CONNECTION,
        params: &private,
        dialog: &d,
        person: &person,
        team: TEAM,
        reply_link: None,
        own_username: None,
        tickers: &[],
    };
    assert_eq!(
        on_operator_message(&ctx, &stranger),
        vec![Step::ReplyInTopic {
            group_msg_id: 960,
            html: Lang::En.text("relay-info-not-allowed")
        }]
    );
}

#[test]
fn names_are_escaped_in_the_card() {
    let mut person = anna();
    person.first_name = "<script>".into();
    let html = info_card(
        Lang::En,
        &person,
        &dialog(DialogStatus::UserAnswered),
        false,
    );
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script>"),
        "{html}"
    );
}

#[test]
fn autoclose_closes_after_the_configured_hours_only() {
    let d = dialog(DialogStatus::SupportAnswered); // since 1_000
    let p = params(&[(Param::Autoclose, "2")]);
    assert!(on_tick(&p, &d, "Anna K", &[], 1_000 + 7_199).is_empty());
    assert_eq!(
        on_tick(&p, &d, "Anna K", &[], 1_000 + 7_200),
        vec![
            Step::SetStatus(DialogStatus::Closed),
            Step::RenameTopic {
                title: "⬛ Anna K".into()
            }
        ]
    );
    let off = Parameters {
        autoclose: Autoclose::Off,
        ..Parameters::default()
    };
    assert!(on_tick(&off, &d, "Anna K", &[], i64::MAX / 2).is_empty());
    assert!(
        on_tick(
            &p,
            &dialog(DialogStatus::UserAnswered),
            "Anna K",
            &[],
            i64::MAX / 2
        )
        .is_empty()
    );
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn no_message_panics_and_ignored_users_never_get_steps(text in "\\PC{0,60}", id in 1i64..1_000_000, closed in any::<bool>()) {
            let mut msg = message(&text);
            msg.from.id = id;
            let d = dialog(if closed { DialogStatus::Closed } else { DialogStatus::UserAnswered });
            let _ = user_steps(&Parameters::default(), Some(&d), &msg);
            let ignored = params(&[(Param::IgnoreChats, &id.to_string())]);
            prop_assert!(user_steps(&ignored, None, &msg).is_empty());
        }

        #[test]
        fn operator_text_is_never_copied_when_it_is_a_command_or_comment(text in "/\\PC{0,30}") {
            let steps = operator_steps(&Parameters::default(), &dialog(DialogStatus::UserAnswered), &op(&text), None);
            let copied = steps.iter().any(|s| matches!(s, Step::CopyToUser { .. }));
            prop_assert!(!copied, "copied to the user: {:?}", steps);
        }
    }
}
