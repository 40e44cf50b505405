//! The benchmarks' smoke run (`--quick`), as CI runs it: every benchmark completes and prints its
//! summary line. Timings are printed, never asserted; what is asserted is that nothing was lost
//! (the binary fails when a copy goes missing) and that pacing met no FLOOD_WAIT.

use std::process::Command;

#[test]
fn the_quick_run_prints_one_line_per_benchmark() {
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard-bench"))
        .arg("--quick")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = |prefix: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` line in:\n{stdout}"))
            .to_owned()
    };
    let mut backends = vec!["sqlite"];
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        backends.push("postgres");
    }
    for backend in backends {
        // Through the in-process edge and through the real grammers client over MTProto.
        for edge in ["sim", "mtproto"] {
            line(&format!("relay {backend} {edge} users→topics: "));
            line(&format!("relay {backend} {edge} operators→users: "));
        }
        // The webhook benchmark ran: delivery, and the relay with webhooks off, queued, delivered.
        line(&format!("webhooks {backend} delivery: "));
        line(&format!("webhooks {backend}: the receiver took "));
    }
    let pacing = line("pacing: 1000 messages to 250 users");
    assert!(pacing.ends_with(", 0 FLOOD_WAIT"), "{pacing}");
    line("connections 50 (sqlite, sim): started in ");
    line("connections 20 (sqlite, mtproto): started in ");
    line("analytics sqlite: 1000 dialogs, 10000 messages");
}
