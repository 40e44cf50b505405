use proptest::prelude::*;

use super::*;

#[test]
fn defaults_match_the_product_table() {
    let d = Parameters::default();
    assert_eq!(d.welcome, Welcome::Default);
    assert_eq!(d.autoclose, Autoclose::After(48));
    assert!(!d.auto_info);
    assert_eq!(d.extensions_allowed, Audience::Admin);
    assert!(!d.silent_mode);
    assert!(d.intercept_external);
    assert_eq!(d.private_keywords, Keywords::Off);
    assert_eq!(
        d.hide_info,
        HideInfo {
            name: false,
            command: false
        }
    );
    assert_eq!(d.ignore_chats, UserIds::from_iter([777000]));
    assert_eq!(d.white_list, WhiteList::Off);
    assert!(!d.reply_only);
    assert!(!d.leave_closed);
    assert_eq!(d.icon_color, IconColor::Blue);
    let shown: Vec<String> = Param::ALL
        .iter()
        .map(|p| format!("{p}={}", p.default_value()))
        .collect();
    assert_eq!(
        shown,
        [
            "WELCOME=DEFAULT",
            "AUTOCLOSE=48",
            "AUTO_INFO=FALSE",
            "EXTENSIONS_ALLOWED=ADMIN",
            "SILENT_MODE=FALSE",
            "INTERCEPT_EXTERNAL=TRUE",
            "PRIVATE_KEYWORDS=OFF",
            "HIDE_INFO=OFF",
            "IGNORE_CHATS=777000",
            "WHITE_LIST=OFF",
            "REPLY_ONLY=FALSE",
            "RESTRICTED_KEYWORDS_FRONTEND=OFF",
            "RESTRICTED_KEYWORDS_BACKEND=OFF",
            "LEAVE_CLOSED=FALSE",
            "ICON_COLOR=blue",
            "WEBHOOKS=OFF",
        ]
    );
}

#[test]
fn names_are_found_in_any_case_and_unknown_ones_are_not() {
    for p in Param::ALL {
        assert_eq!(Param::from_name(&p.name().to_lowercase()), Some(p));
    }
    assert_eq!(Param::from_name("WELCOME_TEXT"), None);
}

#[test]
fn booleans_accept_every_spelling_and_refuse_others() {
    for (text, want) in [
        ("true", true),
        ("ON", true),
        ("Yes", true),
        (" false ", false),
        ("off", false),
        ("NO", false),
    ] {
        assert_eq!(
            Param::AutoInfo.parse(text),
            Ok(ParamValue::AutoInfo(want)),
            "{text}"
        );
    }
    for text in ["", "1", "y", "enable", "truee"] {
        assert_eq!(
            Param::ReplyOnly.parse(text),
            Err(ParamError::NotBoolean),
            "{text}"
        );
    }
}

#[test]
fn autoclose_takes_whole_hours_or_off() {
    assert_eq!(
        Param::Autoclose.parse("24"),
        Ok(ParamValue::Autoclose(Autoclose::After(24)))
    );
    assert_eq!(
        Param::Autoclose.parse("72h"),
        Ok(ParamValue::Autoclose(Autoclose::After(72)))
    );
    assert_eq!(
        Param::Autoclose.parse("off"),
        Ok(ParamValue::Autoclose(Autoclose::Off))
    );
    for bad in ["0", "-5", "1.5", "+3", "abc", "", "999999999999", "9000"] {
        let err = Param::Autoclose.parse(bad).unwrap_err();
        assert_eq!(
            err,
            ParamError::NotHours {
                max: values::MAX_AUTOCLOSE_HOURS
            },
            "{bad}"
        );
    }
    assert_eq!(Autoclose::After(2).seconds(), Some(7200));
}

#[test]
fn id_lists_parse_forgivingly_and_refuse_with_the_bad_item() {
    assert_eq!(
        Param::IgnoreChats.parse("42, 7 ,42;1000000001"),
        Ok(ParamValue::IgnoreChats(UserIds::from_iter([
            7, 42, 1000000001
        ])))
    );
    assert_eq!(
        Param::IgnoreChats.parse("OFF"),
        Ok(ParamValue::IgnoreChats(UserIds::default()))
    );
    assert_eq!(
        Param::WhiteList.parse("12, @alice"),
        Err(ParamError::NotUserId {
            item: "@alice".into()
        })
    );
    assert_eq!(Param::WhiteList.parse(" , "), Err(ParamError::EmptyList));
    assert_eq!(
        Param::WhiteList.parse("-5"),
        Err(ParamError::NotUserId { item: "-5".into() })
    );
    assert_eq!(
        Param::ExtensionsAllowed.parse("all"),
        Ok(ParamValue::ExtensionsAllowed(Audience::All))
    );
    let users = Audience::parse("5, 6").unwrap();
    assert!(users.allows(5, 1) && users.allows(1, 1) && !users.allows(7, 1));
    assert!(!Audience::Admin.allows(5, 1) && Audience::Admin.allows(1, 1));
}

#[test]
fn welcome_text_off_placeholders_and_limits() {
    assert_eq!(
        Param::Welcome.parse("off"),
        Ok(ParamValue::Welcome(Welcome::Off))
    );
    let hello = Welcome::parse("Hi {name}! We answer within a day. {:)}").unwrap();
    assert_eq!(
        hello.render("Ann").as_deref(),
        Some("Hi Ann! We answer within a day. {:)}")
    );
    assert_eq!(
        Welcome::parse("Hi {nmae}"),
        Err(ParamError::UnknownPlaceholder {
            placeholder: "nmae".into()
        })
    );
    assert_eq!(Welcome::parse("   "), Err(ParamError::EmptyText));
    assert_eq!(
        Welcome::parse(&"x".repeat(4097)),
        Err(ParamError::TooLong {
            length: 4097,
            max: 4096
        })
    );
}

#[test]
fn hide_info_and_icon_color() {
    assert_eq!(
        Param::HideInfo.parse("command, NAME"),
        Ok(ParamValue::HideInfo(HideInfo {
            name: true,
            command: true
        }))
    );
    assert_eq!(
        Param::HideInfo.parse("name, phone"),
        Err(ParamError::NotOneOf {
            item: "phone".into(),
            allowed: "name, command, OFF"
        })
    );
    assert_eq!(
        Param::IconColor.parse("Purple"),
        Ok(ParamValue::IconColor(IconColor::Violet))
    );
    assert!(matches!(
        Param::IconColor.parse("orange"),
        Err(ParamError::NotOneOf { .. })
    ));
    assert_eq!(IconColor::Red.rgb(), 0xFB6F5F);
}

#[test]
fn default_input_resets_and_refusals_keep_keyword_positions() {
    assert_eq!(
        Param::Welcome.parse_input(" default "),
        Ok(ParamInput::Reset)
    );
    let err = Param::PrivateKeywords
        .parse_input(r#""help", ["a" "b"]"#)
        .unwrap_err();
    assert_eq!(err.message_id(), "keywords-error-expected-comma");
    assert_eq!(err.args(), vec![("position", "14".to_owned())]);
}

#[test]
fn stored_rows_that_no_longer_parse_fall_back_to_defaults() {
    let (params, skipped) = Parameters::from_stored([
        ("AUTOCLOSE", "12"),
        ("AUTO_INFO", "maybe"),
        ("NO_SUCH_PARAM", "x"),
        ("private_keywords", "help"),
    ]);
    assert_eq!(params.autoclose, Autoclose::After(12));
    assert!(!params.auto_info);
    assert!(params.private_keywords.admits("Help!") && !params.private_keywords.admits("hi"));
    assert_eq!(
        skipped,
        vec![("AUTO_INFO".to_owned(), ParamError::NotBoolean)]
    );
}

fn param() -> impl Strategy<Value = Param> {
    proptest::sample::select(Param::ALL.to_vec())
}

/// Text that looks like parameter values, so round trips are exercised on accepted inputs too.
fn value_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "(true|off|YES|no|ALL|admin|default|name|command|blue|Rose)",
        "[0-9]{1,6}(h)?",
        "([0-9]{1,12}[ ,;]{1,2}){1,5}",
        r#"(\[?"?~?[a-zа-я ]{1,6}"?\]?, ?){1,4}"#,
        "Hello \\{name\\}[!.]{0,2}",
    ]
}

proptest! {
    #[test]
    fn no_input_panics_and_accepted_values_round_trip(param in param(), text in value_like()) {
        if let Ok(value) = param.parse(&text) {
            prop_assert_eq!(value.param(), param);
            let printed = value.to_string();
            prop_assert_eq!(param.parse(&printed), Ok(value), "printed as {:?}", printed);
        }
        let _ = param.parse_input(&text);
    }

    #[test]
    fn every_refusal_has_a_message_id_from_the_known_set(param in param(), text in "\\PC{0,40}") {
        if let Err(err) = param.parse(&text) {
            prop_assert!(ParamError::all_message_ids().contains(&err.message_id()));
        }
    }
}
