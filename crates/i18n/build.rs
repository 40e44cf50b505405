// The locales are compiled into the crate by a macro; rebuild when any of them changes.
fn main() {
    println!("cargo:rerun-if-changed=../../locales");
}
