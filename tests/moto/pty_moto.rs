//! The real binary in a pseudo-terminal against moto: every task of a big service, a read-only
//! session that sends no write (counted at a proxy), switching profiles and regions, and a switch
//! whose credentials hang.

use crate::pty::Session;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[test]
fn against_moto_every_task_of_the_big_service_is_on_screen_and_stop_reasons_too() {
    let _account = crate::sharing_the_account();
    let url = std::env::var("ECSDECK_MOTO_URL").expect(
        "ECSDECK_MOTO_URL is not set: this test runs under scripts/test, which starts moto",
    );
    let mut s = Session::start(&["--endpoint-url", &url, "--region", "us-east-1"]);
    let screen = s.wait_for("moto-web");
    assert!(
        screen.contains("aws · us-east-1"),
        "the header names the target: {screen}"
    );
    s.keys(":tasks moto-web big\r");
    s.wait_for("tasks(moto-web/big)[250]");
    let mut seen = std::collections::HashSet::new();
    for _ in 0..40 {
        // A screen read while a frame is being written can mix two rows into an id that is
        // neither: read it once it has settled.
        let mut screen = s.screen();
        loop {
            std::thread::sleep(Duration::from_millis(40));
            let again = s.screen();
            if again == screen {
                break;
            }
            screen = again;
        }
        for line in screen.lines() {
            let Some(id) = line.trim_start_matches('│').split_whitespace().next() else {
                continue;
            };
            // moto's task ids are UUIDs; the ID column shows their first 12 characters.
            if id.len() == 12 && id.as_bytes()[8] == b'-' {
                seen.insert(id.to_string());
            }
        }
        if seen.len() == 250 {
            break;
        }
        s.keys("\x1b[6~"); // PgDn
    }
    assert_eq!(seen.len(), 250, "every task was on screen at some point");

    s.keys("g\r");
    let screen = s.wait_for("containers(moto-web/");
    assert!(
        screen.contains("amazonaws.com/big:1.0.0"),
        "the container and its image: {screen}"
    );

    s.keys(":tasks moto-web flaky\r");
    s.wait_for("tasks(moto-web/flaky)");
    s.keys("x");
    let screen = s.wait_for("Task failed ELB health checks");
    assert!(
        screen.contains("Essential container in task exited"),
        "{screen}"
    );

    s.keys(":api\r");
    let screen = s.wait_for("DescribeTasks");
    assert!(
        screen.contains("ListTasks") && screen.contains("ok"),
        "{screen}"
    );
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
}

/// A TCP proxy in front of moto that keeps every byte the console sends, to count requests.
fn counting_proxy(upstream: &str) -> (String, Arc<Mutex<Vec<u8>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let upstream = upstream.trim_start_matches("http://").to_string();
    let sent = Arc::new(Mutex::new(Vec::new()));
    let log = sent.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = std::net::TcpStream::connect(&upstream) else {
                continue;
            };
            let (mut c_read, mut s_write) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (mut s_read, mut c_write) = (server, client);
            let log = log.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 16384];
                while let Ok(n) = c_read.read(&mut buf) {
                    if n == 0 || s_write.write_all(&buf[..n]).is_err() {
                        break;
                    }
                    log.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut s_read, &mut c_write);
            });
        }
    });
    (format!("http://{addr}"), sent)
}

/// The API operations in the requests seen (from their X-Amz-Target headers).
fn operations(sent: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(sent)
        .lines()
        .filter_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("x-amz-target").then(|| {
                value
                    .trim()
                    .rsplit('.')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
        })
        .collect()
}

fn moto_state(url: &str) -> String {
    use ecsdeck::backend::EcsRead;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let opts = ecsdeck::backend::aws::AwsOptions {
            profile: None,
            region: Some("us-east-1".into()),
            endpoint_url: Some(url.into()),
        };
        let b = ecsdeck::backend::aws::connect(&opts, Arc::new(ecsdeck::clock::SystemClock))
            .await
            .unwrap();
        let mut state = Vec::new();
        for s in b.services("moto-web").await.unwrap().items {
            state.push(format!("{} desired={}", s.name, s.desired));
        }
        for c in ["moto-web", "moto-ec2", "moto-idle"] {
            let running = b
                .tasks(
                    c,
                    &ecsdeck::model::TaskScope::Cluster,
                    ecsdeck::model::TaskStatus::Running,
                )
                .await
                .unwrap()
                .items
                .len();
            let stopped = b
                .tasks(
                    c,
                    &ecsdeck::model::TaskScope::Cluster,
                    ecsdeck::model::TaskStatus::Stopped,
                )
                .await
                .unwrap()
                .items
                .len();
            state.push(format!("{c} running={running} stopped={stopped}"));
            for i in b.container_instances(c).await.unwrap().items {
                state.push(format!(
                    "{c} {} {}",
                    i.ec2_instance_id.unwrap_or_default(),
                    i.status
                ));
            }
        }
        state.sort();
        state.join("\n")
    })
}

#[test]
fn a_read_only_session_pressing_every_action_key_sends_no_write_and_changes_nothing() {
    // Not while a test moves moto-idle/payments to another revision.
    let _account = crate::sharing_the_account();
    let url = std::env::var("ECSDECK_MOTO_URL").expect(
        "ECSDECK_MOTO_URL is not set: this test runs under scripts/test, which starts moto",
    );
    let before = moto_state(&url);
    let (proxy, sent) = counting_proxy(&url);
    let mut s = Session::start(&[
        "--readonly",
        "--endpoint-url",
        &proxy,
        "--region",
        "us-east-1",
    ]);
    let screen = s.wait_for("moto-web");
    let screen = if screen.contains("events off") {
        screen
    } else {
        s.wait_for("events off")
    };
    assert!(
        screen.contains("events off: read-only"),
        "a read-only console without a shared group says events are off and why: {screen}"
    );
    s.keys(":svc moto-web\r");
    s.wait_for("services(moto-web)[12]");
    s.keys("s");
    s.wait_for("read-only console: cannot scale the service");
    s.keys("r");
    s.keys(":tasks moto-web svc-04\r");
    s.wait_for("tasks(moto-web/svc-04)");
    s.keys(" \x01\x0b"); // Space, Ctrl-A, Ctrl-K
    s.wait_for("read-only console: cannot stop the marked tasks");
    s.keys(":ins moto-idle\r");
    s.wait_for("instances(moto-idle)[1]");
    s.keys("D");
    s.wait_for("read-only console: cannot drain");
    s.keys("a");
    // Spot or On-Demand, from EC2: the seed's second moto-ec2 instance is Spot.
    s.keys(":ins moto-ec2\r");
    let screen = s.wait_for("instances(moto-ec2)[3]");
    assert!(screen.contains("MARKET"), "{screen}");
    assert_eq!(screen.matches(" spot ").count(), 1, "{screen}");
    assert_eq!(screen.matches(" on-demand ").count(), 2, "{screen}");
    // Task definitions: the diff reads, rolling back and moving to a revision are gone.
    s.keys(":svc moto-idle\r");
    s.wait_for("services(moto-idle)[1]");
    s.keys("R");
    s.wait_for("read-only console: cannot roll the service back");
    s.keys("=");
    let diff = s.wait_for("diff payments:1 → payments:2");
    assert!(
        diff.contains("payments:2.0.0 → payments:2.1.0") && diff.contains("512 → 1024"),
        "{diff}"
    );
    s.keys("\x1b");
    s.keys("v");
    s.wait_for("revisions(payments) for moto-idle/payments");
    s.keys("jU");
    s.wait_for("read-only console: cannot move the service");
    s.keys("?");
    let help = s.wait_for("keys here");
    assert!(
        help.contains("  Space ") && !help.contains("  D   ") && !help.contains("  a   "),
        "no actions in help: {help}"
    );
    s.keys("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
    std::thread::sleep(Duration::from_millis(300));
    let ops = operations(&sent.lock().unwrap());
    assert!(
        ops.iter().any(|o| o == "ListClusters")
            && ops.iter().any(|o| o == "DescribeContainerInstances"),
        "the proxy saw the reads: {ops:?}"
    );
    let writes: Vec<_> = ops
        .iter()
        .filter(|o| {
            [
                "Update", "Stop", "Register", "Run", "Create", "Put", "Delete", "Remove", "Tag",
            ]
            .iter()
            .any(|w| o.starts_with(w))
        })
        .collect();
    assert!(
        writes.is_empty(),
        "no write request was sent (no events subscription either): {writes:?}"
    );
    assert_eq!(moto_state(&url), before, "moto's state is unchanged");
}

#[test]
fn ctx_and_region_switch_the_backend_without_restarting() {
    let _account = crate::sharing_the_account();
    let url = std::env::var("ECSDECK_MOTO_URL").expect(
        "ECSDECK_MOTO_URL is not set: this test runs under scripts/test, which starts moto",
    );
    let dir = std::env::temp_dir().join(format!("ecsdeck-ctx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = |name: &str, region: &str| {
        format!("[profile {name}]\nregion = {region}\nendpoint_url = {url}\naws_access_key_id = test\naws_secret_access_key = test\n")
    };
    let config = dir.join("config");
    std::fs::write(
        &config,
        profile("moto-east", "us-east-1") + &profile("moto-west", "us-west-2"),
    )
    .unwrap();
    let mut cmd = crate::pty::with_profiles(&config, &dir);
    cmd.args(["--profile", "moto-east"]);
    let mut s = Session::spawn(cmd);
    let screen = s.wait_for("clusters[6]");
    assert!(
        screen.contains("aws · profile moto-east · us-east-1"),
        "{screen}"
    );

    s.keys(":ctx\r");
    let screen = s.wait_for("moto-west");
    assert!(
        screen.contains("AWS profiles")
            && screen.contains("moto-east")
            && screen.contains("us-west-2"),
        "{screen}"
    );
    s.keys("G\r");
    let screen = s.wait_for("profile moto-west · us-west-2");
    assert!(
        screen.contains("clusters[0]"),
        "another region of moto has no clusters: {screen}"
    );
    assert!(
        screen.contains("<clusters>") && !screen.contains("<ctx>"),
        "the views start over: {screen}"
    );

    s.keys(":region us-east-1\r");
    let screen = s.wait_for("profile moto-west · us-east-1");
    s.wait_for("clusters[6]");
    assert!(screen.contains("aws"), "{screen}");

    s.keys(":ctx nope\r");
    let screen = s.wait_for("cannot switch");
    assert!(
        screen.contains("profile moto-west · us-east-1"),
        "a failed switch keeps the console where it was: {screen}"
    );
    // And it keeps refreshing the view it is on: stay there past the 10 s interval, then count
    // this backend's ListClusters calls (one at the region switch, then more only if polled).
    std::thread::sleep(Duration::from_millis(11_000));
    s.keys(":api\r");
    let api = s.wait_for("api calls[");
    let polls = api.lines().filter(|l| l.contains("ListClusters")).count();
    assert!(
        polls >= 2,
        "the clusters view kept refreshing after the failed switch: {api}"
    );
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Defect: `:ctx` awaited credentials with no time limit, so a hanging `credential_process`
/// froze the console. The switch says what it is doing, Esc cancels it, and the console stays
/// where it was and keeps working.
#[test]
fn a_switch_to_a_profile_whose_credentials_hang_can_be_cancelled() {
    let _account = crate::sharing_the_account();
    let url = std::env::var("ECSDECK_MOTO_URL").expect(
        "ECSDECK_MOTO_URL is not set: this test runs under scripts/test, which starts moto",
    );
    let dir = std::env::temp_dir().join(format!("ecsdeck-hang-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    std::fs::write(
        &config,
        format!(
            "[profile moto]\nregion = us-east-1\nendpoint_url = {url}\naws_access_key_id = test\naws_secret_access_key = test\n\
             [profile hangs]\nregion = us-east-1\nendpoint_url = {url}\ncredential_process = sleep 600\n"
        ),
    )
    .unwrap();
    let mut cmd = crate::pty::with_profiles(&config, &dir);
    cmd.args(["--profile", "moto"]);
    cmd.env("ECSDECK_CONFIG", "/dev/null");
    let mut s = Session::spawn(cmd);
    s.wait_for("clusters[");
    s.keys(":ctx hangs\r");
    s.wait_for("switching to profile hangs");
    std::thread::sleep(Duration::from_millis(1_000));
    let started = Instant::now();
    s.keys("\x1b");
    let screen = s.wait_for("cannot switch: cancelled");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        screen.contains("profile moto"),
        "still where it was: {screen}"
    );
    s.keys(":svc moto-web\r");
    s.wait_for("services(moto-web)[");
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn against_moto_load_balancer_targets_show_in_the_service_row_the_targets_view_and_the_task_rows() {
    let _account = crate::sharing_the_account();
    let url = crate::moto_url();
    let mut s = Session::start(&[
        "--endpoint-url",
        &url,
        "--region",
        "us-east-1",
        "-c",
        "svc moto-lb",
    ]);
    let screen = s.wait_for("3/3");
    let front = screen
        .lines()
        .find(|l| l.contains("front"))
        .expect("the front row");
    assert!(front.contains("3/3"), "healthy of all targets: {front}");

    s.keys(":targets moto-lb front\r");
    let screen = s.wait_for("10.0.250.250:8080");
    assert!(screen.contains("targets(moto-lb/front)[3]"), "{screen}");
    assert!(screen.contains("front-tg"), "{screen}");
    assert!(
        screen.contains("(no task)"),
        "an address no task has: {screen}"
    );
    assert_eq!(screen.matches("healthy").count(), 3, "{screen}");

    s.keys(":tasks moto-lb front\r");
    s.wait_for("tasks(moto-lb/front)[2]");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let screen = s.screen();
        let rows = screen
            .lines()
            .filter(|l| l.contains("RUNNING") && l.contains(" healthy "))
            .count();
        if rows == 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "each task row shows its target's health: {screen}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    s.keys(":q\r");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn against_moto_capacity_shows_the_providers_auto_scaling_group_and_its_size() {
    let url = crate::moto_url();
    let mut s = Session::start(&[
        "--readonly",
        "--endpoint-url",
        &url,
        "--region",
        "us-east-1",
        "-c",
        "capacity moto-ec2",
    ]);
    let screen = s.wait_for("moto-ec2-asg");
    let provider = screen
        .lines()
        .find(|l| l.contains("moto-ec2-cp") && l.contains("provider"))
        .expect("the provider row");
    assert!(
        provider.contains("Auto Scaling group moto-ec2-asg · 0 desired (min 0, max 4)"),
        "{screen}"
    );
    let default = screen
        .lines()
        .find(|l| l.contains("default"))
        .expect("the cluster's default strategy");
    assert!(default.contains("moto-ec2-cp"), "{screen}");
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
}

/// moto has no DescribeScalingActivities: the timeline shows the rest, and says by name — not
/// only "1 not loaded" — what is missing and why.
#[test]
fn against_moto_a_timeline_without_scaling_activities_says_why() {
    let url = crate::moto_url();
    let mut s = Session::start(&[
        "--readonly",
        "--endpoint-url",
        &url,
        "--region",
        "us-east-1",
        "-c",
        "timeline moto-web",
    ]);
    let screen = s.wait_for("incomplete — scaling activities not shown");
    assert!(
        screen.contains("deployment started: big:1"),
        "the rest shows: {screen}"
    );
    assert!(screen.contains("incomplete: 1 not loaded"), "{screen}");
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
}
