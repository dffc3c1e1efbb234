//! Command-line arguments.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "ecsdeck", version, about = "A terminal console for Amazon ECS", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub sub: Option<Sub>,

    /// The config file (default: ECSDECK_CONFIG, else $XDG_CONFIG_HOME/ecsdeck/config.toml).
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<PathBuf>,

    /// Run on the built-in simulated account instead of AWS.
    #[arg(long)]
    pub demo: bool,

    /// Seed of the simulated account (the same seed gives the same account).
    #[arg(long, default_value_t = 7, requires = "demo")]
    pub seed: u64,

    /// Add a `load-test` cluster with this many running tasks to the simulated account.
    #[arg(long, value_name = "N", default_value_t = 0, requires = "demo")]
    pub demo_tasks: usize,

    /// AWS profile (default: AWS_PROFILE, else the default profile); several as `a,b`: the
    /// console reads the first and `:pulse` every one (a wall over several accounts).
    #[arg(long, conflicts_with = "demo")]
    pub profile: Option<String>,

    /// AWS region (default: AWS_REGION, else the profile's region).
    #[arg(long, conflicts_with = "demo")]
    pub region: Option<String>,

    /// Send AWS calls to this endpoint, e.g. LocalStack or moto (default: AWS_ENDPOINT_URL_ECS,
    /// else AWS_ENDPOINT_URL, else AWS).
    #[arg(long, value_name = "URL", conflicts_with = "demo")]
    pub endpoint_url: Option<String>,

    /// Colour theme: default, light, high-contrast, mono, or a user theme (NO_COLOR forces mono).
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,

    /// Start on this cluster's services (default: aws.cluster in the config file).
    #[arg(long, value_name = "NAME")]
    pub cluster: Option<String>,

    /// With --cluster: start on this service's tasks.
    #[arg(long, value_name = "NAME", requires = "cluster")]
    pub service: Option<String>,

    /// Start on a view by command, as typed after `:` (e.g. "svc prod-web", "ins prod-batch").
    #[arg(short = 'c', long, value_name = "COMMAND")]
    pub command: Option<String>,

    /// No header: all rows for the views (a wall screen).
    #[arg(long)]
    pub headless: bool,

    /// A header without the logo.
    #[arg(long)]
    pub logoless: bool,

    /// Read-only: no action keys, and no code that could change the account is even built.
    #[arg(long, global = true)]
    pub readonly: bool,

    /// Write a diagnostic log to this file (never to the terminal).
    #[arg(long, env = "ECSDECK_LOG", value_name = "PATH")]
    pub log_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Sub {
    /// Print every path ecsdeck reads and writes (config, themes, audit log, log file).
    Info,
    /// Print a shell completion script: `ecsdeck completions bash > ~/.local/share/bash-completion/completions/ecsdeck`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `ecsdeck man > ~/.local/share/man/man1/ecsdeck.1`.
    Man,
}

/// The completion script for a shell, generated from these definitions.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "ecsdeck", &mut out);
    out
}

/// The manual page, generated from these definitions.
pub fn man() -> std::io::Result<Vec<u8>> {
    let cmd = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    Ok(out)
}
