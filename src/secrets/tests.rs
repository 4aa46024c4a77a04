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
        let compiled = rules::regex(index);
        assert_eq!(
            compiled.is_some(),
            matches!(rule.detector, rules::Detector::Pattern(_)),
            "{}",
            rule.id
        );
        assert!(
            !rule.needles.is_empty() || !rule.folded_needles.is_empty(),
            "{} has no needle",
            rule.id
        );
        for needle in rule.folded_needles {
            assert_eq!(needle.to_ascii_lowercase(), *needle, "{}", rule.id);
        }
    }
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len(), "rule ids are unique");
}

/// The prefilter hands a rule every line its needles occur in, whatever their case for
/// folded needles: every needle as written, in upper and lower case, at either end of a
/// line, next to non-ASCII text, and cut one byte short.
#[test]
fn the_prefilter_agrees_with_the_needles() {
    let mut lines: Vec<String> = [
        "x = AKIA",
        "API_KEY=1",
        "Password: x",
        "ghp_ and sk-",
        "plain text line",
        "https://u:p@h",
        "Authorization: Basic x",
        "",
        "a",
    ]
    .map(str::to_owned)
    .into();
    for needle in RULES
        .iter()
        .flat_map(|rule| rule.needles.iter().chain(rule.folded_needles))
    {
        let (upper, lower) = (needle.to_uppercase(), needle.to_lowercase());
        lines.extend([
            (*needle).to_owned(),
            format!("x{upper}"),
            format!("{lower}y"),
            format!("é{needle}ü"),
            format!("`{}", &needle[1..]),
            needle[..needle.len() - 1].to_owned(),
        ]);
    }
    for line in &lines {
        let set = rules::candidates(line);
        for (index, rule) in RULES.iter().enumerate() {
            assert_eq!(
                set & (1 << index) != 0,
                rule.may_match(line),
                "{} on {line}",
                rule.id
            );
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
    // Documentation with a stand-in body on the same line is not a key; a real one-line
    // key (a JSON service-account file) is.
    assert!(
        rules_on(r#"key="-----BEGIN PRIVATE KEY-----\nXXXX\nXXXX\n-----END PRIVATE KEY-----""#)
            .is_empty()
    );
    let body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7".repeat(3);
    assert_eq!(
        rules_on(&format!(
            r#""private_key": "-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n""#
        )),
        vec!["private-key"]
    );
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
                "11AQ7ZK3I0aB3dE5fG7hJ9_kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3",
            ]),
            "github-token",
        ),
        (k(&["glpat-", "aB3dE5fG7hJ9kL1mN3pQ"]), "gitlab-token"),
        (
            k(&[
                "xoxb-",
                "2236748293841-5539102846137-",
                "Qm3kZ8vT2pWx9rLs4NhY7cJd",
            ]),
            "slack-token",
        ),
        (
            k(&["xoxp-", "4829103746-5839201746-", "aB3dE5fG7hJ9kL1m"]),
            "slack-token",
        ),
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
        "API_KEY=q3ZmR8vK2xWp9LtN5bYc7HdJ",
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
        r#"<add key="SmtpPassword" value="${SMTP_PASSWORD}" />"#,
        // Seen scanning real packages (botocore, moto, cryptography, npm, pydantic):
        r#""result_key": "DBClusterParameterGroups""#,
        "fn scalar_key(key: &serde_yaml_ng::Value) -> Option<String> {",
        "(i.op=\"has\",i.key=t,i.cache=this);let s=this.#Y(t,e)",
        r#"self.requester_id = "AIDAIT2UOQQY3AUEMOTO""#,
        r#""Tagging": "key1=value1&key2=value2""#,
        r#"key = f"Fn::{tag[1:]}""#,
        "x25519_key: x25519.X25519PublicKey,",
        r#"_SK_START = b"-----BEGIN OPENSSH PRIVATE KEY-----""#,
        r#""KeySpec": "ECC_NIST_P521","#,
        "CONFIGFILE_KEY = 'pydantic-mypy'",
        r#"let code = "try:\n    token = request.args\n";"#,
        r#"version_key: "java-version","#,
        "information can be provided via the --username and --password options",
        r#""alias/aws/secretsmanager": "fee5173a-3972-428e-ae73-cd4c2a371222","#,
        r#""ChangeToken": "abcd12f2-46da-4fdb-b8d5-fbd4c466928f","#,
        "[entityKey]: usedRepositoryInPkgJson,",
        "emitKey = !!key.emitKey",
        "      secret: DB_PASSWORD_FROM_VAULT",
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
fn bad_allow_regexes_name_file_line_and_column_without_quoting_them() {
    let err = AllowList::default()
        .add_file(allow::ALLOW_FILE, "ok\n^AKIAZ7Q3(\n")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        ".pactkit-secrets-allow:2: invalid regular expression at column 10: unclosed group"
    );
    let err = AllowList::default()
        .add_config(&["x[z-a]".into()])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "gates.secrets.allow[0]: invalid regular expression at column 3: invalid character class range, the start must be <= the end"
    );
    assert!(!format!("{err:?}").contains("x[z-a]"), "{err:?}");
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

/// A made-up value of `n` characters from `alphabet` (a fixed LCG, so the tests are
/// stable and this file holds no token in a real format).
fn made_up(alphabet: &str, n: usize, seed: u64) -> String {
    let symbols: Vec<char> = alphabet.chars().collect();
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            symbols[((state >> 33) % symbols.len() as u64) as usize]
        })
        .collect()
}

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &str = "0123456789abcdef";
const B64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One example line per rule; the test fails when a rule is added without one.
#[test]
fn every_rule_finds_its_example() {
    let a = |n, seed| made_up(ALNUM, n, seed);
    let h = |n, seed| made_up(HEX, n, seed);
    let u = |n, seed| made_up(B64URL, n, seed);
    let examples: Vec<(&str, String)> = vec![
        ("private-key", "-----BEGIN RSA PRIVATE KEY-----".into()),
        (
            "putty-private-key",
            "PuTTY-User-Key-File-3: ssh-ed25519".into(),
        ),
        (
            "age-secret-key",
            format!(
                "AGE-SECRET-KEY-1{}",
                made_up("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58, 1)
            ),
        ),
        (
            "aws-access-key-id",
            format!(
                "id = AKIA{}",
                made_up("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 2)
            ),
        ),
        (
            "aws-secret-access-key",
            format!("aws_secret_access_key = {}", a(40, 3)),
        ),
        (
            "gcp-service-account-key",
            format!("\"private_key_id\": \"{}\",", h(40, 4)),
        ),
        ("google-api-key", format!("key: AIza{}", u(35, 5))),
        ("google-oauth-secret", format!("s = GOCSPX-{}", u(28, 6))),
        ("google-oauth-token", format!("t = ya29.a0{}", u(100, 7))),
        (
            "firebase-cloud-messaging-key",
            format!("k = AAAA{}:APA91b{}", u(7, 8), u(134, 9)),
        ),
        (
            "azure-storage-key",
            format!("AccountName=x;AccountKey={}==;", a(86, 10)),
        ),
        (
            "azure-sas-token",
            format!(
                "https://x.blob.core.windows.net/c?sv=2022-11-02&sig={}%3D",
                a(43, 11)
            ),
        ),
        (
            "azure-ad-client-secret",
            format!("secret: {}8Q~{}", a(3, 12), u(34, 13)),
        ),
        ("github-token", format!("t = ghp_{}", a(36, 14))),
        ("gitlab-token", format!("t = glpat-{}", u(20, 15))),
        (
            "slack-token",
            format!("t = xoxb-2236748293841-5539102846137-{}", a(24, 16)),
        ),
        (
            "slack-webhook",
            format!(
                "https://hooks.slack.com/services/T{}/B{}/{}",
                made_up("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 8, 17),
                made_up("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 10, 18),
                a(24, 19)
            ),
        ),
        ("stripe-live-key", format!("k = sk_live_{}", a(24, 20))),
        ("stripe-webhook-secret", format!("k = whsec_{}", a(32, 21))),
        ("twilio-api-key", format!("k = SK{}", h(32, 22))),
        (
            "sendgrid-api-key",
            format!("k = SG.{}.{}", u(22, 23), u(43, 24)),
        ),
        ("mailgun-api-key", format!("k = key-{}", h(32, 25))),
        ("mailchimp-api-key", format!("k = {}-us14", h(32, 26))),
        (
            "discord-bot-token",
            format!("t = MT{}.{}.{}", a(24, 27), u(6, 28), u(38, 29)),
        ),
        (
            "discord-webhook",
            format!(
                "https://discord.com/api/webhooks/112233445566778899/{}",
                u(68, 30)
            ),
        ),
        (
            "telegram-bot-token",
            format!("t = 7391028465:AA{}", u(33, 31)),
        ),
        ("npm-token", format!("t = npm_{}", a(36, 32))),
        (
            "pypi-token",
            format!("t = pypi-AgEIcHlwaS5vcmc{}", u(70, 33)),
        ),
        ("rubygems-api-key", format!("k: rubygems_{}", h(48, 34))),
        (
            "nuget-api-key",
            format!(
                "--api-key oy2{}",
                made_up("abcdefghijklmnopqrstuvwxyz0123456789", 43, 35)
            ),
        ),
        ("docker-hub-token", format!("t = dckr_pat_{}", u(27, 36))),
        (
            "heroku-api-key",
            format!(
                "HEROKU_API_KEY={}-{}-4{}-a{}-{}",
                h(8, 37),
                h(4, 38),
                h(3, 39),
                h(3, 40),
                h(12, 41)
            ),
        ),
        ("digitalocean-token", format!("t = dop_v1_{}", h(64, 42))),
        ("shopify-token", format!("t = shpat_{}", h(32, 43))),
        ("square-token", format!("t = sq0atp-{}", u(22, 44))),
        (
            "braintree-token",
            format!(
                "t = access_token$production${}${}",
                made_up("abcdefghijklmnopqrstuvwxyz0123456789", 16, 45),
                h(32, 46)
            ),
        ),
        ("ai-api-key", format!("k = sk-proj-{}", a(48, 47))),
        (
            "huggingface-token",
            format!(
                "t = hf_{}",
                made_up(
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                    34,
                    48
                )
            ),
        ),
        ("ai-provider-key", format!("k = gsk_{}", a(52, 49))),
        (
            "atlassian-api-token",
            format!("t = ATATT3xFfGF0{}", u(180, 50)),
        ),
        ("databricks-token", format!("t = dapi{}", h(32, 51))),
        ("doppler-token", format!("t = dp.pt.{}", a(43, 52))),
        ("vault-token", format!("t = hvs.{}", a(24, 53))),
        (
            "terraform-cloud-token",
            format!("t = {}.atlasv1.{}", a(14, 54), u(67, 55)),
        ),
        ("pulumi-token", format!("t = pul-{}", h(40, 56))),
        ("linear-api-key", format!("k = lin_api_{}", a(40, 57))),
        (
            "notion-token",
            format!("t = ntn_{}{}", made_up("0123456789", 11, 58), a(35, 59)),
        ),
        ("okta-api-token", format!("OKTA_API_TOKEN=00{}", u(40, 60))),
        (
            "new-relic-key",
            format!(
                "k = NRAK-{}",
                made_up("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 27, 61)
            ),
        ),
        ("datadog-key", format!("DD_API_KEY={}", h(32, 62))),
        ("sentry-token", format!("t = sntryu_{}", h(64, 63))),
        (
            "grafana-token",
            format!("t = glsa_{}_{}", a(32, 64), h(8, 65)),
        ),
        (
            "postman-api-key",
            format!("k = PMAK-{}-{}", h(24, 66), h(34, 67)),
        ),
        ("dev-platform-token", format!("t = figd_{}", u(40, 68))),
        ("cloud-provider-key", format!("k = LTAI{}", a(20, 69))),
        (
            "mapbox-secret-token",
            format!("t = sk.eyJ1{}.{}", u(60, 70), u(22, 71)),
        ),
        (
            "jwt",
            format!("t = eyJhbGciOiJIUzI1NiJ9.eyJ{}.{}", u(60, 72), u(43, 73)),
        ),
        (
            "url-credentials",
            format!("postgres://app:{}@db.internal/app", a(16, 74)),
        ),
        (
            "password-argument",
            format!("curl -u deploy:{} https://ci.internal", a(14, 75)),
        ),
        (
            "bearer-token",
            format!("Authorization: Bearer {}", a(40, 76)),
        ),
        (
            "basic-auth",
            "Authorization: Basic ZGVwbG95OlhrMjl2cTdMd1AzbVQ=".into(),
        ),
        (rules::ASSIGNMENT, format!("API_KEY = \"{}\"", a(32, 77))),
    ];
    for rule in RULES {
        let Some((_, line)) = examples.iter().find(|(id, _)| *id == rule.id) else {
            panic!("{} has no example in this test", rule.id);
        };
        assert_eq!(rules_on(line), vec![rule.id], "{line}");
    }
}

#[test]
fn redaction_masks_secrets_in_any_text_and_keeps_the_rest() {
    let token = k(&["ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"]);
    let text = format!("app.py:1:16: F821 Undefined name `{token}`\nsecond line\n");
    let masked = redact(&text);
    assert!(!masked.contains(&token[4..]), "{masked}");
    assert_eq!(
        masked,
        format!(
            "app.py:1:16: F821 Undefined name `ghp_{}`\nsecond line\n",
            "*".repeat(24)
        )
    );
    assert!(matches!(redact("nothing here\n"), Cow::Borrowed(_)));
    let header = "-----BEGIN RSA PRIVATE KEY-----";
    assert_eq!(redact(header), header, "a PEM header is not a secret");
    // Masked output is stable: masking it again changes nothing.
    assert_eq!(redact(&masked), masked);
}
