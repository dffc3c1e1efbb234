//! Start-up without what AWS needs: no region, no credentials, an expired SSO session — one
//! sentence each, exit code 2, before the terminal is taken over.

/// Run the binary with a clean environment and a HOME holding `config` as ~/.aws/config.
fn start_without_aws(config: &str, args: &[&str]) -> (Option<i32>, String) {
    let home = std::env::temp_dir().join(format!(
        "ecsdeck-home-{}-{}",
        std::process::id(),
        args.len()
    ));
    std::fs::create_dir_all(home.join(".aws")).unwrap();
    std::fs::write(home.join(".aws/config"), config).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ecsdeck"))
        .args(args)
        .env_clear()
        .env("HOME", &home)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run");
    let _ = std::fs::remove_dir_all(&home);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

#[test]
fn without_region_credentials_or_a_live_sso_session_it_says_what_to_do() {
    let (code, err) = start_without_aws("", &[]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "ecsdeck: no AWS region: pass --region, set AWS_REGION, or give the profile a region (or try `ecsdeck --demo`)");

    let (code, err) = start_without_aws("", &["--region", "us-east-1"]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "ecsdeck: no usable AWS credentials: set AWS_PROFILE or --profile, run `aws configure`, or try `ecsdeck --demo`");

    let sso = "[profile oncall]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = eu-west-1\n\
               [sso-session corp]\nsso_start_url = https://example.awsapps.com/start\nsso_region = eu-west-1\n";
    let (code, err) = start_without_aws(sso, &["--profile", "oncall"]);
    assert_eq!(code, Some(2));
    assert_eq!(err, "ecsdeck: the SSO session of profile oncall has expired or is missing: run `aws sso login --profile oncall`");

    // A profile the files do not have (a typo): said, with the ones they have.
    let (code, err) = start_without_aws(sso, &["--profile", "on-call"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "ecsdeck: profile on-call is not in the AWS config files (their profiles: oncall)"
    );
}
