//! The threat model as a test: every bypass class an agent running as the user can try,
//! attempted for real, and what each layer made of it — the agent hook (the tool call
//! refused?), git's hooks (the commit or push stopped?), `pactkit check` on the range (CI)
//! and the server's pre-receive hook. Every attempt must be caught by a layer the agent
//! cannot edit (CI or the server hook); the agent-hook classes also by the agent hook.
//!
//! The table in docs/threat-model.md is this test's output: the test fails when the two
//! disagree. `PACTKIT_BLESS=1 cargo test threat_matrix` rewrites it after a deliberate change.

use crate::common::*;
use std::path::Path;
use std::process::Output;

const BRANCH: &str = "feature/STORY-001";
const DOC: &str = "docs/threat-model.md";
const START: &str = "<!-- matrix:start -->";
const END: &str = "<!-- matrix:end -->";

/// A client with pactkit's git hooks, a bare server with the pre-receive hook, a project
/// whose STORY-001 is In Progress (on the story branch) and STORY-000 Done, a CI workflow
/// that runs pactkit and a Claude Code settings file with pactkit's agent hook.
struct Scene {
    repo: TestRepo,
    base: String,
}

impl Scene {
    fn new() -> Scene {
        let repo = TestRepo::new();
        repo.write("pactkit.yaml", "developer: \"\"\n")
            .write("README.md", "shop\n")
            .write("docs/specs/STORY-000.md", &spec("STORY-000", "Done"))
            .write("docs/specs/STORY-001.md", &spec("STORY-001", "In Progress"))
            .write(
                ".github/workflows/ci.yml",
                "on: [push]\njobs:\n  gates:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pactkit check --ci\n",
            )
            .write(
                ".claude/settings.json",
                "{\"hooks\": {\"PreToolUse\": [{\"matcher\": \"Bash\", \"hooks\": [{\"type\": \"command\", \"command\": \"pactkit hooks agent run claude\"}]}]}}\n",
            )
            .commit_all("chore: init");
        let server = repo.bare_repo("server.git");
        let out = repo
            .pactkit_cmd()
            .current_dir(&server)
            .args(["hooks", "install", "--server"])
            .output()
            .expect("install --server");
        assert_code(&out, 0);
        repo.git(&["remote", "add", "origin", &server.to_string_lossy()]);
        repo.git(&["push", "-q", "--no-verify", "origin", "main"]);
        repo.git(&["switch", "-q", "-c", BRANCH]);
        repo.git(&["push", "-q", "--no-verify", "origin", BRANCH]);
        assert_code(&repo.pactkit(&["hooks", "install"]), 0);
        let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
        Scene { repo, base }
    }

    fn root(&self) -> &Path {
        self.repo.root()
    }

    fn head(&self) -> String {
        self.repo.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// Writes `path` and stages everything: the agent's edit, ready to commit.
    fn stage(&self, path: &str, content: &str) {
        self.repo.write(path, content);
        self.repo.git(&["add", "-A"]);
    }

    /// `sh -c script` in the work tree, as the agent's shell would run it.
    fn shell(&self, script: &str) -> Output {
        let mut cmd = std::process::Command::new("sh");
        hermetic_env(&mut cmd, self.repo.home());
        let mut path = std::ffi::OsString::from(pactkit_bin().parent().expect("bin dir"));
        path.push(":");
        path.push(outer_path());
        cmd.env("PATH", path)
            .current_dir(self.root())
            .args(["-c", script])
            .output()
            .expect("sh")
    }
}

/// What the agent asks its tool to do.
enum Call {
    /// A shell command (Claude Code's `Bash`).
    Bash(&'static str),
    /// A file write (Claude Code's `Write`): path, content.
    Write(&'static str, &'static str),
    /// Raw payload bytes.
    Raw(&'static [u8]),
}

/// One bypass class.
struct Attempt {
    id: &'static str,
    class: &'static str,
    /// The agent's tool call.
    call: Call,
    /// Whether this class is the agent hook's to refuse (issue 11, item 6).
    agent_class: bool,
    /// Changes the attempt makes before its commit (the agent's edits).
    prepare: fn(&Scene),
    /// The attempt's own way of getting its change in: a shell script run in the work
    /// tree. Its failure means git's hooks stopped it.
    act: &'static str,
    /// What `check` is told about the target (a push to the branch, or a pull request).
    check_args: &'static [&'static str],
    /// How the attempt pushes (a shell script); the server's refusal is the last column.
    push: &'static str,
}

const PUSH: &str = "git push -q --no-verify origin feature/STORY-001";

fn secret_line() -> String {
    format!("KEY = \"{}\"\n", aws_key())
}

fn add_secret(scene: &Scene) {
    scene.stage("src/app.py", &secret_line());
}

fn add_notes(scene: &Scene) {
    scene.stage("notes.md", "x\n");
}

fn nothing(_: &Scene) {}

const PR: &[&str] = &["--target-ref", "main", "--pull-request"];
const PUSH_BRANCH: &[&str] = &["--target-ref", BRANCH];
const PUSH_MAIN: &[&str] = &["--target-ref", "main"];

/// An attempt on the story branch, pushed there (most classes).
fn on_branch(
    id: &'static str,
    class: &'static str,
    call: Call,
    agent_class: bool,
    prepare: fn(&Scene),
    act: &'static str,
) -> Attempt {
    Attempt {
        id,
        class,
        call,
        agent_class,
        prepare,
        act,
        check_args: PUSH_BRANCH,
        push: PUSH,
    }
}

fn attempts() -> Vec<Attempt> {
    vec![
        on_branch(
            "no-verify",
            "skip the git hooks with --no-verify",
            Call::Bash("git commit --no-verify -m 'feat(app): settings (STORY-001)'"),
            true,
            add_secret,
            "git commit -q --no-verify -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "hooks-path",
            "point core.hooksPath elsewhere for one command",
            Call::Bash("git -c core.hooksPath=/dev/null commit -m 'feat(app): settings (STORY-001)'"),
            true,
            add_secret,
            "git -c core.hooksPath=/dev/null commit -q -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "alias",
            "a git alias that hides --no-verify",
            Call::Bash("git config alias.ci 'commit --no-verify' && git ci -m 'feat(app): settings (STORY-001)'"),
            true,
            add_secret,
            "git config alias.ci 'commit --no-verify' && git ci -q -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "skip-env",
            "PACTKIT_SKIP=all set by the agent",
            Call::Bash("PACTKIT_SKIP=all git commit -m 'feat(app): settings (STORY-001)'"),
            true,
            add_secret,
            "PACTKIT_SKIP=all git commit -q -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "uninstall",
            "pactkit hooks uninstall, then commit",
            Call::Bash("pactkit hooks uninstall && git commit -m 'feat(app): settings (STORY-001)'"),
            true,
            add_secret,
            "pactkit hooks uninstall >/dev/null 2>&1 && git commit -q -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "shim-write",
            "overwrite a shim with the file tool",
            Call::Write(".git/hooks/pre-commit", "#!/bin/sh\nexit 0\n"),
            true,
            add_secret,
            "printf '#!/bin/sh\\nexit 0\\n' > .git/hooks/pre-commit && git commit -q -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "plumbing",
            "write a commit with plumbing (commit-tree, update-ref)",
            Call::Bash("git update-ref HEAD $(git commit-tree $(git write-tree) -p HEAD -m wip)"),
            true,
            add_secret,
            "git update-ref HEAD $(git commit-tree $(git write-tree) -p HEAD -m wip)",
        ),
        on_branch(
            "config-weaken",
            "weaken pactkit.yaml together with the code it lets through",
            Call::Write("pactkit.yaml", "gates:\n  secrets: {exclude: ['src/**']}\n"),
            true,
            |s| {
                s.repo.write("pactkit.yaml", "developer: \"\"\ngates:\n  secrets: {exclude: ['src/**']}\n");
                add_secret(s);
            },
            "git commit -q -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "allow-file",
            "widen .pactkit-secrets-allow",
            Call::Write(".pactkit-secrets-allow", "aws-access-key-id:cbcf24efb2c14759\n"),
            true,
            |s| {
                s.repo.write(".pactkit-secrets-allow", "aws-access-key-id:cbcf24efb2c14759\n");
                add_secret(s);
            },
            "git commit -q -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "agent-settings",
            "remove pactkit's hook from the agent's settings",
            Call::Write(".claude/settings.json", "{}\n"),
            true,
            |s| s.stage(".claude/settings.json", "{}\n"),
            "git commit -q -m 'chore: settings (STORY-001)'",
        ),
        on_branch(
            "inline-allow",
            "an inline `pactkit: allow-secret` comment on the secret",
            Call::Write("src/app.py", "KEY = 'x'  # pactkit: allow-secret\n"),
            false,
            |s| {
                let line = format!("{}  # pactkit: allow-secret\n", secret_line().trim_end());
                s.stage("src/app.py", &line);
            },
            "git commit -q -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "ci-pipeline",
            "take pactkit out of the CI pipeline",
            Call::Write(".github/workflows/ci.yml", "on: [push]\njobs: {}\n"),
            false,
            |s| s.stage(".github/workflows/ci.yml", "on: [push]\njobs: {}\n"),
            "git commit -q -m 'ci: simplify (STORY-001)'",
        ),
        on_branch(
            "add-remove",
            "a secret added, then removed again inside the range",
            Call::Bash("git commit --no-verify -m 'feat(app): key (STORY-001)'"),
            true,
            add_secret,
            "git commit -q --no-verify -m 'feat(app): key (STORY-001)' && echo 'KEY = None' > src/app.py && git commit -q -am 'fix(app): drop the key (STORY-001)'",
        ),
        on_branch(
            "done-spec",
            "delete a Done spec",
            Call::Bash("git rm docs/specs/STORY-000.md"),
            false,
            nothing,
            "git rm -q docs/specs/STORY-000.md && git commit -q -m 'docs: tidy (STORY-001)'",
        ),
        on_branch(
            "done-spec-move",
            "move a Done spec out of the specs directory",
            Call::Bash("git mv docs/specs/STORY-000.md docs/STORY-000.md"),
            false,
            nothing,
            "git mv docs/specs/STORY-000.md docs/STORY-000.md && git commit -q -m 'docs: tidy (STORY-001)'",
        ),
        Attempt {
            id: "fixup",
            class: "fixup! commits merged into a protected branch",
            call: Call::Bash("git commit --fixup HEAD"),
            agent_class: false,
            prepare: add_notes,
            act: "git commit -q -m 'fixup! chore: init'",
            check_args: PR,
            push: PUSH,
        },
        Attempt {
            id: "forged-merge",
            class: "a merge header on a plain commit, which commitlint would not lint",
            call: Call::Bash("git commit -m \"Merge branch 'x' into main\""),
            agent_class: false,
            prepare: add_notes,
            act: "git commit -q -m \"Merge branch 'x' into main\"",
            check_args: PR,
            push: PUSH,
        },
        Attempt {
            id: "push-main",
            class: "push straight to main, skipping pre-push",
            call: Call::Bash("git push --no-verify origin HEAD:main"),
            agent_class: true,
            prepare: add_notes,
            act: "git commit -q -m 'docs: notes (STORY-001)'",
            check_args: PUSH_MAIN,
            push: "git push -q --no-verify origin HEAD:main",
        },
        Attempt {
            id: "send-pack",
            class: "git send-pack to main (no pre-push hook at all)",
            call: Call::Bash("git send-pack ../server.git HEAD:refs/heads/main"),
            agent_class: true,
            prepare: add_notes,
            act: "git commit -q -m 'docs: notes (STORY-001)'",
            check_args: PUSH_MAIN,
            push: "git send-pack ../server.git HEAD:refs/heads/main",
        },
        on_branch(
            "bad-payload",
            "a hook payload that is not strict JSON (a lone surrogate)",
            Call::Raw(b"{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"git commit --no-verify -m x\\ud800\"}}"),
            true,
            add_secret,
            "git commit -q --no-verify -m 'feat(app): settings (STORY-001)'",
        ),
        on_branch(
            "forged-index",
            "an index written by hand: entries as HEAD, a cache-tree naming a tree with the secret (git commits that tree)",
            Call::Write(".git/index", "DIRC"),
            true,
            add_secret,
            FORGED_INDEX,
        ),
        on_branch(
            "shadowed-object",
            "a loose object file under the packed secret's id, holding harmless content (git reads packs first and commits the secret)",
            Call::Write(
                ".git/objects/5a/3e8ba0b6f7c3ba5d5b3e8e2e0d4e4c8e6f1a2b3c",
                "x",
            ),
            true,
            add_secret,
            SHADOWED_OBJECT,
        ),
        on_branch(
            "shadowed-commit",
            "a loose file under the packed HEAD commit's id holding a commit whose pactkit.yaml excludes the secret's folder (the contract is read from HEAD)",
            Call::Write(
                ".git/objects/5a/3e8ba0b6f7c3ba5d5b3e8e2e0d4e4c8e6f1a2b3c",
                "x",
            ),
            true,
            add_secret,
            SHADOWED_COMMIT,
        ),
        on_branch(
            "replace-ref",
            "a replacement ref (`git replace`) showing harmless text for the packed secret's blob (git commits and pushes the secret)",
            Call::Bash("git replace -f 5a3e8ba0b6f7c3ba5d5b3e8e2e0d4e4c8e6f1a2b 6b3e8ba0b6f7c3ba5d5b3e8e2e0d4e4c8e6f1a2b"),
            true,
            add_secret,
            REPLACE_REF,
        ),
        Attempt {
            push: "rm -f $(cat .git/forged-pack).* && git push -q --no-verify origin feature/STORY-001",
            ..on_branch(
                "forged-pack",
                "a second pack whose index names the packed secret's id but holds harmless content (git does not hash what it reads; the push must carry the secret)",
                Call::Write(".git/objects/pack/pack-5a3e8ba0b6f7c3ba5d5b3e8e2e0d4e4c8e6f1a2b.idx", "x"),
                true,
                add_secret,
                FORGED_PACK,
            )
        },
    ]
}

/// Splices the cache-tree of a tree with the staged secret onto an index whose entries are
/// HEAD's, then commits: `git diff --cached` shows nothing, `git commit --allow-empty`
/// writes the secret's tree.
const FORGED_INDEX: &str = "X=$(git write-tree) && git read-tree HEAD \
    && GIT_INDEX_FILE=.git/forged git read-tree $X \
    && a=$(grep -obUa TREE .git/index | tail -n 1 | cut -d: -f1) \
    && b=$(grep -obUa TREE .git/forged | tail -n 1 | cut -d: -f1) \
    && { head -c $a .git/index; tail -c +$((b + 1)) .git/forged; } > .git/index.new \
    && mv .git/index.new .git/index \
    && test -z \"$(git diff --cached --name-only)\" \
    && git commit -q --allow-empty -m 'chore: tidy (STORY-001)'";

/// Packs the staged secret alone and removes its loose file, then copies a harmless
/// blob's loose file to the secret's id: `git cat-file` still shows the secret (git reads
/// packs first), while gix, as long as nothing it looked up was packed, reads the loose
/// file first.
const SHADOWED_OBJECT: &str = "X=$(git rev-parse :src/app.py) \
    && x=.git/objects/$(echo $X | cut -c1-2)/$(echo $X | cut -c3-) \
    && echo $X | git pack-objects -q .git/objects/pack/pack >/dev/null && rm -f $x \
    && Y=$(echo 'harmless = 1' | git hash-object -w --stdin) \
    && y=.git/objects/$(echo $Y | cut -c1-2)/$(echo $Y | cut -c3-) \
    && cp $y $x \
    && git cat-file -p $X | grep -q AKIA \
    && git commit -q -m 'feat(app): settings (STORY-001)'";

/// Packs everything, then writes a commit whose tree is HEAD's with a pactkit.yaml that
/// excludes `src/` from the secrets gate, and copies its loose file to HEAD's id: git still
/// reads HEAD from the pack, a reader that looks at loose files first reads the weakened
/// contract.
const SHADOWED_COMMIT: &str = "git gc -q && H=$(git rev-parse HEAD) \
    && W=$(printf 'gates:\\n  secrets: {exclude: [src/**]}\\n' | git hash-object -w --stdin) \
    && GIT_INDEX_FILE=.git/weak git read-tree HEAD \
    && GIT_INDEX_FILE=.git/weak git update-index --cacheinfo 100644,$W,pactkit.yaml \
    && T=$(GIT_INDEX_FILE=.git/weak git write-tree) && C=$(git commit-tree $T -m weak) \
    && h=.git/objects/$(echo $H | cut -c1-2)/$(echo $H | cut -c3-) \
    && c=.git/objects/$(echo $C | cut -c1-2)/$(echo $C | cut -c3-) \
    && mkdir -p ${h%/*} && cp $c $h \
    && test \"$(git rev-parse HEAD^{tree})\" != \"$T\" \
    && git cat-file -p $W | grep -q exclude \
    && git commit -q -m 'feat(app): settings (STORY-001)'";

/// Packs the staged secret alone (a loose file would be read by its id, whatever replaces
/// it), then makes `refs/replace/<secret>` name a harmless blob: `git cat-file` and every
/// reader that honours replacements show the harmless text, while the commit's tree, its
/// pack and the push carry the secret. (The server's hook reads a push through an object
/// store without replacements: `server_hook::replacement_refs_on_the_server_…`.)
const REPLACE_REF: &str = "X=$(git rev-parse :src/app.py) \
    && x=.git/objects/$(echo $X | cut -c1-2)/$(echo $X | cut -c3-) \
    && echo $X | git pack-objects -q .git/objects/pack/pack >/dev/null && rm -f $x \
    && Y=$(echo 'harmless = 1' | git hash-object -w --stdin) \
    && git replace -f $X $Y \
    && ! git cat-file -p $X | grep -q AKIA \
    && GIT_NO_REPLACE_OBJECTS=1 git cat-file -p $X | grep -q AKIA \
    && git commit -q -m 'feat(app): settings (STORY-001)'";

/// Packs the staged secret alone, then packs a harmless blob alone and rewrites that
/// pack's index to name the secret's id (the fan-out table and the one id), and makes it
/// the newer pack: git, which reads the newest pack first and hashes nothing it reads,
/// shows the harmless text; a push of the commit must carry the secret (the server
/// hashes every object), so the push removes the forged pack first.
const FORGED_PACK: &str = "X=$(git rev-parse :src/app.py) \
    && x=.git/objects/$(echo $X | cut -c1-2)/$(echo $X | cut -c3-) \
    && A=$(echo $X | git pack-objects .git/objects/pack/pack) && rm -f $x \
    && touch -d '2001-01-01' .git/objects/pack/pack-$A.* \
    && Y=$(echo 'harmless = 1' | git hash-object -w --stdin) \
    && y=.git/objects/$(echo $Y | cut -c1-2)/$(echo $Y | cut -c3-) \
    && B=$(echo $Y | git pack-objects .git/objects/pack/pack) && rm -f $y \
    && echo .git/objects/pack/pack-$B > .git/forged-pack \
    && chmod u+w .git/objects/pack/pack-$B.idx && python3 -c \"import sys; x, i = bytes.fromhex(sys.argv[1]), sys.argv[2]; \
d = bytearray(open(i, 'rb').read()); \
d[8:1032] = b''.join((1 if n >= x[0] else 0).to_bytes(4, 'big') for n in range(256)); \
d[1032:1032 + len(x)] = x; open(i, 'wb').write(d)\" $X .git/objects/pack/pack-$B.idx \
    && git cat-file -p $X | grep -q harmless \
    && git commit -q -m 'feat(app): settings (STORY-001)'";

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    id: &'static str,
    class: &'static str,
    agent: bool,
    git_hooks: bool,
    check: bool,
    server: bool,
}

fn agent_refuses(scene: &Scene, call: &Call) -> bool {
    let cwd = serde_json::to_string(&scene.root().display().to_string()).expect("json");
    let payload = match call {
        Call::Bash(cmd) => format!(
            "{{\"tool_name\":\"Bash\",\"tool_input\":{{\"command\":{}}},\"cwd\":{cwd}}}",
            serde_json::to_string(cmd).expect("json")
        ),
        Call::Write(path, content) => format!(
            "{{\"tool_name\":\"Write\",\"tool_input\":{{\"file_path\":{},\"content\":{}}},\"cwd\":{cwd}}}",
            serde_json::to_string(&scene.root().join(path).display().to_string()).expect("json"),
            serde_json::to_string(content).expect("json")
        ),
        Call::Raw(bytes) => String::from_utf8_lossy(bytes).into_owned(),
    };
    let out = scene
        .repo
        .pactkit_stdin(&["hooks", "agent", "run", "claude"], &payload);
    code(&out) == 2
}

fn run(attempt: &Attempt) -> Row {
    let scene = Scene::new();
    let agent = agent_refuses(&scene, &attempt.call);
    (attempt.prepare)(&scene);
    let before = scene.head();
    scene.shell(attempt.act);
    let git_hooks = scene.head() == before;
    if git_hooks {
        // Stopped locally: the agent would go on with a hookless commit.
        scene.repo.git(&["add", "-A"]);
        scene.repo.git(&[
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "feat(app): settings (STORY-001)",
        ]);
    }
    let mut args = vec![
        "check",
        "--from-ref",
        scene.base.as_str(),
        "--to-ref",
        "HEAD",
    ];
    for gate in ["commit-msg", "branch", "spec", "secrets"] {
        args.extend(["--gate", gate]);
    }
    args.extend(attempt.check_args);
    // Blocked (1), or the range's objects could not be judged (3): either fails the job.
    let check = matches!(code(&scene.repo.pactkit(&args)), 1 | 3);
    let pushed = scene.shell(attempt.push);
    let server = stderr(&pushed).contains("pre-receive hook declined");
    assert!(
        server || pushed.status.success(),
        "{}: the push failed for another reason: {}",
        attempt.id,
        render(&pushed)
    );
    Row {
        id: attempt.id,
        class: attempt.class,
        agent,
        git_hooks,
        check,
        server,
    }
}

fn table(rows: &[Row]) -> String {
    let mark = |b: bool| if b { "caught" } else { "—" };
    let mut out = String::from(
        "| id | bypass class | agent hook | git hooks | check (CI) | pre-receive |\n|---|---|---|---|---|---|\n",
    );
    for r in rows {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            r.id,
            r.class,
            if r.agent { "refused" } else { "—" },
            if r.git_hooks { "blocked" } else { "—" },
            mark(r.check),
            mark(r.server)
        ));
    }
    out
}

#[test]
fn every_bypass_is_caught_where_the_agent_cannot_reach() {
    let attempts = attempts();
    let rows: Vec<Row> = attempts.iter().map(run).collect();
    let rendered = table(&rows);
    for (attempt, row) in attempts.iter().zip(&rows) {
        assert!(
            row.check || row.server,
            "{}: neither CI nor the server hook caught it\n{rendered}",
            row.id
        );
        if attempt.agent_class {
            assert!(
                row.agent,
                "{}: the agent hook allowed it\n{rendered}",
                row.id
            );
        }
    }
    let doc_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC);
    let doc = std::fs::read_to_string(&doc_path).unwrap_or_default();
    let block = format!("{START}\n{rendered}{END}");
    let current = doc
        .find(START)
        .and_then(|s| doc[s..].find(END).map(|e| &doc[s..s + e + END.len()]));
    #[expect(clippy::disallowed_methods, reason = "the test's own switch")]
    let bless = std::env::var_os("PACTKIT_BLESS").is_some();
    if bless {
        let updated = match current {
            Some(old) => doc.replace(old, &block),
            None => format!("{doc}\n{block}\n"),
        };
        std::fs::write(&doc_path, updated).expect("write the threat model");
        return;
    }
    assert_eq!(
        current,
        Some(block.as_str()),
        "{DOC} disagrees with the matrix; after a deliberate change run `PACTKIT_BLESS=1 cargo test threat_matrix`"
    );
}
