//! Detector tests: a true positive per rule, and the placeholders and allow-list entries
//! that must stay quiet. Keys here are made up; none is a real credential.

use super::*;

fn scanner() -> Scanner {
    Scanner::new(AllowList::default(), DEFAULT_ENTROPY)
}

fn rules_on(line: &str) -> Vec<&'static str> {
    scanner().scan_line(line).iter().map(|d| d.rule).collect()
}

/// Builds the sample keys from pieces so this file does not itself look like a leak to
/// other scanners.
fn k(parts: &[&str]) -> String {
    parts.concat()
}

#[test]
fn every_built_in_pattern_compiles_and_has_a_needle() {
    for (index, rule) in RULES.iter().enumerate() {
        let _ = rules::regex(index);
        assert!(
            !rule.needles.is_empty() || !rule.folded_needles.is_empty(),
            "{} has no needle",
            rule.id
        );
        for needle in rule.folded_needles {
            assert_eq!(needle.to_ascii_lowercase(), *needle, "{}", rule.id);
        }
    }
}

#[test]
fn private_key_headers() {
    for header in [
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN EC PRIVATE KEY-----",
        "-----BEGIN PGP PRIVATE KEY BLOCK-----",
    ] {
        assert_eq!(rules_on(header), vec!["private-key"], "{header}");
    }
    assert!(rules_on("-----BEGIN PUBLIC KEY-----").is_empty());
    assert!(rules_on("-----BEGIN CERTIFICATE-----").is_empty());
}

#[test]
fn aws_access_key_ids() {
    let key = k(&["AKIA", "Z7Q3R5T2W4Y6U8P1"]);
    assert_eq!(rules_on(&format!("id = {key}")), vec!["aws-access-key-id"]);
    assert_eq!(
        rules_on(&format!("\"{}\"", k(&["ASIA", "Z7Q3R5T2W4Y6U8P1"]))),
        vec!["aws-access-key-id"]
    );
    // AWS's documented example key, and ids glued inside longer words.
    assert!(rules_on("AKIAIOSFODNN7EXAMPLE").is_empty());
    assert!(rules_on(&format!("X{key}9")).is_empty());
    assert!(rules_on("AKIA_lowercase_is_not_a_key").is_empty());
}

#[test]
fn aws_secret_assignments() {
    let secret = k(&["wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYz9Qk3Lp0Tr"]);
    for line in [
        format!("aws_secret_access_key = {secret}"),
        format!("AWS_SECRET_ACCESS_KEY=\"{secret}\""),
        format!("awsSecretKey: '{secret}'"),
    ] {
        assert_eq!(
            rules_on(&line),
            vec!["aws-secret-access-key"],
            "{line}: a value is reported once, by the most specific rule"
        );
    }
    assert!(!rules_on(&format!("aws_region = {secret}")).contains(&"aws-secret-access-key"));
}

#[test]
fn forge_and_registry_tokens() {
    let cases = [
        (
            k(&["ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"]),
            "github-token",
        ),
        (
            k(&["gho_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"]),
            "github-token",
        ),
        (
            k(&["ghs_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"]),
            "github-token",
        ),
        (
            k(&[
                "github_pat_",
                "11ABCDEFG0aB3dE5fG7hJ9_kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3",
            ]),
            "github-token",
        ),
        (k(&["glpat-", "aB3dE5fG7hJ9kL1mN3pQ"]), "gitlab-token"),
        (k(&["xoxb-", "1234567890-abcdefghijkl"]), "slack-token"),
        (k(&["xoxp-", "1234567890-abcdefghijkl"]), "slack-token"),
        (
            k(&["sk_live_", "aB3dE5fG7hJ9kL1mN3pQ5rS7"]),
            "stripe-live-key",
        ),
        (
            k(&["AIza", "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"]),
            "google-api-key",
        ),
        (
            k(&["npm_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"]),
            "npm-token",
        ),
        (
            k(&[
                "pypi-AgEIcHlwaS5vcmc",
                "CJGI3ZTkwNy1hYjYyLTQ0ZjMtOTRkZC02NjU3NWEwYWI4ZTIAAi",
            ]),
            "pypi-token",
        ),
        (
            k(&["sk-", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1h"]),
            "ai-api-key",
        ),
        (
            k(&["sk-proj-", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9"]),
            "ai-api-key",
        ),
        (
            k(&[
                "sk-ant-api03-",
                "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1h-AA",
            ]),
            "ai-api-key",
        ),
        (
            k(&[
                "eyJhbGciOiJIUzI1NiJ9",
                ".eyJzdWIiOiIxMjM0NTY3ODkwIn0",
                ".dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            ]),
            "jwt",
        ),
    ];
    for (token, rule) in &cases {
        let line = format!("value: {token}");
        assert!(
            rules_on(&line).contains(rule),
            "{rule}: {:?}",
            rules_on(&line)
        );
    }
}

#[test]
fn look_alikes_of_tokens_stay_quiet() {
    for line in [
        "sk_test_aB3dE5fG7hJ9kL1mN3pQ5rS7",           // Stripe test key
        "ghp_short",                                  // too short
        "class: sk-button-primary-large-variant-x-y", // kebab-case, not a key
        "eyJhbGciOi.notajwt",
        "xoxb-",
    ] {
        assert!(rules_on(line).is_empty(), "{line}: {:?}", rules_on(line));
    }
}

#[test]
fn high_entropy_assignments() {
    for line in [
        r#"password = "q8Zr2vN5xK1mT7wB4cY9""#,
        r#"DB_PASSWORD: 'Hq3$kLm9!zPw2@xRt7'"#,
        "API_KEY=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5",
        r#"client_secret => "a81Fk20Zq9LmWp34Xv7B""#,
        r#"{"auth_token": "R4nd0mT0k3nV4lu3Xy12"}"#,
    ] {
        assert_eq!(
            rules_on(line),
            vec![rules::ASSIGNMENT],
            "{line}: {:?}",
            rules_on(line)
        );
    }
}

#[test]
fn placeholders_and_low_entropy_values_stay_quiet() {
    for line in [
        r#"password = "changeme""#,
        r#"password = "changeme-changeme-changeme""#,
        r#"password = "xxxxxxxxxxxxxxxxxxxxxxxx""#,
        r#"api_key = "${API_KEY_FROM_THE_ENVIRONMENT}""#,
        r#"token = "{{ vault_token_for_service }}""#,
        r#"secret = "<your-secret-goes-here>""#,
        r#"password = "your_password_here_please""#,
        r#"password = "aaaaaaaaaaaaaaaaaaaa""#,
        r#"password = "passwordpassword""#,
        r#"token = "short""#,
        "password = os.environ.get(\"DB_PASSWORD\")",
        "token = get_token(request)",
        "secret_key = settings.SECRET_KEY_FROM_SETTINGS_MODULE",
        r#"api_key = "example-key-1234567890abcdef""#,
        "AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY",
    ] {
        assert!(rules_on(line).is_empty(), "{line}: {:?}", rules_on(line));
    }
}

#[test]
fn the_inline_allow_comment_silences_its_line() {
    let key = k(&["AKIA", "Z7Q3R5T2W4Y6U8P1"]);
    assert!(rules_on(&format!("id = \"{key}\"  # pactkit: allow-secret")).is_empty());
    assert!(
        rules_on(&format!(
            "id = \"{key}\"  // pactkit:allow-secret test fixture"
        ))
        .is_empty()
    );
    assert!(!rules_on(&format!("id = \"{key}\"  # pactkit: allow")).is_empty());
    assert!(has_inline_allow("x # pactkit:   allow-secret"));
}

#[test]
fn allow_list_fingerprints_and_regexes() {
    let key = k(&["AKIA", "Z7Q3R5T2W4Y6U8P1"]);
    let other = k(&["AKIA", "B2C3D4E5F6G7H8J9"]);
    let line = format!("a = {key}; b = {other}");
    let fp = scanner().scan_line(&key)[0].fingerprint.clone();
    assert!(fp.starts_with("aws-access-key-id:"), "{fp}");

    let mut allow = AllowList::default();
    allow
        .add_file(
            allow::ALLOW_FILE,
            &format!("# accepted\n\n{fp}  # demo key\n"),
        )
        .expect("valid");
    let found = Scanner::new(allow, DEFAULT_ENTROPY).scan_line(&line);
    assert_eq!(found.len(), 1);
    assert!(found[0].masked.starts_with("AKIA"));
    assert_ne!(found[0].fingerprint, fp);

    let mut allow = AllowList::default();
    allow.add_config(&["^AKIA[B-C]".into()]).expect("valid");
    let found = Scanner::new(allow, DEFAULT_ENTROPY).scan_line(&line);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fingerprint, fp);
}

#[test]
fn bad_allow_regexes_name_file_and_line() {
    let err = AllowList::default()
        .add_file(allow::ALLOW_FILE, "ok\n(unclosed\n")
        .unwrap_err();
    assert!(
        err.to_string().starts_with(".pactkit-secrets-allow:2:"),
        "{err}"
    );
    let err = AllowList::default().add_config(&["[".into()]).unwrap_err();
    assert!(err.to_string().contains("gates.secrets.allow[0]"), "{err}");
}

#[test]
fn masks_keep_four_characters() {
    assert_eq!(mask("AKIAZ7Q3R5T2W4Y6U8P1"), "AKIA****************");
    assert_eq!(mask(&"x".repeat(100)).len(), 28);
    assert_eq!(mask("abc"), "abc");
    let key = k(&["AKIA", "Z7Q3R5T2W4Y6U8P1"]);
    let found = scanner().scan_line(&format!("  k = {key}"));
    assert_eq!(found[0].column, 7);
    assert!(!found[0].masked.contains(&key[4..]));
}

#[test]
fn entropy_and_fingerprints_are_stable() {
    assert_eq!(shannon_entropy(""), 0.0);
    assert_eq!(shannon_entropy("aaaa"), 0.0);
    assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
    assert_eq!(fingerprint("jwt", ""), "jwt:cbf29ce484222325");
    assert_eq!(fingerprint("jwt", "a"), "jwt:af63dc4c8601ec8c");
}

#[test]
fn non_ascii_lines_are_scanned() {
    let key = k(&["AKIA", "Z7Q3R5T2W4Y6U8P1"]);
    let found = scanner().scan_line(&format!("clé = «{key}»"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].column, 8);
}
