//! Every sign-in error has a text in every language, and no error text carries a secret.

use i18n::Lang;
use switchboard_account_session::SignInError;

#[test]
fn every_sign_in_error_explains_itself_in_every_language() {
    for err in SignInError::examples() {
        for lang in Lang::ALL {
            let text = lang.text_with(err.message_id(), &err.args());
            assert_ne!(
                text,
                err.message_id(),
                "{}: {} has no text",
                lang.code(),
                err.message_id()
            );
            for (_, value) in err.args() {
                assert!(
                    text.contains(&value),
                    "{}: {} drops its argument",
                    lang.code(),
                    err.message_id()
                );
            }
        }
    }
}
