//! The real binary in a pseudo-terminal against moto, through the counting proxy, on the
//! 1,050-task service: rows are on screen before every DescribeTasks batch is answered; with the
//! events feed working, the idle view makes few ECS calls a minute (it is re-listed only to
//! reconcile); when the feed stops, polling returns.

use crate::proxy::{Fault, FaultProxy, Rule};
use crate::pty::Session;
use std::time::{Duration, Instant};

/// ECS calls (ListTasks, DescribeTasks, …) seen by the proxy so far.
fn ecs_calls(proxy: &FaultProxy) -> u32 {
    const ECS: [&str; 8] = [
        "ListClusters",
        "DescribeClusters",
        "ListServices",
        "DescribeServices",
        "ListTasks",
        "DescribeTasks",
        "ListContainerInstances",
        "DescribeContainerInstances",
    ];
    ECS.iter().map(|op| proxy.count(op)).sum()
}

/// Whether a screen shows a task row of bigsvc (moto's task ids are UUIDs).
fn has_task_row(screen: &str) -> bool {
    screen.lines().any(|line| {
        line.trim_start_matches('│')
            .split_whitespace()
            .next()
            .is_some_and(|id| id.len() == 12 && id.as_bytes()[8] == b'-')
    })
}

#[test]
fn against_moto_a_big_service_shows_rows_at_once_and_idles_on_events() {
    // Alone in the account: events another test puts would reach this console's feed too and
    // change its screen (the footer's `last 2s`) during the idle minute whose bytes are counted.
    let _alone = crate::ACCOUNT.write().unwrap_or_else(|p| p.into_inner());
    let proxy = FaultProxy::start(&crate::moto_url());
    // Slow describes make the order plain: rows must come before the last batch does.
    proxy.set(vec![Rule::on(
        &["DescribeTasks"],
        Fault::Latency(Duration::from_millis(400)),
    )]);
    let mut s = Session::start(&["--endpoint-url", &proxy.url, "--region", "us-east-1"]);
    s.wait_for("moto-biglogs");
    s.wait_for("events ◌ polling");
    let asked = Instant::now();
    s.keys(":tasks moto-biglogs bigsvc\r");
    let first_rows = loop {
        let screen = s.screen();
        if has_task_row(&screen) {
            break screen;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(30),
            "no rows: {screen}"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let describes_then = proxy.count("DescribeTasks");
    let after = asked.elapsed();
    eprintln!(
        "first rows after {:.2}s with DescribeTasks 400 ms each, {describes_then} DescribeTasks sent",
        after.as_secs_f64()
    );
    assert!(
        first_rows.contains("loading ") && first_rows.contains("/1,050"),
        "the title says how far the load is: {first_rows}"
    );
    let screen = s.wait_for("tasks(moto-biglogs/bigsvc)[1050]");
    assert!(!screen.contains("loading "), "{screen}");
    // The tasks' CPU and memory are asked for once the listing is whole, not at every batch
    // (each GetMetricData is billed by the metric).
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        proxy.count("GetMetricData"),
        1,
        "one GetMetricData for the view, not one a batch: {:?}",
        proxy.counts()
    );
    let describes = proxy.count("DescribeTasks");
    assert!(
        describes_then < describes,
        "rows came when {describes_then} of {describes} DescribeTasks were sent"
    );
    proxy.clear();

    // The same view again without added latency: how long the first rows take.
    s.keys(":svc moto-biglogs\r");
    s.wait_for("services(moto-biglogs)");
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    s.keys(":tasks moto-biglogs bigsvc\r");
    loop {
        if has_task_row(&s.screen()) && s.screen().contains("tasks(moto-biglogs/bigsvc)") {
            break;
        }
        assert!(asked.elapsed() < Duration::from_secs(30));
        std::thread::sleep(Duration::from_millis(5));
    }
    eprintln!(
        "first rows of the 1,050-task service after {:.2}s (no added latency)",
        asked.elapsed().as_secs_f64()
    );
    let screen = s.wait_for("tasks(moto-biglogs/bigsvc)[1050]");
    assert!(
        screen.contains("events, re-listed every 60s") && screen.contains("● events"),
        "events keep the view fresh: {screen}"
    );

    // Idle with the feed working: re-listed only to reconcile.
    std::thread::sleep(Duration::from_secs(2));
    let before = ecs_calls(&proxy);
    let metrics_before = proxy.count("GetMetricData");
    let (lists, describes) = (proxy.count("ListTasks"), proxy.count("DescribeTasks"));
    let written = s.raw.lock().unwrap().len();
    std::thread::sleep(Duration::from_secs(60));
    let calls = ecs_calls(&proxy) - before;
    let idle_bytes = String::from_utf8_lossy(&s.raw.lock().unwrap()[written..]).to_string();
    let written = idle_bytes.len();
    eprintln!(
        "idle minute on the 1,050-task view with the feed working: {calls} ECS calls ({} ListTasks, {} DescribeTasks), {written} bytes written",
        proxy.count("ListTasks") - lists,
        proxy.count("DescribeTasks") - describes
    );
    assert!(calls <= 25, "{calls} ECS calls in an idle minute");
    let metric_reads = proxy.count("GetMetricData") - metrics_before;
    assert!(
        metric_reads <= 2,
        "the tasks' metrics once a minute, not more: {metric_reads}"
    );
    // Idle means idle: the feed polls every 2 s and the view is re-listed, but only characters
    // that change (an age, the feed's mode) are written.
    assert!(
        written <= 1024,
        "{written} bytes written in an idle minute: {idle_bytes:?}"
    );

    // The feed stops: its reads fail. Polling returns, and the header says so.
    proxy.set(vec![Rule::on(
        &["FilterLogEvents", "StartLiveTail"],
        Fault::Error("AccessDeniedException"),
    )]);
    let screen = s.wait_for("Refresh: every 5s");
    assert!(!screen.contains("● events"), "{screen}");
    // Polling again: two listings come within 20 s (each waits 5 s after the last one ends,
    // and moto takes a few seconds over 11 DescribeTasks; the reconcile period would allow
    // one at most).
    let lists = proxy.count("ListTasks");
    let since = Instant::now();
    while proxy.count("ListTasks") - lists < 2 {
        assert!(
            since.elapsed() < Duration::from_secs(20),
            "not re-listed every 5 s again: {} listings in 20 s:\n{}",
            proxy.count("ListTasks") - lists,
            s.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!(
        "the feed stopped: two listings within {:.1}s",
        since.elapsed().as_secs_f64()
    );
    proxy.clear();
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
}
