//! The secrets gate through real `git commit`s and the branch gate through real pushes to
//! a local bare remote.

use crate::common::{TestRepo, assert_code, aws_key, fixtures, render, stderr};

fn installed(config: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pactkit.yaml", config);
    repo.write("README.md", "x\n").commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

fn secrets_repo() -> TestRepo {
    installed("hooks:\n  pre-commit: [secrets]\n  commit-msg: [commit-msg]\n  pre-push: []\n")
}

fn commit(repo: &TestRepo) -> std::process::Output {
    repo.git_output(&["commit", "-q", "-m", "feat: add settings"])
}

/// The commit is blocked, and its report holds `needle`.
#[track_caller]
fn assert_commit_blocked(repo: &TestRepo, needle: &str) -> std::process::Output {
    let out = commit(repo);
    assert_code(&out, 1);
    assert!(render(&out).contains(needle), "{}", render(&out));
    out
}

#[test]
fn a_staged_aws_key_blocks_the_commit_without_printing_it() {
    let repo = secrets_repo();
    let key = aws_key();
    repo.write(
        "app/settings.py",
        &format!("DEBUG = True\nAWS_KEY = \"{key}\"\n"),
    );
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(text.contains("aws-access-key-id"), "{text}");
    assert!(text.contains("app/settings.py"), "{text}");
    assert!(text.contains(":2"), "the line is shown: {text}");
    assert!(text.contains("AKIA*"), "{text}");
    assert!(!text.contains(&key), "the key leaked: {text}");
    assert!(!text.contains(&key[4..]), "the key leaked: {text}");
    // Nothing was committed.
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn an_inline_allow_comment_lets_the_line_pass() {
    let repo = secrets_repo();
    repo.write(
        "app/fixture.py",
        &format!("KEY = \"{}\"  # pactkit: allow-secret\n", aws_key()),
    );
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 0);
}

#[test]
fn the_allow_file_accepts_a_printed_fingerprint() {
    let repo = secrets_repo();
    repo.write("app/a.py", &format!("KEY = \"{}\"\n", aws_key()));
    repo.git(&["add", "."]);
    let out = repo.pactkit(&["check", "--gate", "secrets", "--format", "json"]);
    assert_code(&out, 1);
    let text = crate::common::stdout(&out);
    let fingerprint = text
        .split(['`', ' ', '"', ')'])
        .find(|w| w.starts_with("aws-access-key-id:"))
        .unwrap_or_else(|| panic!("no fingerprint in {text}"))
        .to_owned();
    repo.write(
        ".pactkit-secrets-allow",
        &format!("# demo key\n{fingerprint}\n"),
    );
    repo.git(&["add", "."]);
    // The allow file is part of the contract: an entry staged together with the value it
    // hides does not apply to that commit.
    assert_code(&commit(&repo), 1);
    let out = repo.git_output(&[
        "commit",
        "-q",
        "-m",
        "chore: allow the demo key",
        ".pactkit-secrets-allow",
    ]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("contract-change"),
        "the widened allow list is named: {}",
        render(&out)
    );
    assert_code(&commit(&repo), 0);
}

#[test]
fn an_unstaged_secret_in_a_partially_staged_file_is_not_reported() {
    let repo = secrets_repo();
    repo.write("app/b.py", "A = 1\n");
    repo.git(&["add", "app/b.py"]);
    repo.write("app/b.py", &format!("A = 1\nKEY = \"{}\"\n", aws_key()));
    let out = commit(&repo);
    assert_code(&out, 0);
    // The secret is still in the work tree, unstaged; staging it blocks.
    repo.git(&["add", "app/b.py"]);
    assert_code(&repo.git_output(&["commit", "-q", "-m", "feat: more"]), 1);
}

#[test]
fn excluded_paths_and_configured_patterns_are_not_reported() {
    let repo = installed(
        "hooks:\n  pre-commit: [secrets]\n  commit-msg: []\n  pre-push: []\n\
         gates:\n  secrets:\n    exclude: ['fixtures/**']\n    allow: ['U8P1$']\n",
    );
    repo.write("fixtures/keys.txt", "-----BEGIN RSA PRIVATE KEY-----\n");
    repo.write("app/c.py", &format!("KEY = '{}'\n", aws_key()));
    repo.git(&["add", "."]);
    assert_code(&commit(&repo), 0);
}

fn push_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("README.md", "x\n").commit_all("chore: init");
    repo.add_bare_origin("remote.git");
    repo.git(&["push", "-q", "origin", "main"]);
    repo.write(
        "pactkit.yaml",
        "hooks:\n  pre-commit: []\n  commit-msg: []\n  pre-push: [branch]\n",
    );
    repo.commit_all("chore: configure pre-push");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    repo
}

#[test]
fn pushing_to_main_is_blocked_and_a_feature_branch_is_not() {
    let repo = push_repo();
    let out = repo.git_output(&["push", "-q", "origin", "main"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("protected branch `main`"),
        "{}",
        render(&out)
    );
    let remote_main = repo.git(&["ls-remote", "origin", "refs/heads/main"]);
    let local_main = repo.git(&["rev-parse", "main"]);
    assert!(!remote_main.contains(local_main.trim()), "main was pushed");

    repo.git(&["switch", "-q", "-c", "feature/x"]);
    repo.write("f.txt", "f\n").commit_all("feat: f");
    let out = repo.git_output(&["push", "-q", "origin", "feature/x"]);
    assert_code(&out, 0);
    // A push of the feature branch onto main is still a push to main.
    let out = repo.git_output(&["push", "-q", "origin", "feature/x:main"]);
    assert_code(&out, 1);
}

#[test]
fn deleting_a_protected_branch_is_blocked() {
    let repo = push_repo();
    repo.git(&["push", "-q", "--no-verify", "origin", "main:develop"]);
    let out = repo.git_output(&["push", "-q", "origin", "--delete", "develop"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("deleting the protected branch `develop`"),
        "{}",
        render(&out)
    );
}

#[test]
fn commits_on_a_protected_branch_block_only_when_configured() {
    let repo = installed("hooks:\n  pre-commit: [branch]\n  commit-msg: []\n  pre-push: []\n");
    repo.write("a.txt", "a\n");
    repo.git(&["add", "."]);
    assert_code(&commit(&repo), 0);
    repo.write(
        "pactkit.yaml",
        "hooks:\n  pre-commit: [branch]\n  commit-msg: []\n  pre-push: []\n\
         gates:\n  branch:\n    block_commits: true\n    protected: [main, 'release/*']\n",
    );
    repo.git(&["add", "."]);
    // The stricter setting applies from the commit after the one that adds it.
    assert_code(&commit(&repo), 0);
    repo.write("a.txt", "b\n");
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("protected branch `main`"),
        "{}",
        render(&out)
    );
    repo.git(&["switch", "-q", "-c", "feature/y"]);
    assert_code(&commit(&repo), 0);
}

// ------------------------------------------------------------ issue 12: verdicts

/// Made-up values in real formats, assembled at run time so this file holds no token
/// another scanner would report.
fn fake(prefix: &str, body: &str) -> String {
    [prefix, body].concat()
}

/// The rules reported in a `check --gate secrets --format json` run over the index.
fn reported(repo: &TestRepo) -> (i32, String) {
    let out = repo.pactkit(&["check", "--gate", "secrets", "--format", "json"]);
    (crate::common::code(&out), crate::common::stdout(&out))
}

/// Placeholder words count only as whole values or tokens: a random token behind a fixed
/// prefix that happens to contain `latest`, `Contest` or `dummy`, and a password that
/// contains `test`, are secrets (the old substring test let all four pass).
#[test]
fn a_word_inside_a_token_does_not_make_it_a_placeholder() {
    let repo = secrets_repo();
    let lines = [
        format!(
            "TOKEN = \"{}\"",
            fake("ghp_", "k3J9qLm2latestZx8Wv5Rt7Yb4Nc6Pd1Hs3F")
        ),
        format!(
            "STRIPE = \"{}\"",
            fake("sk_live_", "q8ZrContest2vN5xK1mT7wB")
        ),
        format!(
            "SLACK = \"{}\"",
            fake(
                "xoxb-",
                "2236748293841-5539102846137-Qm3kZ8vdummyT2pWx9rLs4N"
            )
        ),
        "db_password = \"Protest#2024$Winter9\"".to_owned(),
    ];
    repo.write("app/settings.py", &(lines.join("\n") + "\n"));
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 1);
    let text = render(&out);
    for (line, rule) in [
        (1, "github-token"),
        (2, "stripe-live-key"),
        (3, "slack-token"),
        (4, "high-entropy-assignment"),
    ] {
        assert!(
            text.contains(&format!("error[{rule}] app/settings.py:{line}:")),
            "line {line} ({rule}) not reported: {text}"
        );
    }
    assert!(
        !text.contains("Protest#2024"),
        "the password leaked: {text}"
    );
}

/// AWS's documented example key is documentation; a key that merely ends in EXAMPLE is
/// still a key (AWS never issues the documented one; anything else could be real).
#[test]
fn aws_documented_example_passes_and_other_example_keys_do_not() {
    let repo = secrets_repo();
    repo.write("docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n");
    repo.git(&["add", "."]);
    assert_code(&commit(&repo), 0);
    repo.write(
        "docs/aws.md",
        &format!("aws_access_key_id = {}\n", fake("AKIA", "Q7ZK3B5XEXAMPLE2")),
    );
    repo.write(
        "app/aws.py",
        &format!("KEY = \"{}\"\n", fake("AKIA", "Q7ZK3B5XTEXAMPLE")),
    );
    repo.git(&["add", "."]);
    let (code, json) = reported(&repo);
    assert_eq!(code, 1, "{json}");
    assert!(json.contains("\"file\": \"app/aws.py\""), "{json}");
    assert!(json.contains("\"file\": \"docs/aws.md\""), "{json}");
}

/// One NUL byte early in a `.env` makes git call it binary; the gate still scans it as the
/// text it is, and reports the right line.
#[test]
fn a_stray_nul_byte_does_not_hide_a_dotenv_file() {
    let repo = secrets_repo();
    let mut env = b"APP=shop\0\nDEBUG=false\n".to_vec();
    env.extend(
        format!(
            "GITHUB_TOKEN={}\n",
            fake("ghp_", "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5")
        )
        .as_bytes(),
    );
    env.extend(b"# the rest of the settings\n".repeat(10));
    repo.write_bytes(".env", &env);
    repo.git(&["add", "."]);
    assert!(
        repo.git(&["diff", "--cached", "--numstat"])
            .starts_with("-\t-\t"),
        "git must call this file binary for the test to mean anything"
    );
    assert_commit_blocked(&repo, "error[github-token] .env:3:");
}

/// UTF-16 text (git calls it binary) is decoded and scanned by line.
#[test]
fn utf16_text_is_scanned() {
    let repo = secrets_repo();
    let text = format!(
        "[settings]\r\napi_token = {}\r\n",
        fake("glpat-", "Zx8Wv5Rt7Yb4Nc6Pd1Hs")
    );
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    repo.write_bytes("config/app.ini", &bytes);
    repo.git(&["add", "."]);
    assert_commit_blocked(&repo, "error[gitlab-token] config/app.ini:2:");
}

/// Wide text that does not decode: UTF-16 without a byte-order mark, with one and a stray
/// byte, with a lone surrogate, and UTF-32. Each is scanned by its wide-character runs.
#[test]
fn wide_text_that_does_not_decode_is_scanned_by_its_runs() {
    let line = format!("KEY = \"{}\"\r\n", aws_key());
    let le16: Vec<u8> = line.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be16: Vec<u8> = line.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let le32: Vec<u8> = line
        .chars()
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    let stray = [&[0xFF, 0xFE][..], &le16, b"\n"].concat();
    let surrogate = [&[0xFF, 0xFE, 0x00, 0xD8][..], &le16].concat();
    for (name, bytes) in [
        ("le16.ps1", le16),
        ("be16.ps1", be16),
        ("le32.txt", le32),
        ("stray.ps1", stray),
        ("surrogate.ps1", surrogate),
    ] {
        let repo = secrets_repo();
        repo.write_bytes(name, &bytes);
        repo.git(&["add", "."]);
        let out = commit(&repo);
        assert_code(&out, 1);
        assert!(
            render(&out).contains(&format!("error[aws-access-key-id] {name}:")),
            "{name}: {}",
            render(&out)
        );
    }
    // The same encodings without a secret pass.
    let repo = secrets_repo();
    let plain: Vec<u8> = "name = \"shop settings\"\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    repo.write_bytes("plain.ps1", &plain);
    repo.git(&["add", "."]);
    assert_code(&commit(&repo), 0);
}

/// Real binary content: its printable runs are scanned and a finding gives the byte
/// offset; a later change to the file does not report the run again.
#[test]
fn binary_files_have_their_printable_runs_scanned() {
    let repo = secrets_repo();
    let key = fake("AKIA", "Q7ZK3B5X2M4N6P8R");
    let mut blob = vec![0x89, b'P', b'N', b'G', 0, 0, 0, 0x0d, 0xff, 0xfe];
    let offset = blob.len() + 4;
    blob.extend(format!("key={key};").as_bytes());
    blob.extend([0u8, 1, 2, 3, 0xff]);
    repo.write_bytes("assets/logo.bin", &blob);
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(
        text.contains("error[aws-access-key-id] assets/logo.bin:"),
        "{text}"
    );
    assert!(
        text.contains(&format!("binary file, byte {offset}")),
        "{text}"
    );
    assert!(!text.contains(&key), "{text}");
    // Committed anyway; a change elsewhere in the file does not re-report the old run.
    repo.git(&["commit", "-q", "--no-verify", "-m", "feat: logo"]);
    blob.extend([7u8, 7, 7, 0]);
    repo.write_bytes("assets/logo.bin", &blob);
    repo.git(&["add", "."]);
    assert_code(&commit(&repo), 0);
}

/// Families the old rule set did not know: credentials in URLs, SendGrid, Discord, Slack
/// webhooks, Azure storage keys, more secret names and subscript assignments.
#[test]
fn new_detector_families_block() {
    let repo = secrets_repo();
    let cases = [
        (
            "DATABASE_URL=postgres://app:Xk29vq7LwP3m@db.internal:5432/app",
            "url-credentials",
        ),
        (
            "mongo = \"mongodb+srv://admin:q8Zr2vN5xK1mT7@cluster0.ab1cd.mongodb.net/\"",
            "url-credentials",
        ),
        (
            &format!(
                "SENDGRID = \"{}\"",
                fake(
                    "SG.",
                    "aB3dE5fG7hJ9kL1mN3pQ5r.sT7uV9wX1yZ3aB5cD7eF9gH1iJ3kL5mN7oP9qR1sT3u"
                )
            ),
            "sendgrid-api-key",
        ),
        (
            &fake(
                "hook = \"https://discord.com/api/webhooks/",
                "112233445566778899/aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS1tU3vW5x\"",
            ),
            "discord-webhook",
        ),
        (
            &fake(
                "SLACK_HOOK = \"https://hooks.slack.com/services/",
                "T0A1B2C3D/B4E5F6G7H8/Qm3kZ8vT2pWx9rLs4NhY7cJd\"",
            ),
            "slack-webhook",
        ),
        (
            &format!(
                "conn = \"DefaultEndpointsProtocol=https;AccountName=media;AccountKey={}==;\"",
                "q8Zr2vN5xK1mT7wB4cY9".repeat(4) + "Hq3kLm"
            ),
            "azure-storage-key",
        ),
        (
            "ENCRYPTION_KEY = \"8f3a9c1d7e2b4f6a0c5d9e1f3a7b2c4d\"",
            "high-entropy-assignment",
        ),
        (
            "FERNET_KEY=q8Zr2vN5xK1mT7wB4cY9Hq3kLm9zPw2xR5tV7nB1dF3=",
            "high-entropy-assignment",
        ),
        (
            "HMAC_KEY: 'c1d7e2b4f6a0c5d98f3a9e1f3a7b2c4d'",
            "high-entropy-assignment",
        ),
        (
            "LARAVEL_APP_KEY=base64:Zk3q9Lm2Xv8Rt5Wy7Np4Bc6Hd1Js3Fg0Kq2Vx9Mz8Lw=",
            "high-entropy-assignment",
        ),
        (
            "app.config[\"SECRET_KEY\"] = \"9c1d7e2b4f6a0c5d8f3a9e1f\"",
            "high-entropy-assignment",
        ),
    ];
    let text: String = cases.iter().map(|(line, _)| format!("{line}\n")).collect();
    repo.write("app/config.py", &text);
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 1);
    let report = render(&out);
    for (n, (line, rule)) in cases.iter().enumerate() {
        assert!(
            report.contains(&format!("error[{rule}] app/config.py:{}:", n + 1)),
            "{line}: {report}"
        );
    }
}

/// Entropy is judged against the value's alphabet: random 16- and 32-digit hex secrets
/// block (the old 3.5-bit cut let them pass), and so do 12–15-character passwords and
/// unquoted values with symbols.
#[test]
fn hex_secrets_short_passwords_and_unquoted_symbols_block() {
    let repo = secrets_repo();
    let lines = [
        "webhook_secret = \"4f9a1c3e8b2d7a60\"",
        "API_TOKEN = \"c8e13a0f5b7d2946e1a8c3b5d7f90214\"",
        "password = \"Kp7#xR2!vL9q\"",
        "SMTP_PASSWORD=!t44sdCREMRF#",
    ];
    repo.write("app/keys.py", &(lines.join("\n") + "\n"));
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 1);
    let text = render(&out);
    for n in 1..=lines.len() {
        assert!(
            text.contains(&format!("app/keys.py:{n}:")),
            "line {n}: {text}"
        );
    }
}

/// Names, paths, URLs, model names and look-alikes pass.
#[test]
fn names_paths_urls_and_model_names_pass() {
    let repo = secrets_repo();
    repo.write(
        "app/settings.py",
        "PASSWORD_FIELD = \"password_confirmation_field\"\n\
         PRIVATE_KEY_PATH = \"/etc/ssl/private/server.key\"\n\
         TOKEN_URL = \"https://oauth2.googleapis.com/token\"\n\
         token_generator = default_token_generator\n\
         SECRET_KEY = os.environ[\"SECRET_KEY\"]\n\
         api_key = \"<YOUR_API_KEY>\"\n\
         commit = \"94b583bba2f0dbafb5f9e67c6705781c3ba625f3\"\n\
         password_hash = \"pbkdf2_sha256$600000$SwqS4QDUi1MYKxGFO6K9SB$rs3apqgyqo\"\n\
         DATABASE_URL = \"postgres://postgres:postgres@localhost:5432/test\"\n",
    );
    repo.write(
        "config/model.yaml",
        "tokenizer: bert-base-multilingual-cased\nmodel: gpt-4o-mini\n",
    );
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 0);
}

/// `check --all-files` lists the index without reading it; the gate reads every file
/// itself (it used to skip them all as "no added lines").
#[test]
fn check_all_files_scans_every_tracked_file() {
    let repo = secrets_repo();
    repo.write("app/a.py", &format!("KEY = \"{}\"\n", aws_key()));
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "feat: a"]);
    let out = repo.pactkit(&["check", "--all-files", "--gate", "secrets"]);
    assert_code(&out, 1);
    assert!(
        render(&out).contains("error[aws-access-key-id] app/a.py:1:"),
        "{}",
        render(&out)
    );
}

/// A bad allow-list regex is reported by file, line and position; its text, which may
/// spell out a secret, is never printed.
#[test]
fn an_invalid_allow_regex_is_reported_by_position_only() {
    let repo = secrets_repo();
    let secret_like = "q8Zr2vN5xK1mT7wB4cY9";
    // The allow file in force is the committed one (the contract), not the staged one.
    repo.write(
        ".pactkit-secrets-allow",
        &format!("# accepted\n^{secret_like}(\n"),
    );
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "chore: allow"]);
    repo.write("app/a.py", "A = 1\n");
    repo.git(&["add", "."]);
    let out = repo.pactkit(&["check", "--gate", "secrets"]);
    let text = render(&out);
    assert_code(&out, 1);
    assert!(
        text.contains(
            ".pactkit-secrets-allow:2: invalid regular expression at column 22: unclosed group"
        ),
        "{text}"
    );
    assert!(!text.contains(secret_like), "the entry was quoted: {text}");

    let repo = installed(&format!(
        "hooks:\n  pre-commit: [secrets]\n  commit-msg: []\n  pre-push: []\ngates:\n  secrets:\n    allow: ['[{secret_like}']\n"
    ));
    repo.write("app/a.py", "A = 1\n");
    repo.git(&["add", "."]);
    let out = repo.pactkit(&["check", "--gate", "secrets"]);
    let text = render(&out);
    assert!(
        text.contains("gates.secrets.allow[0]: invalid regular expression at column 1"),
        "{text}"
    );
    assert!(!text.contains(secret_like), "the entry was quoted: {text}");
}

// ------------------------------------------------ what other gates print is masked too

/// Whether `tool --version` runs. A missing tool skips the calling test visibly, and
/// fails it when `CI` is set (CI installs the tool: see .ci/run).
fn tool_available(tool: &str, install: &str) -> bool {
    let ok = std::process::Command::new(tool)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    #[expect(clippy::disallowed_methods, reason = "the test runner's own CI flag")]
    let ci = std::env::var_os("CI").is_some();
    assert!(ok || !ci, "{tool} is required in CI: {install}");
    if !ok {
        #[expect(clippy::print_stderr, reason = "a visible skip")]
        {
            eprintln!("SKIPPED: {tool} is not installed ({install}); the masking test did not run");
        }
    }
    ok
}

fn pasted_token() -> String {
    fake("ghp_", "R7vK2mQ9xL4pT8wZ3nB6cJ1hY5dF0sG2aE4u")
}

/// A token pasted without quotes makes ruff report `F821 Undefined name ghp_…`; the lint
/// gate's finding is masked like the secrets gate's own, in every report format.
#[test]
fn lint_output_masks_a_pasted_token_in_every_format() {
    if !tool_available("ruff", "pip install ruff") {
        return;
    }
    let repo =
        installed("hooks:\n  pre-commit: [secrets, lint]\n  commit-msg: []\n  pre-push: []\n");
    let token = pasted_token();
    repo.write("app.py", &format!("GITHUB_TOKEN = {token}\n"));
    repo.git(&["add", "."]);
    let out = commit(&repo);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(text.contains("warning[ruff] app.py:1: F821"), "{text}");
    assert!(text.contains("error[github-token] app.py:1:"), "{text}");
    assert!(
        !text.contains(&token[4..]),
        "text: the token leaked: {text}"
    );
    for format in ["text", "json", "github", "sarif", "junit"] {
        let out = repo.pactkit(&["hooks", "run", "pre-commit", "--format", format]);
        let text = render(&out);
        assert!(
            text.contains("F821"),
            "{format}: the lint finding is missing: {text}"
        );
        assert!(text.contains("ghp_*"), "{format}: no masked value: {text}");
        assert!(
            !text.contains(&token[4..]),
            "{format}: the token leaked: {text}"
        );
    }
    let out = repo.pactkit(&["lint", "app.py"]);
    assert!(render(&out).contains("F821"), "{}", render(&out));
    assert!(
        !render(&out).contains(&token[4..]),
        "pactkit lint: {}",
        render(&out)
    );
}

/// What a test run prints (streamed to the terminal) and its failure lines (in the
/// findings) are masked.
#[test]
fn test_output_is_masked() {
    let token = pasted_token();
    let repo = TestRepo::new();
    fixtures::go_package(&repo)
        .write(
            "pactkit.yaml",
            &format!(
                "hooks:\n  pre-commit: [regression]\n  commit-msg: []\n  pre-push: []\n\
                 gates:\n  regression:\n    command: \"echo 'FAILED {{tests}} - GITHUB_TOKEN={token}'; exit 1\"\n"
            ),
        )
        .commit_all("chore: init");
    assert_code(&repo.pactkit(&["hooks", "install"]), 0);
    fixtures::stage_go_change(&repo);
    let out = commit(&repo);
    assert_code(&out, 1);
    let text = render(&out);
    assert!(
        text.contains("FAILED pkg/a_test.go - GITHUB_TOKEN=ghp_*"),
        "{text}"
    );
    assert!(!text.contains(&token[4..]), "the token leaked: {text}");
}

/// What `gates.coverage.command` prints is masked, and so is the command in the error.
#[test]
fn coverage_command_output_is_masked() {
    let token = pasted_token();
    let repo = installed(&format!(
        "hooks:\n  pre-commit: [coverage]\n  commit-msg: []\n  pre-push: []\n\
         gates:\n  coverage:\n    command: \"echo token {token}; exit 3\"\n"
    ));
    repo.write("src/app.py", "def f():\n    return 1\n");
    repo.git(&["add", "."]);
    let out = repo.pactkit(&["check", "--gate", "coverage"]);
    let text = render(&out);
    assert!(text.contains("token ghp_*"), "the command's output: {text}");
    assert!(text.contains("failed"), "{text}");
    assert!(!text.contains(&token[4..]), "the token leaked: {text}");
}

/// A binary file over the scan limit is not scanned, and a warning says so (the commit
/// is not blocked for it).
#[test]
fn a_binary_file_over_the_limit_is_reported_as_not_scanned() {
    let repo = secrets_repo();
    let mut blob = vec![0u8; 33 * 1024 * 1024];
    blob[..8].copy_from_slice(b"\x89PNG\r\n\x1a\n");
    repo.write_bytes("assets/huge.bin", &blob);
    repo.git(&["add", "."]);
    let out = repo.pactkit(&["check", "--gate", "secrets"]);
    assert_code(&out, 0);
    let text = render(&out);
    assert!(
        text.contains("warning[not-scanned] assets/huge.bin: binary file of 33 MiB not scanned for secrets (the limit is 32 MiB)"),
        "{text}"
    );
}

/// A symbolic link's blob is its target: text a secret can be written into, and with
/// `core.symlinks` false (git keeps the link's mode for a path that was one) any content
/// at all. A link to an ordinary path passes.
#[cfg(unix)]
#[test]
fn a_symbolic_link_is_scanned_as_text() {
    let repo = secrets_repo();
    std::os::unix::fs::symlink("app/settings.py", repo.root().join("settings")).expect("link");
    repo.git(&["add", "."]);
    assert_code(&commit(&repo), 0);

    let key = aws_key();
    std::os::unix::fs::symlink(format!("KEY={key}"), repo.root().join("link")).expect("link");
    repo.git(&["add", "."]);
    let out = assert_commit_blocked(&repo, "error[aws-access-key-id] link:1:");
    assert!(!render(&out).contains(&key), "{}", render(&out));

    // The link written over as a file where links are not checked out as links.
    std::fs::remove_file(repo.root().join("link")).expect("rm");
    repo.git(&["reset", "-q"]);
    repo.git(&["config", "core.symlinks", "false"]);
    std::fs::remove_file(repo.root().join("settings")).expect("rm");
    repo.write("settings", &format!("debug = 1\nKEY = \"{key}\"\n"));
    repo.git(&["add", "settings"]);
    assert_eq!(
        repo.git(&["ls-files", "-s", "settings"]).split(' ').next(),
        Some("120000"),
        "git keeps the link's mode"
    );
    assert_commit_blocked(&repo, "error[aws-access-key-id] settings:2:");
}

/// The allow file's entries are the contract gate's to judge; its comments are read by no
/// gate but this one. A secret in a comment blocks; entries and plain comments pass.
#[test]
fn a_secret_in_an_allow_file_comment_is_reported() {
    let repo = secrets_repo();
    repo.write(
        ".pactkit-secrets-allow",
        "# fixtures hold fake keys\naws-access-key-id:0123456789abcdef  # the demo key\n",
    )
    .commit_all("chore: allow the demo key");
    repo.write(
        ".pactkit-secrets-allow",
        &format!(
            "# fixtures hold fake keys\naws-access-key-id:0123456789abcdef  # the demo key\n# old key {} rotated\n",
            aws_key()
        ),
    );
    repo.git(&["add", "."]);
    assert_commit_blocked(&repo, "error[aws-access-key-id] .pactkit-secrets-allow:3:");
    repo.write(
        ".pactkit-secrets-allow",
        "# fixtures hold fake keys\naws-access-key-id:0123456789abcdef  # the demo key, rotated 2026-12-01\n",
    );
    repo.git(&["add", "."]);
    assert_code(&commit(&repo), 0);
}

/// A credential pasted into a commit message travels with the commit: the commit-msg
/// hook blocks it, and a range check finds it in a commit made without the hooks. An
/// ordinary message passes.
#[test]
fn a_secret_in_a_commit_message_is_reported_where_the_message_is_judged() {
    let repo = installed("developer: \"\"\n");
    let key = aws_key();
    repo.write("a.txt", "a\n");
    repo.git(&["add", "."]);
    let commit_with =
        |body: &str| repo.git_output(&["commit", "-q", "-m", "feat: add a", "-m", body]);
    let out = commit_with(&format!("KEY = \"{key}\""));
    assert_code(&out, 1);
    let text = render(&out);
    assert!(
        text.contains("error[aws-access-key-id]")
            && text.contains("in the commit message (line 3,"),
        "{text}"
    );
    assert!(!text.contains(&key), "{text}");
    assert_code(&commit_with("Keys rotate monthly."), 0);

    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.write("b.txt", "b\n");
    repo.git(&["add", "."]);
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "feat: add b",
        "-m",
        &format!("token {key}"),
    ]);
    let out = repo.pactkit(&["check", "--from-ref", &base, "--gate", "secrets"]);
    assert_code(&out, 1);
    assert!(
        crate::common::stdout(&out).contains("in the commit message (line 3,"),
        "{}",
        render(&out)
    );
}

/// A stash commit was judged by no hook: merging it (`git merge --no-commit stash@{0}`)
/// brings its content in as the commit's own work, which the gates judge.
#[test]
fn a_merged_stash_is_judged_as_the_commit_s_own_work() {
    let repo = secrets_repo();
    repo.write("app/settings.py", &format!("KEY = \"{}\"\n", aws_key()));
    repo.git(&["add", "."]);
    repo.git(&["stash", "-q"]);
    repo.git(&["merge", "-q", "--no-ff", "--no-commit", "stash@{0}"]);
    assert_commit_blocked(&repo, "error[aws-access-key-id] app/settings.py:1:");
}

/// `GIT_OBJECT_DIRECTORY` set for the commit: git writes and reads the objects there, and
/// so do the hooks. A legitimate commit passes (it used to fail closed, its objects not in
/// `.git/objects`), and a secret is found.
#[test]
fn a_commit_with_its_own_object_directory_is_judged_there() {
    let repo = secrets_repo();
    let objects = repo.temp().join("objects");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(repo.root().join(".git/objects"))
        .arg(&objects)
        .status()
        .expect("cp");
    assert!(copied.success());
    let git = |args: &[&str]| {
        repo.git_cmd()
            .env("GIT_OBJECT_DIRECTORY", &objects)
            .args(args)
            .output()
            .expect("git")
    };
    repo.write("notes.md", "plain notes\n");
    assert_code(&git(&["add", "notes.md"]), 0);
    let out = git(&["commit", "-q", "-m", "docs: notes"]);
    assert_code(&out, 0);
    repo.write("app/settings.py", &format!("KEY = \"{}\"\n", aws_key()));
    assert_code(&git(&["add", "."]), 0);
    let out = git(&["commit", "-q", "-m", "feat: settings"]);
    assert_code(&out, 1);
    assert!(
        render(&out).contains("error[aws-access-key-id] app/settings.py:1:"),
        "{}",
        render(&out)
    );
}
