//! The inline keypad a login code is entered on.
//!
//! Telegram voids a login code that is typed into any chat, so the setup bot asks for it as
//! button presses. The digits pressed so far are part of a login code: they live in memory with
//! the pending login only (this type is deliberately not serializable, so it can never end up in
//! the stored dialogue state).

use crate::callback::Callback;

/// What a key press did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Press {
    /// The shown code changed; redraw it.
    Changed,
    /// Nothing to do (a digit past the end, backspace on nothing, submit too early).
    Ignored,
    /// The code is complete: try it. The keypad is cleared for a next attempt.
    Submit(String),
}

pub struct Keypad {
    digits: String,
    length: usize,
}

impl std::fmt::Debug for Keypad {
    // Never the digits: they are part of a login code.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keypad")
            .field("entered", &self.digits.len())
            .field("length", &self.length)
            .finish()
    }
}

/// The shortest code Telegram sends.
const MIN_LEN: usize = 4;

impl Keypad {
    /// A keypad for a code of `length` digits (as Telegram announced; 5 when it did not say).
    pub fn new(length: usize) -> Self {
        Self {
            digits: String::new(),
            length: length.clamp(MIN_LEN, 8),
        }
    }

    /// Applies a button press. A full code submits itself, as Telegram's own apps do.
    pub fn press(&mut self, key: Callback) -> Press {
        match key {
            Callback::Digit(d) if self.digits.len() < self.length && d <= 9 => {
                self.digits.push(char::from(b'0' + d));
                if self.digits.len() == self.length {
                    self.submit()
                } else {
                    Press::Changed
                }
            }
            Callback::Backspace if !self.digits.is_empty() => {
                self.digits.pop();
                Press::Changed
            }
            // Telegram's length hint can be wrong: a code of at least four digits may be sent early.
            Callback::SubmitCode if self.digits.len() >= MIN_LEN => self.submit(),
            _ => Press::Ignored,
        }
    }

    fn submit(&mut self) -> Press {
        Press::Submit(std::mem::take(&mut self.digits))
    }

    /// The code so far for display: entered digits and a place for each one to come, "1 2 _ _ _".
    pub fn display(&self) -> String {
        let entered = self.digits.chars().map(String::from);
        let missing = std::iter::repeat_n(
            "_".to_owned(),
            self.length.saturating_sub(self.digits.len()),
        );
        entered.chain(missing).collect::<Vec<_>>().join(" ")
    }

    /// How many digits are entered.
    pub fn entered(&self) -> usize {
        self.digits.len()
    }

    /// The keys, as rows of (label, button): a phone's layout with ⌫ and ✓ beside the 0.
    pub fn rows() -> Vec<Vec<(String, Callback)>> {
        let digit = |d: u8| (d.to_string(), Callback::Digit(d));
        vec![
            vec![digit(1), digit(2), digit(3)],
            vec![digit(4), digit(5), digit(6)],
            vec![digit(7), digit(8), digit(9)],
            vec![
                ("⌫".to_owned(), Callback::Backspace),
                digit(0),
                ("✓".to_owned(), Callback::SubmitCode),
            ],
        ]
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn press_all(keypad: &mut Keypad, keys: &[Callback]) -> Vec<Press> {
        keys.iter().map(|k| keypad.press(*k)).collect()
    }

    #[test]
    fn a_full_code_submits_itself_and_clears() {
        let mut keypad = Keypad::new(5);
        let presses = press_all(&mut keypad, &[1, 2, 3, 4].map(Callback::Digit));
        assert!(presses.iter().all(|p| *p == Press::Changed));
        assert_eq!(keypad.display(), "1 2 3 4 _");
        assert_eq!(
            keypad.press(Callback::Digit(5)),
            Press::Submit("12345".into())
        );
        assert_eq!(keypad.entered(), 0, "cleared for a next attempt");
        assert_eq!(keypad.display(), "_ _ _ _ _");
    }

    #[test]
    fn backspace_corrects_and_submit_waits_for_four_digits() {
        let mut keypad = Keypad::new(6);
        press_all(
            &mut keypad,
            &[Callback::Digit(9), Callback::Digit(8), Callback::Digit(7)],
        );
        assert_eq!(
            keypad.press(Callback::SubmitCode),
            Press::Ignored,
            "three digits are not a code"
        );
        assert_eq!(keypad.press(Callback::Backspace), Press::Changed);
        assert_eq!(keypad.display(), "9 8 _ _ _ _");
        press_all(&mut keypad, &[Callback::Digit(1), Callback::Digit(2)]);
        assert_eq!(
            keypad.press(Callback::SubmitCode),
            Press::Submit("9812".into()),
            "a shorter code may be sent"
        );
        assert_eq!(Keypad::new(5).press(Callback::Backspace), Press::Ignored);
        assert_eq!(Keypad::new(5).press(Callback::Cancel), Press::Ignored);
    }

    #[test]
    fn the_layout_is_a_phone_keypad_whose_buttons_decode() {
        let rows = Keypad::rows();
        let labels: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(|(l, _)| l.as_str()).collect())
            .collect();
        assert_eq!(
            labels,
            vec![
                vec!["1", "2", "3"],
                vec!["4", "5", "6"],
                vec!["7", "8", "9"],
                vec!["⌫", "0", "✓"]
            ]
        );
        for (_, callback) in rows.into_iter().flatten() {
            assert_eq!(Callback::decode(&callback.encode()), Some(callback));
        }
    }

    #[test]
    fn debug_never_shows_the_digits() {
        let mut keypad = Keypad::new(5);
        press_all(&mut keypad, &[4, 2, 4, 2].map(Callback::Digit));
        assert!(!format!("{keypad:?}").contains("4242"));
    }

    proptest! {
        #[test]
        fn any_presses_keep_the_code_within_its_length(keys in proptest::collection::vec(0u8..13, 0..40), length in 0usize..12) {
            let mut keypad = Keypad::new(length);
            for k in keys {
                let key = match k { 10 => Callback::Backspace, 11 => Callback::SubmitCode, 12 => Callback::Cancel, d => Callback::Digit(d) };
                if let Press::Submit(code) = keypad.press(key) {
                    prop_assert!(code.len() >= 4 && code.len() <= 8 && code.bytes().all(|b| b.is_ascii_digit()));
                }
                prop_assert!(keypad.entered() <= 8);
            }
        }
    }
}
