//! Load balancer targets: the services view reads the target health of every load-balanced
//! service it lists in one query (no task matching), a service's tasks view and `:targets` read
//! theirs with each target matched to its task; the simulated crash loop shows as failing
//! health checks; Enter on a target opens its task. On the AWS adapter: reason codes carried,
//! targets matched by private IP (awsvpc) and by instance and host port (bridge), and
//! AccessDenied reported as such.

use aws_sdk_ecs::types::{
    Attachment, Container, ContainerInstance, KeyValuePair, LoadBalancer, NetworkBinding,
    Service as EcsService, Task as EcsTask,
};
use aws_sdk_elasticloadbalancingv2::types::{
    TargetDescription, TargetGroup, TargetHealth, TargetHealthDescription, TargetHealthReasonEnum,
    TargetHealthStateEnum, TargetTypeEnum,
};
use aws_sdk_elasticloadbalancingv2::Client as Elb;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
use ecsdeck::app::view::ViewKind;
use ecsdeck::backend::api_log::ApiLog;
use ecsdeck::backend::aws::AwsBackend;
use ecsdeck::backend::EcsRead;
use ecsdeck::clock::ManualClock;
use ecsdeck::harness::Harness;
use ecsdeck::model::{FetchError, Query};
use std::sync::Arc;

fn target_queries(h: &Harness) -> Vec<&Query> {
    h.fetched
        .iter()
        .filter(|q| matches!(q, Query::Targets { .. }))
        .collect()
}

fn row<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("no row {name}: {screen}"))
}

#[test]
fn the_services_view_reads_every_load_balanced_services_targets_in_one_query() {
    let mut h = Harness::new(200, 40);
    h.command("svc prod-web");
    h.advance(3);
    let asked = target_queries(&h);
    assert_eq!(asked.len(), 1, "{:?}", h.fetched);
    match asked[0] {
        Query::Targets {
            cluster,
            services,
            tasks,
        } => {
            assert_eq!(cluster, "prod-web");
            assert_eq!(
                services,
                &[
                    "api-gateway",
                    "checkout",
                    "notification-worker",
                    "web-frontend"
                ],
                "search has no load balancer: not asked about"
            );
            assert!(!tasks, "the services view needs no task matching");
        }
        other => panic!("{other:?}"),
    }
    let screen = h.screen();
    assert!(screen.contains("TARGETS"), "{screen}");
    assert!(row(&screen, "api-gateway").contains(" 6/6 "), "{screen}");
    assert!(row(&screen, "search").contains(" – "), "{screen}");
    // Every 15 seconds while on screen, and not at all elsewhere.
    h.advance(30);
    assert_eq!(target_queries(&h).len(), 3);
    h.command("clusters");
    h.advance(60);
    assert_eq!(target_queries(&h).len(), 3);
}

#[test]
fn the_crash_loop_fails_health_checks_and_enter_opens_the_task_behind_the_target() {
    let mut h = Harness::new(200, 40);
    h.command("targets prod-web notification-worker");
    let mut seen = None;
    for _ in 0..180 {
        h.advance(1);
        let screen = h.screen();
        if let Some(l) = screen.lines().find(|l| l.contains("unhealthy")) {
            seen = Some(l.to_string());
            break;
        }
    }
    let line = seen.expect("a crashing task's target fails its health checks");
    assert!(line.contains("ResponseCodeMismatch"), "{line}");
    assert!(line.contains("Health checks failed"), "{line}");
    // Worst first: the unhealthy target is the selected row; Enter opens its task.
    let rows = h
        .app
        .view()
        .rows::<ecsdeck::model::Target>()
        .expect("targets");
    let first = rows.selected_live().expect("a row").clone();
    assert_eq!(first.state, "unhealthy");
    let task = first.task.clone().expect("matched to its task");
    h.press(crossterm::event::KeyCode::Enter);
    match &h.app.view().kind {
        ViewKind::Containers { task: t, .. } => assert_eq!(t, &task),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_services_tasks_show_their_target_health() {
    let mut h = Harness::new(200, 40);
    h.command("svc prod-web");
    h.advance(2);
    h.command("tasks prod-web api-gateway");
    h.advance(3);
    let asked = target_queries(&h);
    assert!(
        asked.iter().any(|q| matches!(q, Query::Targets { services, tasks: true, .. } if services == &["api-gateway"])),
        "{asked:?}"
    );
    let screen = h.screen();
    assert!(screen.contains("TARGET"), "{screen}");
    let healthy = screen.lines().filter(|l| l.contains(" healthy ")).count();
    assert_eq!(
        healthy, 6,
        "each of the six tasks is a healthy target: {screen}"
    );
    // A service without a load balancer is asked about once at most (the answer says it has
    // none), not every refresh.
    h.command("svc prod-web");
    h.advance(1);
    let before = target_queries(&h).len();
    h.command("tasks prod-web search");
    h.advance(60);
    let search = target_queries(&h)
        .iter()
        .skip(before)
        .filter(|q| matches!(q, Query::Targets { services, .. } if services == &["search"]))
        .count();
    assert!(search <= 1, "{:?}", h.fetched);
    let screen = h.screen();
    assert!(!screen.contains(" healthy "), "{screen}");
}

const TG: &str = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/0123456789abcdef";
const TG2: &str = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/api/fedcba9876543210";
const CI: &str = "arn:aws:ecs:us-east-1:1:container-instance/prod/ci1";

fn service(name: &str, tg: &str) -> EcsService {
    EcsService::builder()
        .service_name(name)
        .service_arn(format!("arn:aws:ecs:us-east-1:1:service/prod/{name}"))
        .load_balancers(
            LoadBalancer::builder()
                .target_group_arn(tg)
                .container_name(name)
                .container_port(8080)
                .build(),
        )
        .build()
}

fn health(
    id: &str,
    port: i32,
    state: TargetHealthStateEnum,
    reason: Option<TargetHealthReasonEnum>,
) -> TargetHealthDescription {
    let mut h = TargetHealth::builder().state(state);
    if let Some(r) = reason {
        h = h.reason(r).description("Request timed out");
    }
    TargetHealthDescription::builder()
        .target(TargetDescription::builder().id(id).port(port).build())
        .target_health(h.build())
        .build()
}

fn backend(rules: &[&Rule], elb_rules: &[&Rule]) -> AwsBackend {
    let ecs: aws_sdk_ecs::Client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, rules);
    let elb: Elb = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        elb_rules
    );
    AwsBackend::new(
        ecs,
        None,
        "mock".into(),
        ApiLog::new(Arc::new(ManualClock::fixed())),
    )
    .with_elb(elb)
}

#[tokio::test]
async fn targets_carry_reason_codes_and_are_matched_by_ip_and_by_instance_and_host_port() {
    let services = mock!(aws_sdk_ecs::Client::describe_services).then_output(|| {
        aws_sdk_ecs::operation::describe_services::DescribeServicesOutput::builder()
            .services(service("web", TG))
            .services(service("api", TG2))
            .build()
    });
    let list = mock!(aws_sdk_ecs::Client::list_tasks).then_compute_output(|req| {
        let arn = match req.service_name() {
            Some("web") => "arn:aws:ecs:us-east-1:1:task/prod/web1",
            _ => "arn:aws:ecs:us-east-1:1:task/prod/api1",
        };
        aws_sdk_ecs::operation::list_tasks::ListTasksOutput::builder()
            .task_arns(arn)
            .build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_tasks).then_output(|| {
        let web = EcsTask::builder()
            .task_arn("arn:aws:ecs:us-east-1:1:task/prod/web1")
            .group("service:web")
            .attachments(
                Attachment::builder()
                    .r#type("ElasticNetworkInterface")
                    .details(
                        KeyValuePair::builder()
                            .name("privateIPv4Address")
                            .value("10.0.3.7")
                            .build(),
                    )
                    .build(),
            )
            .build();
        let api = EcsTask::builder()
            .task_arn("arn:aws:ecs:us-east-1:1:task/prod/api1")
            .group("service:api")
            .container_instance_arn(CI)
            .containers(
                Container::builder()
                    .name("api")
                    .network_bindings(
                        NetworkBinding::builder()
                            .container_port(8080)
                            .host_port(32801)
                            .build(),
                    )
                    .build(),
            )
            .build();
        aws_sdk_ecs::operation::describe_tasks::DescribeTasksOutput::builder()
            .tasks(web)
            .tasks(api)
            .build()
    });
    let instances = mock!(aws_sdk_ecs::Client::describe_container_instances).then_output(|| {
        aws_sdk_ecs::operation::describe_container_instances::DescribeContainerInstancesOutput::builder()
            .container_instances(ContainerInstance::builder().container_instance_arn(CI).ec2_instance_id("i-0abc").build())
            .build()
    });
    let groups = mock!(Elb::describe_target_groups).then_compute_output(|req| {
        let asked = req.target_group_arns();
        assert_eq!(asked.len(), 2, "both services' groups in one call");
        aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsOutput::builder()
            .target_groups(TargetGroup::builder().target_group_arn(TG).target_group_name("web").target_type(TargetTypeEnum::Ip).port(8080)
                .load_balancer_arns("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/front/50dc6c495c0c9188").build())
            .target_groups(TargetGroup::builder().target_group_arn(TG2).target_group_name("api").target_type(TargetTypeEnum::Instance).port(8080).build())
            .build()
    });
    let th = mock!(Elb::describe_target_health).then_compute_output(|req| {
        let out = aws_sdk_elasticloadbalancingv2::operation::describe_target_health::DescribeTargetHealthOutput::builder();
        if req.target_group_arn() == Some(TG) {
            out.target_health_descriptions(health("10.0.3.7", 8080, TargetHealthStateEnum::Unhealthy, Some(TargetHealthReasonEnum::Timeout)))
                .target_health_descriptions(health("10.0.9.9", 8080, TargetHealthStateEnum::Healthy, None))
                .build()
        } else {
            out.target_health_descriptions(health("i-0abc", 32801, TargetHealthStateEnum::Draining, Some(TargetHealthReasonEnum::DeregistrationInProgress)))
                .target_health_descriptions(health("i-0abc", 32999, TargetHealthStateEnum::Healthy, None))
                .build()
        }
    });
    let b = backend(&[&services, &list, &describe, &instances], &[&groups, &th]);
    let names = vec!["web".to_string(), "api".to_string()];
    let data = b.targets("prod", &names, true).await.expect("targets");
    assert_eq!(th.num_calls(), 2, "one DescribeTargetHealth a group");
    assert_eq!(groups.num_calls(), 1);
    assert_eq!(data.groups[0].load_balancers, vec!["front"]);
    let find = |id: &str, port: i32| {
        data.targets
            .iter()
            .find(|t| t.id == id && t.port == Some(port))
            .unwrap_or_else(|| panic!("{id}:{port} in {:?}", data.targets))
    };
    let web = find("10.0.3.7", 8080);
    assert_eq!(web.state, "unhealthy");
    assert_eq!(web.reason.as_deref(), Some("Target.Timeout"));
    assert_eq!(
        web.task.as_deref(),
        Some("arn:aws:ecs:us-east-1:1:task/prod/web1")
    );
    assert_eq!(
        find("10.0.9.9", 8080).task,
        None,
        "an address no task of the service has"
    );
    let api = find("i-0abc", 32801);
    assert_eq!(api.state, "draining");
    assert_eq!(
        api.task.as_deref(),
        Some("arn:aws:ecs:us-east-1:1:task/prod/api1")
    );
    assert_eq!(
        find("i-0abc", 32999).task,
        None,
        "same instance, another host port"
    );
    assert_eq!(data.service_health("web"), Some((1, 2)));

    // Without task matching, no task is listed at all.
    let before = list.num_calls();
    let data = b.targets("prod", &names, false).await.expect("targets");
    assert_eq!(list.num_calls(), before);
    assert!(data.targets.iter().all(|t| t.task.is_none()));
}

#[tokio::test]
async fn access_denied_on_target_health_is_said_as_such() {
    let services = mock!(aws_sdk_ecs::Client::describe_services).then_output(|| {
        aws_sdk_ecs::operation::describe_services::DescribeServicesOutput::builder()
            .services(service("web", TG))
            .build()
    });
    let groups = mock!(Elb::describe_target_groups).then_output(|| {
        aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsOutput::builder()
            .target_groups(TargetGroup::builder().target_group_arn(TG).target_group_name("web").build())
            .build()
    });
    let denied = mock!(Elb::describe_target_health).then_error(|| {
        aws_sdk_elasticloadbalancingv2::operation::describe_target_health::DescribeTargetHealthError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDenied")
                .message("User is not authorized to perform: elasticloadbalancing:DescribeTargetHealth")
                .build(),
        )
    });
    let b = backend(&[&services], &[&groups, &denied]);
    match b.targets("prod", &["web".to_string()], false).await {
        Err(FetchError::Auth(m)) => assert!(m.contains("DescribeTargetHealth"), "{m}"),
        other => panic!("{other:?}"),
    }
}

/// Sorted by TARGETS the other way round, the service with the most of its targets unhealthy
/// comes first and the one without a load balancer last; the order follows the health.
#[test]
fn the_services_view_sorts_by_target_health_worst_first() {
    let mut h = Harness::new(200, 40);
    h.command("svc prod-web");
    h.advance(2);
    for _ in 0..20 {
        if h.screen().contains("TARGETS↑") {
            break;
        }
        h.press(crossterm::event::KeyCode::Char('>'));
    }
    h.press(crossterm::event::KeyCode::Char('S'));
    assert!(h.screen().contains("TARGETS↓"), "{}", h.screen());
    let share = |l: &str| -> Option<f64> {
        let re = regex::Regex::new(r" (\d+)/(\d+) ").unwrap();
        let c = re.captures_iter(l).last()?;
        let (ok, all): (f64, f64) = (c[1].parse().ok()?, c[2].parse().ok()?);
        Some((all - ok) / all)
    };
    let mut worse_seen = false;
    for _ in 0..240 {
        h.advance(1);
        let rows: Vec<String> = h
            .app
            .view()
            .rows::<ecsdeck::model::Service>()
            .expect("services")
            .shown()
            .map(|s| s.name.clone())
            .collect();
        assert_eq!(
            rows.last().map(String::as_str),
            Some("search"),
            "no load balancer: last"
        );
        let screen = h.screen();
        let shares: Vec<f64> = rows
            .iter()
            .filter(|n| *n != "search")
            .map(|n| share(row(&screen, n)).expect("a TARGETS figure"))
            .collect();
        assert!(
            shares.windows(2).all(|w| w[0] >= w[1]),
            "worst first: {rows:?} {shares:?}"
        );
        if shares[0] > 0.0 {
            worse_seen = true;
            assert_eq!(rows[0], "notification-worker", "{screen}");
            break;
        }
    }
    assert!(
        worse_seen,
        "the crash loop's targets fail their health checks"
    );
}
