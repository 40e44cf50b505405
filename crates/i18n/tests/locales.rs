//! Every locale has every message, every file parses, and every message formats cleanly.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use fluent_templates::fluent_bundle::FluentResource;
use switchboard_i18n::{LOCALES_DIR, Lang};

/// Message ids per language, with the variables each message uses, read by Fluent's own parser
/// (which also reports any syntax error, instead of silently dropping the message).
fn catalog() -> BTreeMap<&'static str, BTreeMap<String, BTreeSet<String>>> {
    let mut all = BTreeMap::new();
    for lang in Lang::ALL {
        let mut messages = BTreeMap::new();
        let dir = Path::new(LOCALES_DIR).join(lang.code());
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "ftl") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let resource = FluentResource::try_new(text).unwrap_or_else(|(_, errors)| {
                panic!("{} does not parse: {errors:?}", path.display())
            });
            for entry in resource.entries() {
                if let Entry::Message(message) = entry {
                    let mut vars = BTreeSet::new();
                    if let Some(value) = &message.value {
                        variables(value, &mut vars);
                    }
                    let previous = messages.insert(message.id.name.to_owned(), vars);
                    assert!(
                        previous.is_none(),
                        "{}: `{}` is defined twice",
                        lang.code(),
                        message.id.name
                    );
                }
            }
        }
        all.insert(lang.code(), messages);
    }
    all
}

fn variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_variables(inline, out),
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

#[test]
fn every_locale_has_every_key() {
    let all = catalog();
    let union: BTreeSet<&String> = all.values().flat_map(|m| m.keys()).collect();
    let mut missing = Vec::new();
    for (lang, messages) in &all {
        for id in &union {
            if !messages.contains_key(*id) {
                missing.push(format!("{lang}: {id}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing translations:\n{}",
        missing.join("\n")
    );
    assert!(
        union.len() > 40,
        "the locales look empty ({} ids)",
        union.len()
    );
}

#[test]
fn translations_use_the_same_variables_as_english() {
    let all = catalog();
    for (lang, messages) in &all {
        for (id, vars) in messages {
            assert_eq!(
                vars, &all["en"][id],
                "{lang}: `{id}` uses other variables than English"
            );
        }
    }
}

#[test]
fn every_message_formats_in_every_language_with_its_variables() {
    let all = catalog();
    for lang in Lang::ALL {
        for (id, vars) in &all[lang.code()] {
            let args: Vec<(&str, String)> = vars
                .iter()
                .map(|v| (v.as_str(), format!("<{v}>")))
                .collect();
            let text = lang.text_with(id, &args);
            assert_ne!(&text, id, "{}: `{id}` does not format", lang.code());
            for v in vars {
                assert!(
                    text.contains(&format!("<{v}>")),
                    "{}: `{id}` drops ${v}",
                    lang.code()
                );
            }
        }
    }
}

#[test]
fn translations_are_not_english_copies() {
    // The long texts must be translated, not pasted.
    let all = catalog();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        for id in [
            "param-welcome-help",
            "param-private-keywords-help",
            "welcome-default",
            "param-card",
            "param-refused",
        ] {
            let args: Vec<(&str, String)> = all["en"][id]
                .iter()
                .map(|v| (v.as_str(), "x".to_owned()))
                .collect();
            let (translated, english) = (lang.text_with(id, &args), Lang::En.text_with(id, &args));
            assert_ne!(translated, id, "{}: {id} does not format", lang.code());
            assert_ne!(
                translated,
                english,
                "{}: {id} is the English text",
                lang.code()
            );
        }
    }
}
