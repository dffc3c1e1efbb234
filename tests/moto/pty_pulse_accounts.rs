//! `:pulse` over several AWS accounts against moto, as a wall screen runs it: `--readonly
//! --headless --profile moto,apac,second,broken,typo -c pulse`. Each profile is read with its own
//! credentials and region (apac: moto's ap-southeast-2, where the seed left a service with no
//! tasks; second: another account of moto's, 210987654321, reached with the IAM key the seed
//! made there); the profile whose credentials fail, and one the config files do not have, are
//! each their own row and blank none of the others.

use crate::pty::{with_profiles, Session};

#[test]
fn a_wall_over_several_profiles_shows_each_and_a_failing_one_in_its_own_row() {
    let _account = crate::sharing_the_account();
    let url = crate::moto_url();
    let dir = std::env::temp_dir().join(format!("ecsdeck-accounts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let profile = |name: &str, region: &str, creds: &str| {
        format!("[profile {name}]\nregion = {region}\nendpoint_url = {url}\n{creds}\n")
    };
    let key: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/moto-second-account.json"
        ))
        .expect("scripts/seed_moto.py writes the second account's key"),
    )
    .expect("the second account's key");
    let second_creds = format!(
        "aws_access_key_id = {}\naws_secret_access_key = {}",
        key["access_key_id"].as_str().expect("a key id"),
        key["secret_access_key"].as_str().expect("a secret")
    );
    let config = dir.join("config");
    std::fs::write(
        &config,
        profile(
            "moto",
            "us-east-1",
            "aws_access_key_id = test\naws_secret_access_key = test",
        ) + &profile(
            "apac",
            "ap-southeast-2",
            "aws_access_key_id = apac\naws_secret_access_key = apac",
        ) + &profile("second", "us-east-1", &second_creds)
            + &profile(
                "broken",
                "us-east-1",
                "credential_process = sh -c 'echo the token has expired >&2; exit 1'",
            ),
    )
    .unwrap();
    let mut cmd = with_profiles(&config, &dir);
    cmd.args([
        "--readonly",
        "--headless",
        "--profile",
        "moto,apac,second,broken,typo",
        "-c",
        "pulse",
    ]);
    cmd.env("ECSDECK_CONFIG", "/dev/null");
    let mut s = Session::spawn(cmd);
    let screen = s.wait_for("accounts read");
    assert!(
        screen.contains("pulse (every cluster of @moto, @apac, @second, @broken, @typo)"),
        "{screen}"
    );
    // The other account's region, read with its profile: the service with no tasks.
    assert!(
        screen.lines().any(|l| l.contains("@apac/apse-api")
            && l.contains("orders")
            && l.contains("running 0/2")),
        "{screen}"
    );
    // This account's own items (moto-web's flaky service stopped three tasks).
    assert!(screen.contains("@moto/moto-web"), "{screen}");
    // Another account, same region: its own cluster, and none of this account's.
    assert!(
        screen.lines().any(|l| l.contains("@second/second-web")
            && l.contains("storefront")
            && l.contains("running 0/3")),
        "{screen}"
    );
    assert!(
        !screen.contains("@second/moto-") && !screen.contains("@moto/second-web"),
        "each account reads only its own clusters: {screen}"
    );
    // The failing profile: one row, naming the account, not read.
    let broken: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("@broken") && !l.contains("pulse ("))
        .collect();
    assert_eq!(broken.len(), 1, "{screen}");
    assert!(
        broken[0].contains("account")
            && broken[0].contains("not read")
            // What the credential_process said, cut at the screen's width.
            && broken[0].contains("credentials: the profile's credential_pro"),
        "{screen}"
    );
    // A profile the config files do not have: its own row, naming the ones they have.
    assert!(
        screen.lines().any(|l| l.contains("@typo")
            && l.contains("not read")
            && l.contains("credentials: profile typo is not in the A")),
        "{screen}"
    );
    assert!(screen.contains("3/5 accounts read"), "{screen}");
    // moto serves no CloudWatch: each account's alarms are a warning row of their own, naming
    // the account, not a red error.
    for account in ["@moto", "@apac", "@second"] {
        assert!(
            screen
                .lines()
                .any(|l| l.contains("alarms") && l.contains(account) && l.contains("not shown")),
            "{account}: {screen}"
        );
    }
    assert!(!screen.contains("not loaded    "), "{screen}");

    // Enter on the other account's item switches the console to that profile.
    let rows: Vec<&str> = screen.lines().collect();
    let from = rows
        .iter()
        .position(|l| l.contains("WHAT"))
        .expect("the header row");
    let at = rows
        .iter()
        .position(|l| l.contains("@apac/apse-api"))
        .expect("the apac row");
    s.keys(&"j".repeat(at - from - 1));
    s.keys("\r");
    // Headless, there is no header to name the profile: the clusters are ap-southeast-2's.
    let screen = s.wait_for("clusters[1]");
    assert!(
        screen.contains("apse-api") && !screen.contains("moto-web"),
        "{screen}"
    );
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
    let _ = std::fs::remove_dir_all(&dir);
}
