//! One story from Plan to Release, and a hotfix, through the real binary and the real git
//! hooks, command by command as the rendered playbooks say: every `pactkit …` and `git …`
//! step is looked up in the deployed file of its format (Claude Code `/project-x`, OpenCode
//! commands, Codex `$project-x` skills), in order, with its placeholders filled; the file
//! edits an agent would make stand in for the model. No `PACTKIT_SKIP` anywhere.
//!
//! The story runs in full in every format; the hotfix path runs in Claude Code's and, in
//! the other two, each of its steps is looked up in that format's rendering in the same
//! order without being run again (its commands are the same text; running them is what
//! costs: tests, hooks, pushes). Test runs the gates already make are not repeated.
//!
//! A template change that breaks the story (a command that no longer exists, a step a gate
//! blocks, a dirty tree where the next phase needs a clean one) fails here. Each stall issue
//! 13 named is an assertion with its own message.
//!
//! README's "A story from Plan to Release" must name the commands the story ran, in order;
//! `stalls.rs` has one focused test per stall.

use crate::common::fixtures::shop::{self, GITIGNORE, PRICING, PYPROJECT, TESTS};
use crate::common::*;
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A deploy format: what `init --format` takes and how its playbooks name each other.
struct Format {
    init: &'static str,
    /// How one playbook names another: `/` for commands, `$` for Codex skills.
    prefix: &'static str,
    /// Where the rendered command `name` lives.
    command: fn(&str) -> String,
}

const CLAUDE: Format = Format {
    init: "classic",
    prefix: "/",
    command: |name| format!(".claude/commands/{name}.md"),
};
const OPENCODE: Format = Format {
    init: "opencode",
    prefix: "/",
    command: |name| format!(".opencode/commands/{name}.md"),
};
const CODEX: Format = Format {
    init: "codex",
    prefix: "$",
    command: |name| format!(".codex/skills/{name}/SKILL.md"),
};

/// A rendered playbook: its text with whitespace runs collapsed (spans may wrap) and a
/// cursor, so its commands are run in the order it gives them.
struct Playbook {
    name: String,
    text: String,
    cursor: Cell<usize>,
}

impl Playbook {
    fn read(path: &Path) -> Playbook {
        let raw = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("rendered playbook {}: {e}", path.display()));
        Playbook {
            name: path.display().to_string(),
            text: raw.split_whitespace().collect::<Vec<_>>().join(" "),
            cursor: Cell::new(0),
        }
    }

    /// Asserts that `span` is a code span at or after the cursor and moves the cursor there.
    fn step(&self, span: &str) {
        let needle = format!("`{span}`");
        let from = self.cursor.get();
        match self.text[from..].find(&needle) {
            Some(at) => self.cursor.set(from + at),
            None if self.text.contains(&needle) => {
                panic!(
                    "{}: `{span}` comes earlier than the steps already run",
                    self.name
                )
            }
            None => panic!("{}: no step `{span}`", self.name),
        }
    }

    /// The span the playbook names as the next step (`/project-act <ID>` or `$project-act <ID>`).
    fn next_step(&self, format: &Format, command: &str) {
        let needle = format!("`{}{command}", format.prefix);
        assert!(
            self.text.contains(&needle),
            "{}: the next step `{}{command}` is not named",
            self.name,
            format.prefix
        );
    }
}

/// A project with pactkit's hooks and a local bare remote.
struct Journey {
    repo: TestRepo,
    format: &'static Format,
    /// False: the steps are only looked up in the playbook, in order, not run (the hotfix
    /// path of the formats other than the one that runs it).
    execute: bool,
    remote: PathBuf,
    vars: Vec<(&'static str, String)>,
    /// Every command line run so far, for the README's walkthrough.
    ran: RefCell<Vec<String>>,
}

impl Journey {
    fn new(format: &'static Format) -> Journey {
        let repo = TestRepo::new();
        let remote = repo.add_bare_origin("remote.git");
        repo.write("pyproject.toml", PYPROJECT)
            .write(".gitignore", GITIGNORE)
            .write("src/shop/__init__.py", "")
            .commit_all("chore: start the shop");
        Journey {
            repo,
            format,
            execute: true,
            remote,
            vars: vec![("default branch", "main".into()), ("target", "main".into())],
            ran: RefCell::new(Vec::new()),
        }
    }

    fn set(&mut self, key: &'static str, value: &str) {
        self.vars.retain(|(k, _)| *k != key);
        self.vars.push((key, value.to_owned()));
    }

    fn playbook(&self, name: &str) -> Playbook {
        Playbook::read(&self.repo.path(&(self.format.command)(name)))
    }

    /// The release skill as this format deploys it.
    fn skill(&self, name: &str) -> Playbook {
        let path = [
            ".claude/skills",
            ".opencode/skills",
            ".codex/skills",
            ".agents/skills",
        ]
        .iter()
        .map(|dir| self.repo.path(&format!("{dir}/{name}/SKILL.md")))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("skill {name} not deployed"));
        Playbook::read(&path)
    }

    /// Runs the playbook's step `span` with the placeholders filled (`literal` first: text
    /// of the span an agent replaces as a whole); asserts its exit code.
    fn run_with(
        &self,
        book: &Playbook,
        span: &str,
        literal: &[(&str, &str)],
        expected: i32,
    ) -> Output {
        book.step(span);
        let mut line = span.to_owned();
        for (text, value) in literal {
            line = line.replace(text, value);
        }
        for (key, value) in &self.vars {
            line = line.replace(&format!("<{key}>"), value);
        }
        assert!(!line.contains("<ID>"), "unfilled placeholder in {line}");
        if !self.execute {
            use std::os::unix::process::ExitStatusExt;
            return Output {
                status: std::process::ExitStatus::from_raw(expected << 8),
                stdout: Vec::new(),
                stderr: Vec::new(),
            };
        }
        let out = self.shell(&line);
        self.ran.borrow_mut().push(line.clone());
        assert_eq!(
            code(&out),
            expected,
            "{}: `{line}` exited {}:\n{}",
            book.name,
            code(&out),
            render(&out)
        );
        out
    }

    fn run(&self, book: &Playbook, span: &str) -> Output {
        self.run_with(book, span, &[], 0)
    }

    /// The steps Done and Hotfix close a story with: the spec and the board to Done, the
    /// board archived, and the session context recorded for `command`.
    fn close_the_story(&self, book: &Playbook, command: &str) {
        self.run(book, "pactkit spec-status <ID> done");
        self.run(book, "pactkit board move <ID> done");
        self.run(book, "pactkit board archive");
        self.run(
            book,
            &format!(
                "pactkit context --continuation --last-command \"{command} <ID>\" --phase done"
            ),
        );
    }

    /// Runs a command line (words, double-quoted strings) in the project.
    fn shell(&self, line: &str) -> Output {
        self.repo.run_line(line)
    }

    /// The project's tests, as the memory block names them (`pytest`).
    fn pytest(&self, args: &[&str]) -> Output {
        let mut line = String::from("python3 -m pytest -q -p no:cacheprovider");
        for arg in args {
            line.push(' ');
            line.push_str(arg);
        }
        self.shell(&line)
    }

    fn assert_clean(&self, when: &str) {
        let status = self.repo.git(&["status", "--porcelain"]);
        assert!(
            status.is_empty(),
            "{when}: the tree is not clean:\n{status}"
        );
    }

    fn remote_refs(&self) -> String {
        let out = Command::new("git")
            .args(["-C", &self.remote.display().to_string(), "show-ref"])
            .output()
            .expect("show-ref");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// What the forge does when a pull request is merged: a merge commit on the remote's
    /// main, made in a clone without pactkit's hooks (the forge runs none).
    fn forge_merges(&self, branch: &str) {
        let forge = self
            .repo
            .temp()
            .join(format!("forge-{}", branch.replace('/', "-")));
        let git = |dir: &Path, args: &[&str]| {
            let mut cmd = Command::new("git");
            hermetic_env(&mut cmd, self.repo.home());
            let out = cmd.current_dir(dir).args(args).output().expect("git");
            assert_code(&out, 0);
        };
        git(
            self.repo.temp(),
            &[
                "clone",
                "-q",
                &self.remote.display().to_string(),
                &forge.display().to_string(),
            ],
        );
        git(
            &forge,
            &[
                "merge",
                "-q",
                "--no-ff",
                "-m",
                &format!("Merge pull request from {branch}"),
                &format!("origin/{branch}"),
            ],
        );
        git(&forge, &["push", "-q", "origin", "main"]);
    }
}

const TEST_HOTFIX: &str = "from shop.pricing import bulk_discount\n\n\n\
def test_ac1_odd_prices_keep_their_cents():\n    assert bulk_discount(15, 10) == 13.5\n";

const PRICING_FIXED: &str = "def bulk_discount(price, quantity):\n    \
if quantity >= 10:\n        return price * 0.9\n    return price\n";

fn spec_status(repo: &TestRepo, id: &str) -> String {
    let text = repo.read(&format!("docs/specs/{id}.md"));
    text.lines()
        .find_map(|l| l.strip_prefix("| Status | "))
        .map(|s| s.trim_end_matches(" |").to_owned())
        .unwrap_or_default()
}

fn init(j: &mut Journey) {
    let out = j
        .repo
        .pactkit(&["init", "--project", "--format", j.format.init]);
    j.ran.borrow_mut().push("pactkit init --project".into());
    assert_code(&out, 0);
    let book = j.playbook("project-init");
    j.run(&book, "pactkit config check");
    j.run(&book, "pactkit hooks install");
    j.run(&book, "pactkit guard");
    j.run(&book, "pactkit context");
    j.run(&book, "git add -A");
    j.run(&book, "git commit -m \"chore: set up pactkit\"");
    // Stall: the first push of main to an empty remote met the branch gate.
    j.run(&book, "git push -u origin <default branch>");
    book.next_step(j.format, "project-design");
}

fn design(j: &mut Journey) {
    let book = j.playbook("project-design");
    // Stall: guard failed on an empty repository (no graphs folder) and sent Design back to Init.
    j.run(&book, "pactkit guard");
    j.set("product name", "Shop");
    j.run(&book, "pactkit scaffold prd \"<product name>\"");
    let id = stdout(&j.run(&book, "pactkit next-id")).trim().to_owned();
    assert_eq!(id, "STORY-001");
    j.set("ID", &id);
    j.set("title", "Bulk discount");
    j.run(&book, "pactkit scaffold spec <ID> \"<title>\"");
    j.run(&book, "pactkit spec-lint docs/specs/<ID>.md");
    j.run_with(
        &book,
        "pactkit board add <ID> \"<title>\" \"<task>|<task>|…\"",
        &[("<task>|<task>|…", "Failing tests|Code|Docs")],
        0,
    );
    j.run(
        &book,
        "pactkit context --continuation --last-command \"/project-design\" --phase design",
    );
    j.run(&book, "git add docs");
    // Stall: a Draft spec with Release TBD could not be committed.
    j.run(&book, "git commit -m \"docs: design <product name>\"");
    book.next_step(j.format, "project-plan <first ID>");
}

fn plan(j: &mut Journey) {
    let book = j.playbook("project-plan");
    j.run(&book, "pactkit guard");
    j.run(&book, "pactkit board list");
    // The model refines the spec Design wrote: Release is the next version (0.1.0 → 0.2.0).
    let spec = shop::filled_spec("STORY-001", "Bulk discount", "Draft", "0.2.0", "Ten items");
    j.repo.write("docs/specs/STORY-001.md", &spec);
    j.run_with(
        &book,
        "pactkit sec-scope <files you expect to touch>",
        &[("<files you expect to touch>", "src/shop/pricing.py")],
        0,
    );
    let out = j.run(&book, "pactkit spec-lint docs/specs/<ID>.md");
    assert!(
        !render(&out).contains("WARN"),
        "Plan leaves no warning: {}",
        render(&out)
    );
    j.run(
        &book,
        "pactkit context --continuation --last-command \"/project-plan <ID>\" --phase plan",
    );
    book.next_step(j.format, "project-act <ID>");
}

fn act(j: &mut Journey) {
    let book = j.playbook("project-act");
    // Stall: Plan left Release TBD, so this step stopped Act (E008).
    j.run(&book, "pactkit spec-lint docs/specs/<ID>.md");
    j.run(&book, "pactkit board move <ID> in-progress");
    j.run(&book, "pactkit spec-status <ID> in-progress");
    j.run(&book, "pactkit scaffold branch <ID>");
    assert_eq!(
        j.repo.git(&["branch", "--show-current"]).trim(),
        "feature/STORY-001"
    );
    // Red: the tests first, and they fail for the reason the criterion gives.
    j.repo.write("tests/test_pricing.py", TESTS);
    let red = j.pytest(&["tests/test_pricing.py"]);
    assert_ne!(code(&red), 0, "the new tests fail first: {}", render(&red));
    j.set("task", "Failing tests");
    j.run(&book, "pactkit board update-task <ID> <task>");
    // Green: Check's and Done's regression runs of these tests prove it (no third run).
    j.repo.write("src/shop/pricing.py", PRICING);
    let mapped = j.run_with(
        &book,
        "pactkit test-map <changed source files>",
        &[("<changed source files>", "src/shop/pricing.py")],
        0,
    );
    assert!(
        stdout(&mapped).contains("tests/test_pricing.py"),
        "{}",
        render(&mapped)
    );
    j.set("task", "Code");
    j.run(&book, "pactkit board update-task <ID> <task>");
    j.run(&book, "pactkit scaffold testcase <ID>");
    j.run_with(
        &book,
        "git add <files>",
        &[(
            "<files>",
            "src tests docs/specs/STORY-001.md docs/test_cases docs/product/sprint_board.md",
        )],
        0,
    );
    j.run(
        &book,
        "pactkit context --continuation --last-command \"/project-act <ID>\" --phase act",
    );
    book.next_step(j.format, "project-check <ID>");
}

fn check(j: &mut Journey) {
    let book = j.playbook("project-check");
    j.run(&book, "pactkit changes");
    let status = j.run(&book, "git status --short");
    assert!(
        !stdout(&status).contains("?? src") && !stdout(&status).contains("?? tests"),
        "{}",
        render(&status)
    );
    j.run(&book, "pactkit check");
    j.run_with(
        &book,
        "pactkit sec-scope <changed files>",
        &[("<changed files>", "src/shop/pricing.py")],
        0,
    );
    j.run(&book, "pactkit spec-lint docs/specs/<ID>.md");
    j.run(&book, "pactkit lint-testcase docs/test_cases/<ID>_case.md");
    j.run_with(
        &book,
        "pactkit test-map <changed files>",
        &[("<changed files>", "src/shop/pricing.py")],
        0,
    );
    // Stall: the verdict was never recorded, so Done could not verify it.
    j.run(
        &book,
        "pactkit context --continuation --last-command \"/project-check <ID>\" --phase check --blockers none",
    );
    book.next_step(j.format, "project-done <ID>");
}

fn done(j: &mut Journey) {
    let book = j.playbook("project-done");
    let context = j.repo.read("docs/product/context.md");
    assert!(
        context.contains("Last Command: /project-check STORY-001")
            && context.contains("Blockers: none"),
        "Done reads the recorded verdict:\n{context}"
    );
    let regression = j.run(&book, "pactkit regression");
    let command = stdout(&regression)
        .lines()
        .find_map(|l| l.strip_prefix("$ ").map(str::to_owned))
        .unwrap_or_else(|| panic!("regression names the tests to run: {}", render(&regression)));
    let tests = j.shell(&command);
    assert_code(&tests, 0);
    // Stall: Done never produced a coverage report; the gate now names the command.
    let first = j.run_with(
        &book,
        "pactkit coverage-gate <changed source files>",
        &[("<changed source files>", "src/shop/pricing.py")],
        0,
    );
    let hint = stderr(&first);
    let report = hint
        .split("write a report with `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| panic!("coverage-gate says how to get a report: {hint}"))
        .to_owned();
    assert_code(&j.shell(&report), 0);
    let cov = j.repo.pactkit(&["coverage-gate", "src/shop/pricing.py"]);
    assert_code(&cov, 0);
    assert!(stdout(&cov).contains("Verdict: pass"), "{}", render(&cov));
    j.run(&book, "pactkit lint");
    j.run(&book, "pactkit clean");
    j.run(&book, "pactkit visualize --lazy");
    j.run(&book, "pactkit doctor");
    j.run_with(
        &book,
        "git add <files>",
        &[(
            "<files>",
            "src tests docs/specs/STORY-001.md docs/test_cases docs/product/sprint_board.md docs/architecture/graphs",
        )],
        0,
    );
    j.set("type", "feat");
    j.set("scope", "pricing");
    j.set("summary", "add the bulk discount");
    j.run(
        &book,
        "git commit -m \"<type>(<scope>): <summary>\" -m \"Refs: <ID>\"",
    );
    // Stall: lessons.md and the test-count line did not exist.
    j.set(
        "lesson",
        "src/shop/pricing.py: bulk_discount uses integer maths",
    );
    j.run(
        &book,
        "pactkit lesson-append --story <ID> --text \"<lesson>\"",
    );
    j.set("number of tests in the suite", "2");
    j.run(
        &book,
        "pactkit invariants-refresh --test-count <number of tests in the suite>",
    );
    j.run(&book, "pactkit lint-lessons");
    j.run(&book, "pactkit lint-context docs/product/context.md");
    j.set("task", "Docs");
    j.run(&book, "pactkit board update-task <ID> <task>");
    j.close_the_story(&book, "/project-done");
    j.run(
        &book,
        "git add docs/specs/<ID>.md docs/product docs/architecture",
    );
    // Stall: the spec gate blocked the Done transition committed with the code.
    j.run(&book, "git commit -m \"docs(<ID>): done\"");
    // Stall: context was regenerated after the commit and left the tree dirty.
    j.assert_clean("after /project-done");
    book.next_step(j.format, "project-pr");
}

fn pr(j: &mut Journey, branch: &str) {
    let book = j.playbook("project-pr");
    j.assert_clean("before /project-pr");
    j.set("branch", branch);
    // Stall: the two end points of a finished branch were judged, and blocked.
    j.run(
        &book,
        "pactkit check --from-ref <target> --to-ref HEAD --target-ref <target> --pull-request",
    );
    j.run(&book, "pactkit board list --format json");
    j.run(&book, "git push --set-upstream origin <branch>");
    j.assert_clean("after /project-pr");
}

fn release(j: &mut Journey) {
    let book = j.playbook("project-release");
    j.run(&book, "git switch <default branch>");
    j.run(&book, "git pull --ff-only");
    j.run(&book, "pactkit doctor");
    j.set("version", "0.2.0");
    let skill = j.skill("pactkit-release");
    j.run(&skill, "git status");
    j.run(&skill, "git pull --ff-only");
    j.run(&skill, "git switch -c release/v<version>");
    // Its regression gate runs the full suite on this commit: no second run.
    let gates = j.run(&skill, "pactkit check --all-files");
    assert!(
        stdout(&gates).contains("regression  passed") && stderr(&gates).contains("2 passed"),
        "{}",
        render(&gates)
    );
    j.run(&skill, "pactkit backfill-release <version>");
    j.run(&skill, "pactkit board snapshot <version>");
    j.run(&skill, "pactkit board archive");
    j.repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## 0.2.0\n\n### Features\n\n- add the bulk discount (STORY-001)\n",
    );
    j.repo
        .write("pyproject.toml", &PYPROJECT.replace("0.1.0", "0.2.0"));
    j.run(&skill, "git add -A");
    j.run(&skill, "git commit -m \"chore(release): <version>\"");
    j.run(&skill, "git tag -a v<version> -m \"<version>\"");
    // Stall: the release was pushed to the protected default branch.
    j.run(
        &skill,
        "git push --follow-tags -u origin release/v<version>",
    );
    j.assert_clean("after /project-release");
}

/// The hotfix path; with `j.execute` false only its steps are looked up, in order.
fn hotfix(j: &mut Journey) {
    let book = j.playbook("project-hotfix");
    let next = j.run(&book, "pactkit next-id --type hotfix");
    let id = match j.execute {
        true => stdout(&next).trim().to_owned(),
        false => "HOTFIX-001".to_owned(),
    };
    j.set("ID", &id);
    j.set("title", "Odd prices lose their cents");
    j.run(&book, "pactkit scaffold spec <ID> \"<title>\"");
    let spec = shop::filled_spec(
        &id,
        "Odd prices lose their cents",
        "Draft",
        "0.2.1",
        "Cents kept",
    );
    if j.execute {
        j.repo.write(&format!("docs/specs/{id}.md"), &spec);
    }
    j.run(&book, "pactkit spec-lint docs/specs/<ID>.md");
    j.run(
        &book,
        "pactkit board add <ID> \"<title>\" \"Regression test|Fix|Verify\"",
    );
    j.run(&book, "pactkit board move <ID> in-progress");
    j.run(&book, "pactkit spec-status <ID> in-progress");
    j.run(&book, "pactkit scaffold branch <ID>");
    j.run_with(
        &book,
        "pactkit test-map <file to change>",
        &[("<file to change>", "src/shop/pricing.py")],
        0,
    );
    if j.execute {
        j.repo.write("tests/test_hotfix.py", TEST_HOTFIX);
        assert_ne!(
            code(&j.pytest(&["tests/test_hotfix.py"])),
            0,
            "the regression test fails first"
        );
        // Green is the fix commit's regression gate, which runs the tests test-map named.
        j.repo.write("src/shop/pricing.py", PRICING_FIXED);
    }
    j.run_with(
        &book,
        "git add <files>",
        &[(
            "<files>",
            &format!("src tests docs/specs/{id}.md docs/product/sprint_board.md"),
        )],
        0,
    );
    j.set("scope", "pricing");
    j.set("summary", "keep the cents of discounted prices");
    j.run(
        &book,
        "git commit -m \"fix(<scope>): <summary>\" -m \"Refs: <ID>\"",
    );
    for task in ["Regression test", "Fix", "Verify"] {
        j.set("task", task);
        j.run(&book, "pactkit board update-task <ID> <task>");
    }
    // Stall: the hotfix marked a never-committed spec Done before its first commit.
    j.close_the_story(&book, "/project-hotfix");
    j.run(&book, "git add docs/specs/<ID>.md docs/product");
    j.run(&book, "git commit -m \"docs(<ID>): done\"");
    if j.execute {
        j.assert_clean("after /project-hotfix");
    }
    book.next_step(j.format, "project-pr");
}

/// A command's name for comparing sequences: `git add`, `pactkit guard`, `pactkit board move`.
fn command_name(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let n = if words.get(1) == Some(&"board") { 3 } else { 2 };
    words.iter().take(n).copied().collect::<Vec<_>>().join(" ")
}

/// README's "A story from Plan to Release" names the commands the journey ran, in order.
fn assert_readme_walks_the_journey(ran: &[String]) {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let block = readme
        .split("## A story from Plan to Release")
        .nth(1)
        .and_then(|rest| rest.split("```sh\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("README has the walkthrough block");
    let documented: Vec<String> = block
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(|line| line.split(';').flat_map(|part| part.split("&&")))
        .map(str::trim)
        .filter(|cmd| !cmd.is_empty())
        .map(command_name)
        .collect();
    let ran: Vec<String> = ran.iter().map(|line| command_name(line)).collect();
    assert_eq!(
        documented, ran,
        "README's walkthrough (left) differs from the journey (right)"
    );
}

/// The whole story in one format, then the hotfix path: run in full for `run_hotfix`,
/// otherwise its steps are only looked up in this format's rendering (the commands are
/// the same, and running them once is the expensive part: tests, hooks, pushes).
fn journey(format: &'static Format, run_hotfix: bool) {
    if !tools::require(&tools::PYTEST_COV) || !tools::require(&tools::RUFF) {
        return;
    }
    let mut j = Journey::new(format);
    init(&mut j);
    design(&mut j);
    plan(&mut j);
    act(&mut j);
    check(&mut j);
    done(&mut j);
    pr(&mut j, "feature/STORY-001");
    j.forge_merges("feature/STORY-001");
    release(&mut j);
    if run_hotfix {
        assert_readme_walks_the_journey(&j.ran.borrow());
    }

    let repo = &j.repo;
    assert_eq!(spec_status(repo, "STORY-001"), "Done");
    let board = repo.read("docs/product/sprint_board.md");
    assert!(
        !board.contains("STORY-001"),
        "the story is archived:\n{board}"
    );
    let archived = std::fs::read_dir(repo.path("docs/product/archive"))
        .expect("archive dir")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("read"))
        .collect::<String>();
    assert!(archived.contains("STORY-001"), "{archived}");
    assert!(
        repo.read("docs/architecture/governance/lessons.md")
            .contains("bulk_discount uses integer maths")
    );
    assert!(
        repo.read("docs/architecture/governance/rules.md")
            .contains("All 2+ tests must pass")
    );
    let tracked = repo.git(&[
        "ls-files",
        "docs/product/context.md",
        "docs/architecture/governance",
    ]);
    assert_eq!(
        tracked.lines().count(),
        3,
        "lessons, rules and context are committed: {tracked}"
    );
    let refs = j.remote_refs();
    for wanted in [
        "refs/heads/release/v0.2.0",
        "refs/tags/v0.2.0",
        "refs/heads/feature/STORY-001",
    ] {
        assert!(refs.contains(wanted), "{wanted} on the remote:\n{refs}");
    }

    if !run_hotfix {
        j.execute = false;
        hotfix(&mut j);
        return;
    }
    j.forge_merges("release/v0.2.0");
    let book = j.playbook("project-release");
    book.step("git switch <default branch>");
    assert_code(&j.shell("git switch main"), 0);
    assert_code(&j.shell("git pull --ff-only"), 0);
    hotfix(&mut j);
    let branch = j.repo.git(&["branch", "--show-current"]).trim().to_owned();
    pr(&mut j, &branch);
    let id = j
        .vars
        .iter()
        .find(|(k, _)| *k == "ID")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    assert_eq!(spec_status(&j.repo, &id), "Done");
    assert!(j.remote_refs().contains(&format!("refs/heads/{branch}")));
}

#[test]
fn journey_claude_code() {
    journey(&CLAUDE, true);
}

#[test]
fn journey_opencode() {
    journey(&OPENCODE, false);
}

#[test]
fn journey_codex() {
    journey(&CODEX, false);
}
