//! One test per stall issue 13 named, each on its own: the playbook is rendered by the real
//! binary (`pactkit init --project --format …` in a temporary repository), the instruction
//! the stall was about is taken out of it, and — where it is a command — run, in the
//! playbook's order, against a real repository with pactkit's git hooks installed. The
//! assertion is the outcome an agent following the text needs (a commit the hooks accept,
//! a clean tree, a push that reaches the remote). The few "smaller" items that are pure
//! prose assert the rendered rule itself.
//!
//! Every test here failed on the main before the fixes (45bd1bb); the evidence table is in
//! the commit that added them. The whole story, in order, is `journey.rs`.

use crate::common::fixtures::shop::{self, GITIGNORE, PRICING, PYPROJECT, TESTS};
use crate::common::*;
use std::path::PathBuf;
use std::process::{Command, Output};

/// The story every test uses, and its spec as Plan leaves it.
const ID: &str = "STORY-001";

/// What Done stages: the work, the spec, the test cases and the board.
const DONE_FILES: &str =
    "src tests docs/specs/STORY-001.md docs/test_cases docs/product/sprint_board.md";

/// A spec with every section filled, as Plan (or Hotfix) leaves it.
fn spec(id: &str, status: &str, release: &str) -> String {
    shop::filled_spec(id, "Bulk discount", status, release, "Ten items")
}

/// A rendered playbook as an agent reads it: whitespace runs collapsed, and its code spans
/// (the commands it tells the agent to run) in order.
struct Book {
    name: String,
    text: String,
}

impl Book {
    fn spans(&self) -> Vec<String> {
        self.text
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    /// The first span that starts with `prefix`.
    fn span(&self, prefix: &str) -> String {
        self.spans()
            .into_iter()
            .find(|s| s.starts_with(prefix))
            .unwrap_or_else(|| panic!("{}: no step `{prefix}…`", self.name))
    }

    /// Asserts that the rendered text states `rule` (whitespace-insensitive).
    #[track_caller]
    fn states(&self, rule: &str) {
        let rule = rule.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            self.text.contains(&rule),
            "{} does not say: {rule}",
            self.name
        );
    }
}

/// A commit message an agent is told to use without the `git commit` around it
/// (`fix(<scope>): <summary>`, `<type>(<scope>): <summary>`): the agent commits with it.
fn commit_message(span: &str) -> bool {
    let Some((head, _)) = span.split_once("): ") else {
        return false;
    };
    let Some((kind, _)) = head.split_once('(') else {
        return false;
    };
    kind == "<type>" || (!kind.is_empty() && kind.bytes().all(|b| b.is_ascii_lowercase()))
}

/// A Python project with pactkit set up as `init --project` leaves it, committed, then the
/// hooks installed (so the set-up itself is not what is judged).
struct Project {
    repo: TestRepo,
    format: &'static str,
    vars: Vec<(&'static str, String)>,
    remote: Option<PathBuf>,
}

impl Project {
    fn new(format: &'static str) -> Project {
        Project::build(format, false)
    }

    /// With a bare remote `origin` whose `main` has the set-up commit.
    fn with_remote(format: &'static str) -> Project {
        Project::build(format, true)
    }

    fn build(format: &'static str, remote: bool) -> Project {
        let repo = TestRepo::new();
        repo.write("pyproject.toml", PYPROJECT)
            .write(".gitignore", GITIGNORE)
            .write("src/shop/__init__.py", "");
        assert_code(&repo.pactkit(&["init", "--project", "--format", format]), 0);
        // Init's own context, committed with the set-up as its playbook does.
        assert_code(&repo.pactkit(&["context"]), 0);
        repo.commit_all("chore: set up pactkit");
        let remote = remote.then(|| {
            let bare = bare_origin(&repo);
            repo.git(&["push", "-q", "--no-verify", "-u", "origin", "main"]);
            bare
        });
        assert_code(&repo.pactkit(&["hooks", "install"]), 0);
        Project {
            repo,
            format,
            vars: vec![("ID", ID.into()), ("target", "main".into())],
            remote,
        }
    }

    fn set(&mut self, key: &'static str, value: &str) {
        self.vars.retain(|(k, _)| *k != key);
        self.vars.push((key, value.to_owned()));
    }

    /// The rendered command `name` of this project's format.
    fn command(&self, name: &str) -> Book {
        let rel = match self.format {
            "classic" => format!(".claude/commands/{name}.md"),
            "opencode" => format!(".opencode/commands/{name}.md"),
            _ => format!(".codex/skills/{name}/SKILL.md"),
        };
        self.book(&rel)
    }

    /// The rendered skill `name`.
    fn skill(&self, name: &str) -> Book {
        let rel = [
            ".claude/skills",
            ".opencode/skills",
            ".codex/skills",
            ".agents/skills",
        ]
        .iter()
        .map(|dir| format!("{dir}/{name}/SKILL.md"))
        .find(|rel| self.repo.path(rel).is_file())
        .unwrap_or_else(|| panic!("skill {name} not deployed"));
        self.book(&rel)
    }

    fn book(&self, rel: &str) -> Book {
        let raw = std::fs::read_to_string(self.repo.path(rel))
            .unwrap_or_else(|e| panic!("rendered {rel}: {e}"));
        Book {
            name: rel.to_owned(),
            text: raw.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    /// `span` with its placeholders filled: `literal` replacements first, then `<key>`s.
    fn fill(&self, span: &str, literal: &[(&str, &str)]) -> String {
        let mut line = span.to_owned();
        for (text, value) in literal {
            line = line.replace(text, value);
        }
        for (key, value) in &self.vars {
            line = line.replace(&format!("<{key}>"), value);
        }
        line
    }

    /// Runs a command line (words, double-quoted strings) in the project.
    fn shell(&self, line: &str) -> Output {
        self.repo.run_line(line)
    }

    /// Runs `line`, asserting it succeeds; names the playbook in the failure.
    #[track_caller]
    fn ok(&self, book: &str, line: &str) -> Output {
        let out = self.shell(line);
        assert_eq!(
            code(&out),
            0,
            "{book}: `{line}` exited {}:\n{}",
            code(&out),
            render(&out)
        );
        out
    }

    /// Runs, in the playbook's order, every span that starts with one of `kinds` and every
    /// bare commit message (as `git add -A` and a commit with it and `Refs: <ID>`).
    /// `before` sees each span first (to make the file edits an agent makes there).
    /// Each step must succeed.
    fn follow(
        &self,
        book: &Book,
        kinds: &[&str],
        literal: &[(&str, &str)],
        mut before: impl FnMut(&str),
    ) {
        for span in book.spans() {
            if commit_message(&span) && !span.starts_with("git ") {
                before(&span);
                let message = self.fill(&span, literal);
                self.ok(&book.name, "git add -A");
                let id = self.fill("<ID>", &[]);
                let line = if self.repo.path(&format!("docs/specs/{id}.md")).is_file() {
                    format!("git commit -m \"{message}\" -m \"Refs: {id}\"")
                } else {
                    format!("git commit -m \"{message}\"")
                };
                self.ok(&book.name, &line);
            } else if kinds.iter().any(|k| span.starts_with(k)) {
                before(&span);
                let line = self.fill(&span, literal);
                self.ok(&book.name, &line);
            }
        }
    }

    /// Design committed on main, then Act done on the story branch: the spec In Progress,
    /// tests and code written and staged (what `/project-done` starts from).
    fn after_act(&self) {
        self.repo
            .write(&format!("docs/specs/{ID}.md"), &spec(ID, "Draft", "0.2.0"));
        self.ok(
            "set-up",
            &format!("pactkit board add {ID} \"Bulk discount\" \"Failing tests|Code|Docs\""),
        );
        self.ok("set-up", "git add docs");
        self.ok("set-up", "git commit -q -m \"docs: design the shop\"");
        self.ok("set-up", &format!("git switch -q -c feature/{ID}"));
        self.ok("set-up", &format!("pactkit board move {ID} in-progress"));
        self.ok("set-up", &format!("pactkit spec-status {ID} in-progress"));
        self.repo
            .write("tests/test_pricing.py", TESTS)
            .write("src/shop/pricing.py", PRICING);
        self.ok("set-up", &format!("pactkit scaffold testcase {ID}"));
        // Act ticks its tasks; Docs too, so that Done's own steps are all that is left.
        for task in ["Failing tests", "Code", "Docs"] {
            self.ok(
                "set-up",
                &format!("pactkit board update-task {ID} \"{task}\""),
            );
        }
        self.ok("set-up", "git add -A");
    }

    /// After Act, with the commit message's parts set: where `/project-done` starts.
    /// Returns its playbook.
    fn ready_for_done(&mut self) -> Book {
        self.after_act();
        let done = self.command("project-done");
        for (key, value) in [
            ("type", "feat"),
            ("scope", "pricing"),
            ("summary", "add the bulk discount"),
        ] {
            self.set(key, value);
        }
        done
    }

    /// The spec's Status in the work tree, or at `rev` when given.
    fn status(&self, rev: Option<&str>) -> String {
        let text = match rev {
            Some(rev) => self
                .repo
                .git(&["show", &format!("{rev}:docs/specs/{ID}.md")]),
            None => self.repo.read(&format!("docs/specs/{ID}.md")),
        };
        text.lines()
            .find_map(|l| l.strip_prefix("| Status | "))
            .map(|s| s.trim_end_matches(" |").to_owned())
            .unwrap_or_default()
    }

    fn remote_refs(&self) -> String {
        let remote = self.remote.as_ref().expect("a remote");
        let out = Command::new("git")
            .arg("-C")
            .arg(remote)
            .arg("show-ref")
            .output()
            .expect("show-ref");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn assert_clean(&self, when: &str) {
        let status = self.repo.git(&["status", "--porcelain"]);
        assert!(
            status.is_empty(),
            "{when}: the tree is not clean:\n{status}"
        );
    }
}

/// A bare repository beside the work tree as `origin` (its default branch `main`).
fn bare_origin(repo: &TestRepo) -> PathBuf {
    let bare = repo.temp().join("remote.git");
    let path = bare.to_string_lossy().into_owned();
    repo.git(&["init", "-q", "--bare", "-b", "main", &path]);
    repo.git(&["remote", "add", "origin", &path]);
    bare
}

/// The Release an agent writes following Plan's rule, or None where the rule lets it
/// leave TBD (so Done or Release fills it later).
fn release_per_plan(plan: &Book, manifest_version: &str) -> Option<String> {
    let allows_tbd = plan.text.contains("leave it for Done")
        || plan.text.contains("TBD is the only finding you may leave");
    let names_manifest =
        plan.text.contains("pyproject.toml") && plan.text.contains("0.1.0 → 0.2.0");
    if allows_tbd || !names_manifest {
        return None;
    }
    let mut parts = manifest_version.split('.');
    let major = parts.next().unwrap_or("0");
    let minor: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    Some(format!("{major}.{}.0", minor + 1))
}

#[test]
fn plan_sets_release_from_the_manifest_so_act_can_start() {
    if !tools::require(&tools::PYTEST) {
        return;
    }
    let p = Project::new("classic");
    let plan = p.command("project-plan");
    let act = p.command("project-act");
    let release = release_per_plan(&plan, "0.1.0").unwrap_or_else(|| "TBD".into());
    p.repo
        .write(&format!("docs/specs/{ID}.md"), &spec(ID, "Draft", &release));
    // Act's first steps stop on any spec-lint error (E008: Release TBD).
    p.ok(&act.name, &p.fill(&act.span("pactkit spec-lint"), &[]));
    p.ok(&act.name, &p.fill(&act.span("pactkit spec-status"), &[]));
    assert_eq!(p.status(None), "In Progress");
    // The work of the story, committed through the hooks under that spec.
    p.repo
        .write("tests/test_pricing.py", TESTS)
        .write("src/shop/pricing.py", PRICING);
    p.ok("the work", "git add -A");
    p.ok(
        "the work",
        &format!("git commit -m \"feat(pricing): add the bulk discount\" -m \"Refs: {ID}\""),
    );
    assert_eq!(release, "0.2.0");
}

#[test]
fn done_commits_the_work_in_progress_then_the_done_transition() {
    if !tools::require(&tools::PYTEST) {
        return;
    }
    let mut p = Project::new("classic");
    let done = p.ready_for_done();
    p.follow(
        &done,
        &[
            "pactkit spec-status",
            "pactkit board move",
            "pactkit board archive",
            "git add",
            "git commit",
        ],
        &[("<files>", DONE_FILES)],
        |_| {},
    );
    assert_eq!(p.status(None), "Done");
    assert_eq!(
        p.status(Some("HEAD")),
        "Done",
        "the Done transition is committed"
    );
    let work = p
        .repo
        .git(&["log", "--format=%H", "--", "src/shop/pricing.py"]);
    let work = work.lines().next().expect("the code is committed");
    assert_eq!(
        p.status(Some(work)),
        "In Progress",
        "the code is committed under In Progress"
    );
}

#[test]
fn hotfix_commits_the_fix_before_marking_its_new_spec_done() {
    if !tools::require(&tools::PYTEST) {
        return;
    }
    let mut p = Project::new("classic");
    p.repo.write("src/shop/pricing.py", PRICING);
    p.repo.commit_all("feat(pricing): add the bulk discount");
    let hotfix = p.command("project-hotfix");
    let id = stdout(&p.ok(&hotfix.name, &hotfix.span("pactkit next-id")))
        .trim()
        .to_owned();
    for (key, value) in [
        ("ID", id.as_str()),
        ("title", "Odd prices lose their cents"),
        ("scope", "pricing"),
        ("summary", "keep the cents"),
    ] {
        p.set(key, value);
    }
    let files = format!("src tests docs/specs/{id}.md docs/product/sprint_board.md");
    let fixed = "def bulk_discount(price, quantity):\n    if quantity >= 10:\n        return price * 0.9\n    return price\n";
    let regression = "from shop.pricing import bulk_discount\n\n\ndef test_ac1_cents_kept():\n    assert bulk_discount(15, 10) == 13.5\n";
    let (mut spec_written, mut fixed_yet) = (false, false);
    p.follow(
        &hotfix,
        &[
            "pactkit scaffold spec",
            "pactkit spec-lint",
            "pactkit board add",
            "pactkit board move",
            "pactkit spec-status",
            "pactkit scaffold branch",
            "pactkit board archive",
            "git add",
            "git commit",
        ],
        &[("<files>", &files)],
        |span| {
            if span.starts_with("pactkit spec-lint") && !spec_written {
                p.repo
                    .write(&format!("docs/specs/{id}.md"), &spec(&id, "Draft", "0.1.1"));
                spec_written = true;
            }
            if span.starts_with("pactkit spec-status") && span.ends_with(" done") {
                // Both versions tell the agent to tick the tasks around this step.
                for task in ["Regression test", "Fix", "Verify"] {
                    p.ok(
                        "the tasks",
                        &format!("pactkit board update-task {id} \"{task}\""),
                    );
                }
            }
            let commits = span.starts_with("git add") || commit_message(span);
            if commits && !fixed_yet {
                p.repo
                    .write("tests/test_hotfix.py", regression)
                    .write("src/shop/pricing.py", fixed);
                fixed_yet = true;
            }
        },
    );
    let spec = p.repo.git(&["show", &format!("HEAD:docs/specs/{id}.md")]);
    assert!(spec.contains("| Status | Done |"), "{spec}");
    let log = p.repo.git(&["log", "--format=%s", "main..HEAD"]);
    assert!(
        log.lines().count() >= 2,
        "the fix, then the Done transition:\n{log}"
    );
}

#[test]
fn pr_checks_a_finished_story_branch_commit_by_commit() {
    if !tools::require(&tools::PYTEST) {
        return;
    }
    let p = Project::new("classic");
    p.after_act();
    // The finished branch as Done leaves it: the work under In Progress, then Done.
    p.ok(
        "set-up",
        &format!("git commit -q -m \"feat(pricing): add the bulk discount\" -m \"Refs: {ID}\""),
    );
    p.ok("set-up", &format!("pactkit spec-status {ID} done"));
    p.ok("set-up", &format!("pactkit board move {ID} done"));
    p.ok("set-up", "git add docs");
    p.ok("set-up", &format!("git commit -q -m \"docs({ID}): done\""));
    let pr = p.command("project-pr");
    let check = p.fill(&pr.span("pactkit check --from-ref"), &[]);
    p.ok(&pr.name, &check);
    // What CI blocks in a pull request into the protected main, the PR check blocks too:
    // an unsquashed fixup! commit (local hooks accept it on a story branch).
    p.ok(
        "set-up",
        &format!("git switch -q -c feature/{ID}-fixup HEAD~1"),
    );
    p.repo.write(
        "src/shop/pricing.py",
        &PRICING.replace("9 // 10", "90 // 100"),
    );
    p.ok("set-up", "git add src");
    p.ok(
        "set-up",
        "git commit -q -m \"fixup! feat(pricing): add the bulk discount\"",
    );
    let out = p.shell(&check);
    assert!(
        code(&out) != 0 && render(&out).contains("fixup-commit"),
        "`{check}` passes a branch CI blocks in a pull request into main:\n{}",
        render(&out)
    );
}

#[test]
fn done_leaves_a_clean_tree_with_the_context_committed() {
    if !tools::require(&tools::PYTEST) {
        return;
    }
    let mut p = Project::new("classic");
    let done = p.ready_for_done();
    // The spec and board transitions are the commit-order test's; here the context.
    p.follow(
        &done,
        &["pactkit context --continuation", "git add", "git commit"],
        &[("<files>", DONE_FILES)],
        |_| {},
    );
    p.assert_clean("after /project-done");
    let context = p.repo.git(&["show", "HEAD:docs/product/context.md"]);
    assert!(context.contains("/project-done STORY-001"), "{context}");
}

#[test]
fn check_records_its_verdict_where_done_reads_it() {
    let p = Project::new("classic");
    let check = p.command("project-check");
    let done = p.command("project-done");
    let record = p.fill(&check.span("pactkit context --continuation"), &[]);
    p.ok(&check.name, &record);
    let context = p.repo.read("docs/product/context.md");
    assert!(
        context.contains(&format!("Last Command: /project-check {ID}"))
            && context.contains("Blockers: none"),
        "{record} records a PASS a new session can verify:\n{context}"
    );
    done.states("`Last Command: /project-check <ID>` and `Blockers: none`");
}

#[test]
fn init_gives_guard_an_empty_repository_it_passes() {
    let p = Project::new("classic");
    let design = p.command("project-design");
    p.ok(&design.name, &design.span("pactkit guard"));
    assert!(p.repo.path("docs/architecture/graphs").is_dir());
}

#[test]
fn init_writes_the_lessons_done_appends_to() {
    let mut p = Project::new("classic");
    let done = p.command("project-done");
    p.set(
        "lesson",
        "src/shop/pricing.py: bulk_discount uses integer maths",
    );
    p.ok(
        &done.name,
        &p.fill(&done.span("pactkit lesson-append"), &[]),
    );
    let lessons = p.repo.read("docs/architecture/governance/lessons.md");
    assert!(lessons.contains("integer maths"), "{lessons}");
}

#[test]
fn init_writes_the_test_count_line_done_refreshes() {
    let mut p = Project::new("classic");
    let done = p.command("project-done");
    p.set("number of tests in the suite", "7");
    p.ok(
        &done.name,
        &p.fill(&done.span("pactkit invariants-refresh"), &[]),
    );
    let rules = p.repo.read("docs/architecture/governance/rules.md");
    assert!(rules.contains("All 7+ tests must pass"), "{rules}");
}

#[test]
fn done_gets_a_coverage_report_from_the_command_the_gate_names() {
    if !tools::require(&tools::PYTEST_COV) {
        return;
    }
    let p = Project::new("classic");
    p.repo
        .write("tests/test_pricing.py", TESTS)
        .write("src/shop/pricing.py", PRICING);
    let done = p.command("project-done");
    let gate = p.fill(
        &done.span("pactkit coverage-gate"),
        &[("<changed source files>", "src/shop/pricing.py")],
    );
    let first = p.ok(&done.name, &gate);
    let hint = stderr(&first);
    let report = hint
        .split("write a report with `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| {
            panic!(
                "`{gate}` names no command for the missing report:\n{}",
                render(&first)
            )
        });
    p.ok("coverage-gate's hint", report);
    let second = p.ok(&done.name, &gate);
    assert!(
        stdout(&second).contains("Verdict: pass"),
        "{}",
        render(&second)
    );
}

#[test]
fn release_reaches_the_default_branch_through_a_release_branch() {
    // The pre-push hook's regression gate runs the classic project's pytest suite.
    if !tools::require(&tools::PYTEST) {
        return;
    }
    let mut p = Project::with_remote("classic");
    let main_before = p.repo.git(&["rev-parse", "main"]);
    let skill = p.skill("pactkit-release");
    p.set("version", "0.2.0");
    let mut edited = false;
    p.follow(
        &skill,
        &[
            "git status",
            "git pull",
            "git switch",
            "git add",
            "git commit",
            "git tag",
            "git push",
        ],
        &[],
        |span| {
            if !edited && (span.starts_with("git add") || commit_message(span)) {
                p.repo
                    .write(
                        "CHANGELOG.md",
                        "# Changelog\n\n## 0.2.0\n\n- the bulk discount\n",
                    )
                    .write("pyproject.toml", &PYPROJECT.replace("0.1.0", "0.2.0"));
                edited = true;
            }
        },
    );
    let refs = p.remote_refs();
    assert!(
        refs.contains("refs/tags/v0.2.0"),
        "the tag reaches the remote:\n{refs}"
    );
    assert!(refs.contains("refs/heads/release/v0.2.0"), "{refs}");
    assert!(
        refs.contains(&format!("{} refs/heads/main", main_before.trim())),
        "main moves only by pull request:\n{refs}"
    );
}

#[test]
fn first_push_of_main_to_an_empty_remote_passes_the_branch_gate() {
    // The pre-push hook's regression gate runs the classic project's pytest suite.
    if !tools::require(&tools::PYTEST) {
        return;
    }
    let p = Project::new("classic");
    bare_origin(&p.repo);
    let first = p.shell("git push -u origin main");
    assert_code(&first, 0);
    // Once the remote has a branch, main is protected again.
    p.repo.write("notes.md", "later\n");
    p.ok("set-up", "git add notes.md");
    p.ok("set-up", "git commit -q -m \"docs: notes\"");
    let second = p.shell("git push origin main");
    assert_ne!(code(&second), 0, "{}", render(&second));
    let init = p.command("project-init");
    assert_eq!(init.span("git push"), "git push -u origin <default branch>");
}

#[test]
fn act_caps_fix_attempts_and_leaves_environment_failures_alone() {
    let act = Project::new("classic").command("project-act");
    act.states("If the same test still fails after three attempts at a fix, stop");
    act.states("A missing third-party module, an absent tool or no network");
    act.states("never change code or tests to work around it");
}

#[test]
fn review_reads_the_pull_request_asks_before_fixing_and_batches() {
    let review = Project::new("classic").skill("pactkit-review");
    review.states("`gh pr view <number>` and `gh pr diff <number>`");
    review.states("You review; you do not fix. Change code only when the user asks for it");
    review.states("review in batches of a few files");
}

#[test]
fn check_tables_each_sec_check_and_sec1_to_5_fail_is_p0() {
    let check = Project::new("classic").command("project-check");
    check.states("one row per check SEC-1 to SEC-8");
    check.states("A FAIL in SEC-1 to SEC-5 is P0.");
}

#[test]
fn codex_qa_engineer_may_write_the_verdict_check_records() {
    let p = Project::new("codex");
    let agent = p.repo.read(".codex/agents/qa-engineer.toml");
    let check = p.command("project-check");
    let writes = check.span("pactkit context --continuation");
    assert!(
        !agent.contains("sandbox_mode = \"read-only\""),
        "the qa-engineer runs $project-check, which writes (`{writes}`), in a read-only sandbox:\n{agent}"
    );
}

#[test]
fn release_lint_steps_judge_committed_files_on_a_clean_tree() {
    if !tools::require(&tools::RUFF) {
        return;
    }
    let p = Project::new("classic");
    p.repo.write("src/shop/legacy.py", "import os\n");
    p.repo.commit_all("chore: a lint finding already committed");
    p.assert_clean("before the release gates");
    let skill = p.skill("pactkit-release");
    let steps: Vec<String> = skill
        .spans()
        .into_iter()
        .filter(|s| {
            s == "pactkit lint" || s.starts_with("pactkit lint ") || s.starts_with("pactkit check")
        })
        .collect();
    assert!(!steps.is_empty(), "the release skill names its lint step");
    for step in steps {
        let out = p.shell(&step);
        assert!(
            render(&out).contains("F401"),
            "`{step}` on a clean tree misses the committed finding:\n{}",
            render(&out)
        );
    }
}

#[test]
fn help_spells_in_progress_as_the_playbooks_do() {
    let p = Project::new("classic");
    let act = p.command("project-act");
    assert_eq!(
        act.span("pactkit board move"),
        "pactkit board move <ID> in-progress"
    );
    for args in [&["board", "move", "--help"][..], &["spec-status", "--help"]] {
        let help = stdout(&p.repo.pactkit(args));
        let values: Vec<&str> = help
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("- ") && l.contains(':'))
            .collect();
        assert!(
            values.iter().any(|v| v.starts_with("- in-progress:"))
                && !values
                    .iter()
                    .any(|v| v.contains("in_progress") || v.contains("In Progress:")),
            "pactkit {args:?} lists the values as the playbooks write them:\n{help}"
        );
    }
    let top = stdout(&p.repo.pactkit(&["--help"]));
    assert!(!top.contains("In Progress"), "{top}");
}
