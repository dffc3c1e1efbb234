//! The fault-injection suite: the real binary in a pseudo-terminal, against moto through a proxy
//! that injects, one after another, throttling (400 and 429), 500, 503, latency, a connection
//! that accepts and never answers, a reset in the middle of a body, a truncated JSON body and an
//! expired token — on every call, subscription and logs included. Under each, a scripted session
//! visits every view and presses the keys of each screen, and sends a change. Then the fault is
//! lifted and the pane on screen must recover by itself. Asserted: no panic, key → frame under
//! 100 ms throughout, recovery within one backoff period, an attempt and an outcome line in the
//! audit log for every change, and nothing of the console's left in the account after `q`.

use crate::proxy::{Fault, FaultProxy, Rule};
use crate::pty::Session;
use portable_pty::CommandBuilder;
use std::time::{Duration, Instant};

/// The longest wait of the sync layer's backoff, plus the interval of the view and a margin for
/// the answer itself: what "within one backoff period" allows.
const RECOVERY: Duration = Duration::from_secs(60 + 5 + 10);

fn faults() -> Vec<Fault> {
    vec![
        Fault::Throttle,
        Fault::TooMany,
        Fault::Internal,
        Fault::Unavailable,
        Fault::Latency(Duration::from_secs(3)),
        Fault::BlackHole,
        Fault::ResetMidBody,
        Fault::Truncated,
        Fault::ExpiredToken,
    ]
}

/// Keys that always change the screen, so the time to the next frame can be measured: each
/// pair opens something and closes it again.
const PROBES: &[&str] = &["?", "\x1b", ":", "\x1b", "m", "\x1b"];

/// One key, and how long until the console wrote its next frame (bytes on the terminal).
fn key_to_frame(s: &mut Session, key: &str) -> Duration {
    frame_within(s, key, Duration::from_secs(5))
}

/// Type one key of the script. A lone ESC must reach the console alone: read together with the
/// next key, a terminal reports the pair as Alt+key — so after one, wait for its frame (if it
/// has one) before the next key.
fn type_key(s: &mut Session, k: &str) {
    if k.contains('\x1b') {
        frame_within(s, k, Duration::from_millis(500));
        std::thread::sleep(Duration::from_millis(20));
    } else {
        s.send(k);
        std::thread::sleep(Duration::from_millis(60));
    }
}

/// Send a key and wait (at most `cap`) for the next bytes on the terminal; how long it took.
fn frame_within(s: &mut Session, key: &str, cap: Duration) -> Duration {
    let before = s.raw.lock().unwrap().len();
    let started = Instant::now();
    s.send(key);
    loop {
        if s.raw.lock().unwrap().len() > before || started.elapsed() > cap {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Every view, and the keys of every screen, under whatever fault is in force.
const VIEWS: &[&str] = &[
    ":clusters\r",
    ":svc moto-web\r",
    "e",
    "e",
    ":tasks moto-web big\r",
    "x",
    "x",
    "\r",
    "\x1b",
    "d",
    "/",
    "\x1b",
    "\x1b",
    ":ins moto-ec2\r",
    ":pulse\r",
    ":failures\r",
    ":events\r",
    ":api\r",
    ":audit\r",
    ":svc moto-logs\r",
    "l",
    "t",
    "w",
    "1",
    "f",
    "\x1b",
    ":svc moto-web\r",
    "w",
    "\x1b",
    // The script ends on this pane (the one whose recovery is awaited).
    ":svc moto-web\r",
    ">",
    "S",
    "N",
    "A",
    "j",
    "k",
    "G",
    "g",
];

fn pid_suffix(s: &Session) -> String {
    format!("-{}", s.child.process_id().unwrap_or_default())
}

#[test]
fn under_every_fault_the_console_stays_responsive_and_recovers_when_it_lifts() {
    let _account = crate::sharing_the_account();
    let url = std::env::var("ECSDECK_MOTO_URL").expect(
        "ECSDECK_MOTO_URL is not set: this test runs under scripts/test, which starts moto",
    );
    let proxy = FaultProxy::start(&url);
    let dir = std::env::temp_dir().join(format!("ecsdeck-faults-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let log_file = dir.join("ecsdeck.log");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ecsdeck"));
    cmd.args(["--endpoint-url", &proxy.url, "--region", "us-east-1"]);
    cmd.arg("--log-file");
    cmd.arg(&log_file);
    cmd.env("ECSDECK_CONFIG", "/dev/null");
    cmd.env("XDG_STATE_HOME", &dir);
    let mut s = Session::spawn(cmd);
    s.wait_for("clusters[");
    s.wait_for("moto-web");
    s.wait_for("events ◌ polling");
    let suffix = pid_suffix(&s);

    let mut worst = Duration::ZERO;
    let mut keys = 0usize;
    let mut recoveries = Vec::new();
    let mut changes = 0usize;
    s.send(":svc moto-web\r");
    s.wait_for("services(moto-web)[12]");
    for fault in faults() {
        // A change sent as the fault begins, from a pane loaded before it: force a deployment
        // of svc-10 (confirmed).
        s.send("/svc-10\r");
        s.wait_for("services(moto-web)[1/12]");
        proxy.set(vec![Rule::all(fault.clone())]);
        let started = Instant::now();
        s.send("r");
        s.wait_for("go ahead");
        s.send("y");
        changes += 1;
        std::thread::sleep(Duration::from_millis(300));
        type_key(&mut s, "\x1b");
        for k in VIEWS {
            keys += 1;
            type_key(&mut s, k);
            for p in PROBES {
                let took = key_to_frame(&mut s, p);
                keys += 1;
                worst = worst.max(took);
                assert!(
                    took < Duration::from_millis(100),
                    "{}: key {p:?} after {k:?} took {took:?} to reach the screen",
                    fault.name()
                );
            }
        }
        if matches!(fault, Fault::BlackHole) {
            // A silent endpoint is named, with how long it has been silent, not "loading…".
            s.wait_for(&format!("no answer from {} in 8s", proxy.url));
        }
        std::thread::sleep(Duration::from_secs(8).saturating_sub(started.elapsed()));
        // Lift it: the services pane the script ended on (failing, backing off) must come
        // back fresh by itself, without a key.
        proxy.clear();
        let lifted = Instant::now();
        loop {
            let screen = s.screen();
            let title = screen
                .lines()
                .find(|l| l.contains("services(moto-web)["))
                .unwrap_or_default()
                .to_string();
            // Fresh: polled within its interval (● ≤5s), or kept current by the events feed
            // (● events) — either way answered since the fault lifted, with no error shown.
            let fresh = title.contains("● ≤") || title.contains("● events");
            if fresh && !screen.contains("error ") {
                break;
            }
            assert!(
                lifted.elapsed() < RECOVERY,
                "{}: the pane did not recover in {RECOVERY:?}:\n{screen}",
                fault.name()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        recoveries.push((fault.name(), lifted.elapsed()));
    }
    // Everything works again: a last round of every view.
    for k in VIEWS {
        type_key(&mut s, k);
    }
    s.send(":svc moto-web\r");
    s.wait_for("services(moto-web)[12]");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit: {status:?}");
    s.assert_restored();
    let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).to_string();
    assert!(!raw.contains("panicked"), "no panic on the terminal");
    let log = std::fs::read_to_string(&log_file).unwrap_or_default();
    assert!(!log.contains("panicked"), "no background panic: {log}");

    // Every change: an attempt line, and an outcome line.
    let audit = std::fs::read_to_string(dir.join("ecsdeck/audit.log")).unwrap_or_default();
    let phases: Vec<String> = audit
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("a JSON line")["phase"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let attempts = phases.iter().filter(|p| *p == "attempt").count();
    let outcomes = phases.iter().filter(|p| *p == "outcome").count();
    assert_eq!(
        (attempts, outcomes),
        (changes, changes),
        "every change is audited twice: {audit}"
    );

    // Nothing of this console's left in the account.
    let leftovers = leftovers(&url, &suffix);
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");

    let slowest = recoveries
        .iter()
        .max_by_key(|(_, d)| *d)
        .cloned()
        .unwrap_or_default();
    println!(
        "fault suite: {} faults, {} requests injected, {keys} keys, panics 0, leaks 0, worst key→frame {worst:?}, recoveries {recoveries:?}, slowest {slowest:?}",
        faults().len(),
        proxy.injected()
    );
}

/// The console's rules, targets and groups still in the account (by the pid in their names).
fn leftovers(url: &str, suffix: &str) -> Vec<String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(url)
            .load()
            .await;
        let eb = aws_sdk_eventbridge::Client::new(&conf);
        let logs = aws_sdk_cloudwatchlogs::Client::new(&conf);
        let mut out: Vec<String> = eb
            .list_rules()
            .name_prefix("ecsdeck-")
            .send()
            .await
            .expect("rules")
            .rules()
            .iter()
            .filter_map(|r| r.name().map(str::to_string))
            .filter(|n| n.ends_with(suffix))
            .collect();
        out.extend(
            logs.describe_log_groups()
                .log_group_name_prefix("/aws/events/ecsdeck-")
                .send()
                .await
                .expect("groups")
                .log_groups()
                .iter()
                .filter_map(|g| g.log_group_name().map(str::to_string))
                .filter(|n| n.ends_with(suffix)),
        );
        out
    })
}
