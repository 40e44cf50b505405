//! Keyword expressions for PRIVATE_KEYWORDS and RESTRICTED_KEYWORDS_*.
//!
//! ```text
//! "help", "operator", ["refund","order"], ["price","~spam"]
//! ```
//! A quoted word or phrase matches on its own; a bracketed list matches when all of its items do; an
//! item starting with `~` must be absent. Matching ignores case (Unicode-aware) and runs of white
//! space, and a phrase must start where a word starts, so "order" finds "Orders" but not "border".
//! Unquoted words are accepted too (`help, operator`), and so are the curly quotes and guillemets
//! that phone keyboards type. `OFF` turns the filter off.

use std::fmt;

/// Longest expression accepted, in characters (a Telegram message holds 4096).
pub const MAX_LEN: usize = 4096;

/// One word or phrase, and whether it must be absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As the admin wrote it (white space folded), for printing back.
    pub phrase: String,
    pub negated: bool,
    /// Lower-cased, for matching.
    folded: String,
}

impl Term {
    pub fn new(phrase: &str, negated: bool) -> Self {
        let phrase = fold_space(phrase);
        let folded = phrase.to_lowercase();
        Self {
            phrase,
            negated,
            folded,
        }
    }
}

/// Matches when every positive term is present and every negated term is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllOf(pub Vec<Term>);

/// A parsed expression: it matches when any of its alternatives does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordExpr(pub Vec<AllOf>);

/// A keyword parameter's value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Keywords {
    #[default]
    Off,
    On(KeywordExpr),
}

impl Keywords {
    /// As a filter of what may pass (PRIVATE_KEYWORDS): `OFF` lets everything through.
    pub fn admits(&self, text: &str) -> bool {
        match self {
            Keywords::Off => true,
            Keywords::On(expr) => expr.matches(text),
        }
    }

    /// As a list of what is refused (RESTRICTED_KEYWORDS_*): `OFF` refuses nothing.
    pub fn refuses(&self, text: &str) -> bool {
        match self {
            Keywords::Off => false,
            Keywords::On(expr) => expr.matches(text),
        }
    }
}

impl KeywordExpr {
    pub fn matches(&self, text: &str) -> bool {
        let haystack = fold_space(text).to_lowercase();
        self.0.iter().any(|all| {
            all.0
                .iter()
                .all(|term| occurs_at_word_start(&haystack, &term.folded) != term.negated)
        })
    }
}

fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `needle` occurs in `haystack` starting at a word start (or `needle` itself does not
/// start with a letter or digit, as in "/help" or "?").
fn occurs_at_word_start(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let needle_starts_word = needle.chars().next().is_some_and(char::is_alphanumeric);
    haystack.match_indices(needle).any(|(at, _)| {
        !needle_starts_word
            || !haystack[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Why an expression was refused, and where (a 1-based character position).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at position {position}")]
pub struct KeywordError {
    pub position: usize,
    pub kind: KeywordErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeywordErrorKind {
    #[error("the list is empty")]
    Empty,
    #[error("a quote opened here is never closed")]
    UnclosedQuote,
    #[error("a bracket opened here is never closed")]
    UnclosedBracket,
    #[error("brackets cannot be nested")]
    NestedBracket,
    #[error("`]` closes no bracket")]
    StrayClosingBracket,
    #[error("an empty word or phrase")]
    EmptyPhrase,
    #[error("expected a comma before this")]
    ExpectedComma,
    #[error("a quote inside an unquoted word")]
    StrayQuote,
    #[error("the expression is longer than {MAX_LEN} characters")]
    TooLong,
}

impl KeywordErrorKind {
    /// The Fluent message id that explains this error to an admin.
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "keywords-error-empty",
            Self::UnclosedQuote => "keywords-error-unclosed-quote",
            Self::UnclosedBracket => "keywords-error-unclosed-bracket",
            Self::NestedBracket => "keywords-error-nested-bracket",
            Self::StrayClosingBracket => "keywords-error-stray-closing-bracket",
            Self::EmptyPhrase => "keywords-error-empty-phrase",
            Self::ExpectedComma => "keywords-error-expected-comma",
            Self::StrayQuote => "keywords-error-stray-quote",
            Self::TooLong => "keywords-error-too-long",
        }
    }
}

/// Parses an expression or `OFF`.
pub fn parse(input: &str) -> Result<Keywords, KeywordError> {
    if input.trim().eq_ignore_ascii_case("off") {
        return Ok(Keywords::Off);
    }
    if input.chars().count() > MAX_LEN {
        return Err(KeywordError {
            position: MAX_LEN + 1,
            kind: KeywordErrorKind::TooLong,
        });
    }
    Parser {
        chars: input.chars().collect(),
        at: 0,
    }
    .expression()
    .map(Keywords::On)
}

/// The closing quote for an opening one.
fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '“' => Some('”'),
        '„' => Some('“'),
        '«' => Some('»'),
        _ => None,
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn error(&self, position: usize, kind: KeywordErrorKind) -> KeywordError {
        KeywordError {
            position: position + 1,
            kind,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn expression(&mut self) -> Result<KeywordExpr, KeywordError> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None if items.is_empty() => {
                    return Err(self.error(self.at, KeywordErrorKind::Empty));
                }
                None => break,
                Some(',') => {
                    // Tolerate doubled and trailing commas: phones and copy-paste leave them.
                    self.at += 1;
                    continue;
                }
                Some('[') => {
                    let open = self.at;
                    self.at += 1;
                    items.push(self.bracket(open)?);
                }
                Some(']') => return Err(self.error(self.at, KeywordErrorKind::StrayClosingBracket)),
                Some(_) => items.push(AllOf(vec![self.term()?])),
            }
            self.skip_space();
            match self.peek() {
                None => break,
                Some(',') => self.at += 1,
                Some(']') => return Err(self.error(self.at, KeywordErrorKind::StrayClosingBracket)),
                Some(_) => return Err(self.error(self.at, KeywordErrorKind::ExpectedComma)),
            }
        }
        if items.is_empty() {
            return Err(self.error(0, KeywordErrorKind::Empty));
        }
        Ok(KeywordExpr(items))
    }

    fn bracket(&mut self, open: usize) -> Result<AllOf, KeywordError> {
        let mut terms = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                None => return Err(self.error(open, KeywordErrorKind::UnclosedBracket)),
                Some(']') => {
                    self.at += 1;
                    if terms.is_empty() {
                        return Err(self.error(open, KeywordErrorKind::Empty));
                    }
                    return Ok(AllOf(terms));
                }
                Some(',') => {
                    self.at += 1;
                    continue;
                }
                Some('[') => return Err(self.error(self.at, KeywordErrorKind::NestedBracket)),
                Some(_) => terms.push(self.term()?),
            }
            self.skip_space();
            match self.peek() {
                None => return Err(self.error(open, KeywordErrorKind::UnclosedBracket)),
                Some(',') => self.at += 1,
                Some(']') => {}
                Some('[') => return Err(self.error(self.at, KeywordErrorKind::NestedBracket)),
                Some(_) => return Err(self.error(self.at, KeywordErrorKind::ExpectedComma)),
            }
        }
    }

    /// `~`? then a quoted or bare phrase; a `~` just inside the quotes negates too (`"~spam"`).
    fn term(&mut self) -> Result<Term, KeywordError> {
        let start = self.at;
        let mut negated = false;
        if self.peek() == Some('~') {
            negated = true;
            self.at += 1;
            self.skip_space();
        }
        let phrase_start = self.at;
        let phrase = match self.peek().and_then(closing_quote) {
            Some(close) => {
                self.at += 1;
                while self.peek().is_some_and(char::is_whitespace) {
                    self.at += 1;
                }
                // `"~spam"`: the product's own notation puts the negation inside the quotes.
                if self.peek() == Some('~') {
                    negated = true;
                    self.at += 1;
                }
                let mut text = String::new();
                loop {
                    match self.peek() {
                        None => {
                            return Err(self.error(phrase_start, KeywordErrorKind::UnclosedQuote));
                        }
                        Some('\\') if self.at + 1 < self.chars.len() => {
                            text.push(self.chars[self.at + 1]);
                            self.at += 2;
                        }
                        Some(c) if c == close || (close == '"' && matches!(c, '”' | '“')) => {
                            self.at += 1;
                            break;
                        }
                        Some(c) => {
                            text.push(c);
                            self.at += 1;
                        }
                    }
                }
                text
            }
            None => {
                let mut text = String::new();
                while let Some(c) = self.peek() {
                    if matches!(c, ',' | '[' | ']') {
                        break;
                    }
                    if is_quote(c) {
                        return Err(self.error(self.at, KeywordErrorKind::StrayQuote));
                    }
                    text.push(c);
                    self.at += 1;
                }
                text
            }
        };
        let term = Term::new(&phrase, negated);
        if term.phrase.is_empty() {
            return Err(self.error(start, KeywordErrorKind::EmptyPhrase));
        }
        Ok(term)
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        if self.negated {
            f.write_str("~")?;
        }
        for (i, c) in self.phrase.chars().enumerate() {
            // Escape what the parser would read as syntax: closing quotes, backslashes, and a
            // leading `~` that belongs to the phrase rather than negating it.
            if matches!(c, '"' | '\\' | '”' | '“') || (i == 0 && c == '~') {
                f.write_str("\\")?;
            }
            write!(f, "{c}")?;
        }
        f.write_str("\"")
    }
}

impl fmt::Display for KeywordExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, all) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match all.0.as_slice() {
                // A lone positive term prints bare; a lone negated one keeps its brackets so it
                // reads as the all-of list it is.
                [term] if !term.negated => write!(f, "{term}")?,
                terms => {
                    f.write_str("[")?;
                    for (j, term) in terms.iter().enumerate() {
                        if j > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{term}")?;
                    }
                    f.write_str("]")?;
                }
            }
        }
        Ok(())
    }
}

impl fmt::Display for Keywords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Keywords::Off => f.write_str("OFF"),
            Keywords::On(expr) => write!(f, "{expr}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn on(text: &str) -> KeywordExpr {
        match parse(text).unwrap() {
            Keywords::On(expr) => expr,
            Keywords::Off => panic!("{text} parsed as OFF"),
        }
    }

    #[test]
    fn the_issue_cases() {
        assert!(on(r#""help""#).matches("HELP me"));
        let both = on(r#"["refund","order"]"#);
        assert!(both.matches("I want a refund for my order"));
        assert!(!both.matches("refund please"));
        assert!(!both.matches("my order is late"));
        let price = on(r#"["price","~spam"]"#);
        assert!(price.matches("what is the price?"));
        assert!(!price.matches("price spam"));
        let off = parse("OFF").unwrap();
        assert_eq!(off, Keywords::Off);
        assert!(off.admits("anything at all"));
        assert!(off.admits(""));
        assert!(!off.refuses("anything at all"));
    }

    #[test]
    fn the_product_example_parses_and_prints_canonically() {
        let expr = on(r#""help", "operator", ["refund","order"], ["price","~spam"]"#);
        assert_eq!(expr.0.len(), 4);
        assert_eq!(
            expr.to_string(),
            r#""help", "operator", ["refund", "order"], ["price", "~spam"]"#
        );
        assert!(expr.matches("Operator, please"));
        assert!(!expr.matches("hello"));
    }

    #[test]
    fn unicode_case_folding_and_word_starts() {
        let expr = on("«Помощь», заказ");
        assert!(expr.matches("нужна ПОМОЩЬ"));
        assert!(
            expr.matches("где мой заказа?"),
            "a word that starts with the keyword matches"
        );
        assert!(!expr.matches("подзаказ"), "inside a word does not");
        let de = on(r#""Straße""#);
        assert!(de.matches("DIE STRAẞE"));
        assert!(on(r#""order""#).matches("Orders"));
        assert!(!on(r#""order""#).matches("border"));
        assert!(on(r#""/help""#).matches("please /help"));
        assert!(on(r#""call  operator""#).matches("Call\n operator now"));
    }

    #[test]
    fn phone_keyboard_quotes_and_bare_words() {
        assert_eq!(on("“help”, „hilfe“"), on(r#""help", "hilfe""#));
        assert_eq!(on("help, operator"), on(r#""help", "operator""#));
        assert_eq!(on(r#"[price, ~spam]"#), on(r#"["price","~spam"]"#));
        assert_eq!(on(r#""help",,"#), on(r#""help""#));
        assert_eq!(parse(" off ").unwrap(), Keywords::Off);
    }

    #[test]
    fn escaped_quotes_round_trip() {
        let expr = on(r#""say \"hi\"", "back\\slash""#);
        assert_eq!(expr.0[0].0[0].phrase, r#"say "hi""#);
        assert_eq!(on(&expr.to_string()), expr);
        assert!(expr.matches(r#"please say "hi" now"#));
    }

    #[test]
    fn errors_point_at_the_offending_position() {
        let cases: &[(&str, usize, KeywordErrorKind)] = &[
            ("", 1, KeywordErrorKind::Empty),
            ("   ", 4, KeywordErrorKind::Empty),
            (r#""help"#, 1, KeywordErrorKind::UnclosedQuote),
            (r#""a", ["b", "c""#, 6, KeywordErrorKind::UnclosedBracket),
            (r#"["a", ["b"]]"#, 7, KeywordErrorKind::NestedBracket),
            (r#""a" "b""#, 5, KeywordErrorKind::ExpectedComma),
            (r#""a"]"#, 4, KeywordErrorKind::StrayClosingBracket),
            (r#""", "b""#, 1, KeywordErrorKind::EmptyPhrase),
            (r#""a", "~""#, 6, KeywordErrorKind::EmptyPhrase),
            ("[]", 1, KeywordErrorKind::Empty),
            (r#"ab"c""#, 3, KeywordErrorKind::StrayQuote),
        ];
        for (input, position, kind) in cases {
            let err = parse(input).unwrap_err();
            assert_eq!(
                (&err.kind, err.position),
                (kind, *position),
                "input {input:?}"
            );
        }
        let long = "a,".repeat(MAX_LEN);
        assert_eq!(parse(&long).unwrap_err().kind, KeywordErrorKind::TooLong);
    }

    fn phrase() -> impl Strategy<Value = String> {
        // Words of letters (several scripts), digits, quotes and backslashes, to exercise escaping.
        proptest::string::string_regex(r#"[a-zA-Zа-яА-Яß0-9"“”~\\/?!é ]{1,12}"#).unwrap()
    }

    fn expr() -> impl Strategy<Value = KeywordExpr> {
        let term = (phrase(), any::<bool>()).prop_map(|(p, n)| Term::new(&p, n));
        let all_of = proptest::collection::vec(term, 1..4).prop_map(AllOf);
        proptest::collection::vec(all_of, 1..5)
            .prop_map(KeywordExpr)
            .prop_filter("no empty phrases", |e| {
                e.0.iter().all(|a| a.0.iter().all(|t| !t.phrase.is_empty()))
            })
    }

    proptest! {
        #[test]
        fn any_input_parses_or_errors_without_panic(input in "\\PC{0,64}") {
            match parse(&input) {
                Ok(value) => prop_assert_eq!(parse(&value.to_string()).unwrap(), value),
                Err(err) => prop_assert!(err.position >= 1 && err.position <= input.chars().count() + 1),
            }
        }

        #[test]
        fn structured_input_round_trips(expr in expr()) {
            let printed = expr.to_string();
            let reparsed = parse(&printed).unwrap();
            prop_assert_eq!(reparsed, Keywords::On(expr));
        }

        #[test]
        fn a_positive_phrase_always_finds_itself(p in "[a-zA-Zа-я]{1,10}", before in "[ ,.!]{0,3}", after in "[a-z ]{0,5}") {
            let expr = KeywordExpr(vec![AllOf(vec![Term::new(&p, false)])]);
            let text = format!("{before}{}{after}", p.to_uppercase());
            prop_assert!(expr.matches(&text));
        }

        #[test]
        fn matching_never_panics(expr in expr(), text in "\\PC{0,80}") {
            let _ = expr.matches(&text);
        }
    }
}
