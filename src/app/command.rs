//! `:` command mode: the commands, their aliases, and Tab completion.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Clusters,
    Services,
    Tasks,
    Instances,
    Messages,
    Api,
    Audit,
    Context,
    Region,
    Failures,
    Pulse,
    Events,
    TaskDefs,
    Timeline,
    Targets,
    Scaling,
    Capacity,
    Alarms,
    Help,
    Quit,
}

/// What a command's argument names, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    None,
    /// `CLUSTER`
    Cluster,
    /// `CLUSTER [SERVICE]`
    ClusterService,
    /// `[CLUSTER [SERVICE]] [WINDOW]`
    ClusterServiceWindow,
    /// One name (a profile, a region).
    Name,
    /// Several regions.
    Regions,
}

pub struct Spec {
    pub command: Command,
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub arg: Arg,
    pub help: &'static str,
}

pub const COMMANDS: &[Spec] = &[
    Spec {
        command: Command::Clusters,
        name: "clusters",
        aliases: &["cl", "cluster"],
        arg: Arg::None,
        help: "all clusters",
    },
    Spec {
        command: Command::Services,
        name: "services",
        aliases: &["svc", "service", "s"],
        arg: Arg::Cluster,
        help: "services of a cluster (the current one if not named)",
    },
    Spec {
        command: Command::Tasks,
        name: "tasks",
        aliases: &["task", "t"],
        arg: Arg::ClusterService,
        help: "tasks of a cluster, or of one of its services",
    },
    Spec {
        command: Command::Instances,
        name: "instances",
        aliases: &["ins", "ci", "containerinstances"],
        arg: Arg::Cluster,
        help: "container instances of a cluster",
    },
    Spec {
        command: Command::Messages,
        name: "messages",
        aliases: &["msg", "errors"],
        arg: Arg::None,
        help: "the status message history",
    },
    Spec {
        command: Command::Api,
        name: "api",
        aliases: &["calls"],
        arg: Arg::None,
        help: "the recent API calls this console made (operation, target, duration, outcome)",
    },
    Spec {
        command: Command::Audit,
        name: "audit",
        aliases: &["changes"],
        arg: Arg::None,
        help: "the changes this console attempted (also in the audit log file)",
    },
    Spec {
        command: Command::Context,
        name: "ctx",
        aliases: &["context", "profile"],
        arg: Arg::Name,
        help: "AWS profiles from the config files; :ctx NAME switches to one",
    },
    Spec {
        command: Command::Region,
        name: "region",
        aliases: &["regions"],
        arg: Arg::Name,
        help: "AWS regions; :region NAME switches to one",
    },
    Spec {
        command: Command::Failures,
        name: "failures",
        aliases: &["fail"],
        arg: Arg::ClusterService,
        help: "failed tasks of the last hour grouped by stop code, reason and exit codes",
    },
    Spec {
        command: Command::Pulse,
        name: "pulse",
        aliases: &["pu"],
        arg: Arg::Regions,
        help: "every cluster at a glance: what is not well, healthy ones counted; name regions for several",
    },
    Spec {
        command: Command::Events,
        name: "events",
        aliases: &["ev"],
        arg: Arg::None,
        help: "ECS events as they happen (EventBridge), newest first",
    },
    Spec {
        command: Command::TaskDefs,
        name: "taskdefs",
        aliases: &["td", "taskdef", "revisions"],
        arg: Arg::Name,
        help: "task definition families; :td FAMILY its revisions (of the selected service's family if none is named)",
    },
    Spec {
        command: Command::Timeline,
        name: "timeline",
        aliases: &["tl", "what"],
        arg: Arg::ClusterServiceWindow,
        help: "what happened to a service (or a cluster), newest first: service events, deployments, stopped tasks, EventBridge events, scaling activities, this console's changes; a window (14:02..14:10, -30m) keeps what happened in it",
    },
    Spec {
        command: Command::Targets,
        name: "targets",
        aliases: &["tg", "lb"],
        arg: Arg::ClusterService,
        help: "load balancer targets of a service (or every service of a cluster): health, reason code, the task behind each",
    },
    Spec {
        command: Command::Scaling,
        name: "scaling",
        aliases: &["as", "autoscaling"],
        arg: Arg::ClusterService,
        help: "auto scaling of a service (or every service of a cluster): min/max and what is suspended, policies, scheduled actions, recent activities with their cause",
    },
    Spec {
        command: Command::Capacity,
        name: "capacity",
        aliases: &["cp", "providers"],
        arg: Arg::Cluster,
        help: "a cluster's capacity providers (Auto Scaling group: managed scaling, target capacity, termination protection; FARGATE, FARGATE_SPOT), its default strategy and each service's (base, weight)",
    },
    Spec {
        command: Command::Alarms,
        name: "alarms",
        aliases: &["al", "alarm"],
        arg: Arg::None,
        help: "CloudWatch alarms of the region, worst first, with their state reason; Enter opens the service (or cluster) an alarm names",
    },
    Spec {
        command: Command::Help,
        name: "help",
        aliases: &["h", "?"],
        arg: Arg::None,
        help: "keys and commands",
    },
    Spec {
        command: Command::Quit,
        name: "quit",
        aliases: &["q", "q!", "exit"],
        arg: Arg::None,
        help: "quit ecsdeck",
    },
];

/// A parsed command line: the command and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub command: Command,
    pub args: Vec<String>,
}

pub fn spec(command: Command) -> &'static Spec {
    COMMANDS
        .iter()
        .find(|s| s.command == command)
        .unwrap_or(&COMMANDS[0])
}

fn lookup(word: &str) -> Option<&'static Spec> {
    let w = word.to_ascii_lowercase();
    COMMANDS
        .iter()
        .find(|s| s.name == w || s.aliases.contains(&w.as_str()))
}

pub fn parse(line: &str) -> Result<Parsed, String> {
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return Err("type a command, e.g. :svc (Tab completes)".into());
    };
    let spec = lookup(first).ok_or_else(|| format!("unknown command :{first} — try :help"))?;
    let args: Vec<String> = words.map(str::to_string).collect();
    let max = match spec.arg {
        Arg::None => 0,
        Arg::Cluster => 1,
        Arg::ClusterService => 2,
        Arg::ClusterServiceWindow => 3,
        Arg::Name => 1,
        Arg::Regions => 10,
    };
    if args.len() > max {
        return Err(format!(":{} takes at most {max} argument(s)", spec.name));
    }
    Ok(Parsed {
        command: spec.command,
        args,
    })
}

/// Complete the last word of `line`. `clusters` and `services` are the names known so far;
/// `names` those a one-name command takes (families for `:td`, regions for `:region`).
/// Returns the new line and, when the word is ambiguous, the candidates.
pub fn complete(
    line: &str,
    clusters: &[String],
    services: &[String],
    names: &[String],
) -> (String, Vec<String>) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let trailing_space = line.ends_with(' ');
    let (index, partial) = match (words.len(), trailing_space) {
        (0, _) => (0, ""),
        (n, true) => (n, ""),
        (n, false) => (n - 1, words[n - 1]),
    };
    let candidates: Vec<String> = if index == 0 {
        let mut names: Vec<String> = COMMANDS
            .iter()
            .flat_map(|s| std::iter::once(s.name).chain(s.aliases.iter().copied()))
            .filter(|n| n.starts_with(&partial.to_ascii_lowercase()))
            .map(str::to_string)
            .collect();
        // An alias and its command complete to the command.
        if let Some(spec) = names.iter().find_map(|n| lookup(n)).filter(|s| {
            names
                .iter()
                .all(|n| lookup(n).is_some_and(|o| o.command == s.command))
        }) {
            names = vec![spec.name.to_string()];
        }
        names
    } else {
        let pool = match (words.first().and_then(|w| lookup(w)).map(|s| s.arg), index) {
            (Some(Arg::Cluster | Arg::ClusterService | Arg::ClusterServiceWindow), 1) => clusters,
            (Some(Arg::ClusterService | Arg::ClusterServiceWindow), 2) => services,
            (Some(Arg::Name), 1) => names,
            _ => &[][..],
        };
        pool.iter()
            .filter(|n| n.starts_with(partial))
            .cloned()
            .collect()
    };
    let prefix: Vec<&str> = words[..index.min(words.len())].to_vec();
    let build = |last: &str, done: bool| {
        let mut out = prefix.join(" ");
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(last);
        if done {
            out.push(' ');
        }
        out
    };
    match candidates.len() {
        0 => (line.to_string(), Vec::new()),
        1 => (build(&candidates[0], true), Vec::new()),
        _ => {
            let common = common_prefix(&candidates);
            (build(&common, false), candidates)
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let first = &words[0];
    let mut len = first.len();
    for w in &words[1..] {
        len = len.min(
            first
                .chars()
                .zip(w.chars())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first.chars().take(len).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_parse_to_their_command() {
        assert_eq!(parse("svc").unwrap().command, Command::Services);
        assert_eq!(parse("SVC prod-web").unwrap().args, ["prod-web"]);
        assert_eq!(parse("q").unwrap().command, Command::Quit);
        assert_eq!(parse("ins").unwrap().command, Command::Instances);
        assert_eq!(
            parse("bogus").unwrap_err(),
            "unknown command :bogus — try :help"
        );
        assert!(parse("clusters extra").is_err());
    }

    #[test]
    fn tab_completes_commands_and_cluster_names() {
        let clusters = vec![
            "prod-web".to_string(),
            "prod-batch".to_string(),
            "staging".to_string(),
        ];
        assert_eq!(complete("clu", &clusters, &[], &[]).0, "clusters ");
        assert_eq!(complete("sv", &clusters, &[], &[]).0, "services ");
        assert_eq!(complete("svc st", &clusters, &[], &[]).0, "svc staging ");
        let (line, options) = complete("svc pr", &clusters, &[], &[]);
        assert_eq!(line, "svc prod-");
        assert_eq!(options, ["prod-web", "prod-batch"]);
        assert_eq!(
            complete("tasks prod-web che", &clusters, &["checkout".into()], &[]).0,
            "tasks prod-web checkout "
        );
        assert_eq!(complete("zzz", &clusters, &[], &[]).0, "zzz");
        let families = vec!["checkout".to_string(), "checkout-staging".to_string()];
        let (line, options) = complete("td chec", &clusters, &[], &families);
        assert_eq!(line, "td checkout");
        assert_eq!(options, families);
        assert_eq!(
            complete("td checkout-s", &clusters, &[], &families).0,
            "td checkout-staging "
        );
        assert_eq!(
            complete("tl prod-b", &clusters, &[], &[]).0,
            "tl prod-batch ",
            "the timeline completes clusters too"
        );
    }
}
