//! Switchboard's user-facing texts: the Fluent files under `locales/`, compiled into the binary.
//!
//! Every text an admin, operator or user reads comes from here, in English, Russian, Spanish,
//! German, Italian or French. Texts are Telegram HTML; callers escape what they put into
//! arguments (see [`escape_html`]).

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader as _, static_loader};
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "en",
        // Telegram shows Unicode isolation marks around arguments as stray characters.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A supported interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    En,
    Ru,
    Es,
    De,
    It,
    Fr,
}

impl Lang {
    /// Every language, in the order the setup bot offers them.
    pub const ALL: [Lang; 6] = [Lang::En, Lang::Ru, Lang::Es, Lang::De, Lang::It, Lang::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::It => "it",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Es => "Español",
            Lang::De => "Deutsch",
            Lang::It => "Italiano",
            Lang::Fr => "Français",
        }
    }

    /// The language for a stored code or Telegram's `language_code` ("de", "de-AT", "pt-br"):
    /// the primary subtag decides, and anything unsupported falls back to English.
    pub fn from_code(code: Option<&str>) -> Lang {
        let primary = code
            .unwrap_or("")
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == primary)
            .unwrap_or(Lang::En)
    }

    fn langid(self) -> LanguageIdentifier {
        // The six codes above are valid language identifiers.
        self.code()
            .parse()
            .expect("a supported language code parses")
    }

    /// The text `id` in this language (English where this language lacks it; the id itself
    /// when no language has it or an argument is missing, which the locale tests forbid).
    pub fn text(self, id: &str) -> String {
        self.text_with(id, &[])
    }

    /// The text `id` with Fluent arguments.
    pub fn text_with(self, id: &str, args: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.clone())))
            .collect();
        LOCALES
            .try_lookup_complete(&self.langid(), id, Some(&args))
            .unwrap_or_else(|| id.to_owned())
    }
}

/// The directory the texts were compiled from, for tests that read the files themselves.
pub const LOCALES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../locales");

/// Escapes text for Telegram's HTML parse mode.
pub fn escape_html(text: &str) -> Cow<'_, str> {
    if !text.contains(['<', '>', '&']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Telegram HTML as plain text, for places that take no formatting (button-press notices): tags
/// dropped, the entities `escape_html` writes (and `&quot;`) turned back.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_entities() {
        assert_eq!(
            plain_text("<b>Shop &lt;1&gt;</b> &amp; <code>/send</code>"),
            "Shop <1> & /send"
        );
        assert_eq!(plain_text(&escape_html("a < b & c")), "a < b & c");
    }

    #[test]
    fn telegram_language_codes_map_to_supported_languages() {
        assert_eq!(Lang::from_code(Some("de-AT")), Lang::De);
        assert_eq!(Lang::from_code(Some("RU")), Lang::Ru);
        assert_eq!(Lang::from_code(Some("pt-br")), Lang::En);
        assert_eq!(Lang::from_code(None), Lang::En);
    }

    #[test]
    fn texts_differ_by_language_and_take_arguments_without_isolation_marks() {
        let en = Lang::En.text_with("param-error-not-user-id", &[("item", "@bob".into())]);
        let de = Lang::De.text_with("param-error-not-user-id", &[("item", "@bob".into())]);
        assert!(en.contains("@bob") && de.contains("@bob"));
        assert_ne!(en, de);
        assert!(!en.contains('\u{2068}') && !en.contains('\u{2069}'));
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape_html("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert!(matches!(escape_html("plain"), Cow::Borrowed(_)));
    }
}
