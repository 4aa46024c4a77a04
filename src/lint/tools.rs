//! Which linter judges which file: the stack of a file (by extension), the built-in linter
//! of each stack, the `gates.lint.commands` overrides, and command-line templating.

use crate::config::LintGateConfig;
use std::fmt;
use std::path::Path;

/// A language stack the lint gate knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LintStack {
    /// `.py`, `.pyi`.
    Python,
    /// JavaScript and TypeScript.
    Node,
    /// `.go`.
    Go,
    /// `.rs`.
    Rust,
    /// `.java`.
    Java,
}

impl LintStack {
    /// All stacks, in run order.
    pub const ALL: [LintStack; 5] = [
        LintStack::Python,
        LintStack::Node,
        LintStack::Go,
        LintStack::Rust,
        LintStack::Java,
    ];

    /// The name used in `stack:` and `gates.lint.commands`.
    pub fn name(self) -> &'static str {
        match self {
            LintStack::Python => "python",
            LintStack::Node => "node",
            LintStack::Go => "go",
            LintStack::Rust => "rust",
            LintStack::Java => "java",
        }
    }

    /// Parses a stack name.
    pub fn parse(name: &str) -> Option<LintStack> {
        LintStack::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for LintStack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The stack whose linter judges `path`, by extension.
pub fn stack_of(path: &str) -> Option<LintStack> {
    use crate::stack::Lang;
    Some(match Lang::of_file(path)? {
        Lang::Python => LintStack::Python,
        Lang::Node => LintStack::Node,
        Lang::Go => LintStack::Go,
        Lang::Rust => LintStack::Rust,
        // checkstyle reads Java only; Kotlin, Groovy and Scala have no built-in linter.
        Lang::Java if path.ends_with(".java") => LintStack::Java,
        Lang::Java => return None,
    })
}

/// How a linter is invoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invocation {
    /// A command over file paths (`{files}`); a non-zero exit means findings. The fixer,
    /// when there is one, rewrites the files in place.
    Files {
        /// The check.
        check: String,
        /// The in-place fixer.
        fix: Option<String>,
    },
    /// A linter that can read one file from stdin (`{file}` names it for config and
    /// messages) for staged content, and work-tree files in one run otherwise.
    /// `fix` prints the fixed source on stdout; pactkit writes it back.
    StdinLinter {
        /// The check of one file from stdin.
        check: String,
        /// The same check over work-tree paths (`{files}`), one run for all the files
        /// whose work tree is the judged content.
        check_files: String,
        /// The stdin-to-stdout fixer.
        fix: String,
    },
    /// A formatter from stdin to stdout: a file is unformatted when the output differs;
    /// the fix is that output.
    StdinFormatter {
        /// The formatting command.
        format: String,
    },
}

/// A resolved linter for one stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tool {
    /// The stack it serves.
    pub stack: LintStack,
    /// The name shown in findings (`ruff`, `rustfmt`, …).
    pub name: String,
    /// The name shown for fixes (the fixer's program for configured commands).
    pub fixer: String,
    /// The program that must exist (looked up on `PATH` and in `node_modules/.bin`).
    pub program: String,
    /// How to run it.
    pub invocation: Invocation,
    /// How to install it.
    pub install: String,
    /// Exit codes of the check that mean "the linter failed", not "findings".
    pub failure_codes: Vec<i32>,
    /// Exit codes besides 0 with which the fixer says "fixed what I could, findings
    /// remain" (ruff, ESLint and Biome use 1); any other exit refuses the fix.
    pub fix_ok_codes: Vec<i32>,
    /// The text the check prints on a finding its fixer can fix (ruff's `[*]`); `None`:
    /// the fixer, if any, is assumed to fix every finding.
    pub fixable_marker: Option<String>,
}

/// The linter of `stack` for the project at `root`: the configured command, else the
/// built-in one; `None` when the stack is not linted (turned off, or nothing configured).
pub fn resolve(stack: LintStack, root: &Path, settings: &LintGateConfig) -> Option<Tool> {
    match settings.commands.get(stack.name()) {
        Some(configured) if configured.check.trim().is_empty() => None,
        Some(configured) => Some(Tool {
            stack,
            name: first_program(&configured.check)
                .unwrap_or("linter")
                .to_owned(),
            fixer: configured
                .fix
                .as_deref()
                .and_then(first_program)
                .unwrap_or("fixer")
                .to_owned(),
            program: first_program(&configured.check).unwrap_or("sh").to_owned(),
            invocation: Invocation::Files {
                check: configured.check.clone(),
                fix: configured.fix.clone().filter(|f| !f.trim().is_empty()),
            },
            install: format!(
                "install {}",
                first_program(&configured.check).unwrap_or("it")
            ),
            failure_codes: vec![126, 127],
            // A configured fixer's statuses are unknown: 0, and what the user declared.
            fix_ok_codes: configured.fix_ok_exit.clone(),
            fixable_marker: None,
        }),
        None => built_in(stack, root),
    }
}

fn built_in(stack: LintStack, root: &Path) -> Option<Tool> {
    let tool = |name: &str, invocation, install: &str, failure_codes: Vec<i32>| Tool {
        stack,
        name: name.to_owned(),
        fixer: name.to_owned(),
        program: name.to_owned(),
        invocation,
        install: install.to_owned(),
        failure_codes,
        fix_ok_codes: Vec::new(),
        fixable_marker: None,
    };
    match stack {
        LintStack::Python => Some(Tool {
            // ruff marks the findings `--fix` can fix with `[*]`.
            fixable_marker: Some("[*]".into()),
            // `ruff check --fix` exits 1 when findings it cannot fix remain.
            fix_ok_codes: vec![1],
            ..tool(
                "ruff",
                Invocation::StdinLinter {
                    // `--opt=value` and `--` keep every file name an operand, never an option.
                    check: "ruff check --force-exclude --no-fix --output-format concise --stdin-filename={file} -".into(),
                    check_files: "ruff check --force-exclude --no-fix --output-format concise -- {files}".into(),
                    fix: "ruff check --force-exclude --fix --quiet --stdin-filename={file} -".into(),
                },
                "pip install ruff",
                vec![2, 126, 127],
            )
        }),
        LintStack::Rust => Some(tool(
            "rustfmt",
            Invocation::StdinFormatter {
                format: format!("rustfmt --edition {} --emit stdout", rust_edition(root)),
            },
            "rustup component add rustfmt",
            vec![126, 127],
        )),
        LintStack::Go => Some(tool(
            "gofmt",
            Invocation::StdinFormatter {
                format: "gofmt".into(),
            },
            "install Go (https://go.dev/dl)",
            vec![126, 127],
        )),
        LintStack::Node => node_tool(root),
        LintStack::Java => checkstyle_config(root).map(|config| {
            tool(
                "checkstyle",
                Invocation::Files {
                    // picocli ends options at `--`.
                    check: format!("checkstyle -c {} -- {{files}}", shell_quote(config)),
                    fix: None,
                },
                "install checkstyle (https://checkstyle.org)",
                vec![126, 127],
            )
        }),
    }
}

/// Biome when `biome.json(c)` exists, ESLint when an ESLint configuration exists, else none.
fn node_tool(root: &Path) -> Option<Tool> {
    let (name, check, fix) = if ["biome.json", "biome.jsonc"]
        .iter()
        .any(|f| root.join(f).is_file())
    {
        (
            "biome",
            "biome check {files}",
            "biome check --write {files}",
        )
    } else if has_eslint_config(root) {
        // ESLint's option parser ends options at `--`; npx passes it through.
        ("eslint", "eslint -- {files}", "eslint --fix -- {files}")
    } else {
        return None;
    };
    Some(Tool {
        stack: LintStack::Node,
        name: name.to_owned(),
        fixer: name.to_owned(),
        program: name.to_owned(),
        invocation: Invocation::Files {
            // `npx --no-install` runs the project's copy and never downloads one.
            check: format!("npx --no-install {check}"),
            fix: Some(format!("npx --no-install {fix}")),
        },
        install: format!("npm install --save-dev {}", npm_package(name)),
        failure_codes: vec![2, 126, 127],
        // `eslint --fix` and `biome check --write` exit 1 when findings remain.
        fix_ok_codes: vec![1],
        fixable_marker: None,
    })
}

fn npm_package(name: &str) -> &str {
    if name == "biome" {
        "@biomejs/biome"
    } else {
        name
    }
}

/// The file names of an ESLint configuration (flat and legacy): the one list that picks
/// ESLint for a project and that a staged copy's root mirrors.
pub const ESLINT_CONFIG_FILES: [&str; 12] = [
    "eslint.config.js",
    "eslint.config.mjs",
    "eslint.config.cjs",
    "eslint.config.ts",
    "eslint.config.mts",
    "eslint.config.cts",
    ".eslintrc",
    ".eslintrc.js",
    ".eslintrc.cjs",
    ".eslintrc.json",
    ".eslintrc.yml",
    ".eslintrc.yaml",
];

fn has_eslint_config(root: &Path) -> bool {
    ESLINT_CONFIG_FILES.iter().any(|f| root.join(f).is_file())
        || std::fs::read_to_string(root.join("package.json"))
            .is_ok_and(|text| text.contains("\"eslintConfig\""))
}

fn checkstyle_config(root: &Path) -> Option<&'static str> {
    ["checkstyle.xml", "config/checkstyle/checkstyle.xml"]
        .into_iter()
        .find(|f| root.join(f).is_file())
}

/// The `edition` of the root `Cargo.toml` (`[package]` or `[workspace.package]`), else 2021.
fn rust_edition(root: &Path) -> String {
    let text = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let (key, value) = line.split_once('=')?;
            (key.trim() == "edition").then(|| value.trim().trim_matches('"').to_owned())
        })
        .find(|v| matches!(v.as_str(), "2015" | "2018" | "2021" | "2024"))
        .unwrap_or_else(|| "2021".into())
}

/// The program a shell command line starts with: the first word that is not a variable
/// assignment or `!`.
fn first_program(command: &str) -> Option<&str> {
    command
        .split_whitespace()
        .find(|word| *word != "!" && !word.contains('='))
        .map(|word| word.trim_matches(|c| c == '\'' || c == '"'))
}

/// `{files}` replaced by the shell-quoted paths (appended when the template has none).
/// A name starting with `-` is given as `./-name`, so no linter, built-in or configured,
/// can read it as an option (built-ins also put `--` before the files where they accept it).
pub fn with_files(template: &str, files: &[&str]) -> String {
    let quoted: Vec<String> = files.iter().map(|f| file_word(f)).collect();
    let list = quoted.join(" ");
    if template.contains("{files}") {
        template.replace("{files}", &list)
    } else {
        format!("{template} {list}")
    }
}

/// `{file}` replaced by one shell-quoted path (`./`-prefixed when it starts with `-`).
pub fn with_file(template: &str, file: &str) -> String {
    template.replace("{file}", &file_word(file))
}

/// A repository-relative path as one shell word that cannot be taken for an option.
fn file_word(file: &str) -> String {
    if file.starts_with('-') {
        shell_quote(&format!("./{file}"))
    } else {
        shell_quote(file)
    }
}

/// Quotes a word for `sh`.
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+,:@%".contains(&b))
    {
        return word.to_owned();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LintCommandConfig;

    #[test]
    fn stacks_come_from_extensions() {
        assert_eq!(stack_of("src/app.py"), Some(LintStack::Python));
        assert_eq!(stack_of("web/x.test.tsx"), Some(LintStack::Node));
        assert_eq!(stack_of("main.rs"), Some(LintStack::Rust));
        assert_eq!(stack_of("Makefile"), None);
        assert_eq!(stack_of("dir.py/README"), None);
    }

    #[test]
    fn templates_quote_files() {
        assert_eq!(
            with_files("ruff check {files} --x", &["a.py", "b c.py", "it's.py"]),
            r"ruff check a.py 'b c.py' 'it'\''s.py' --x"
        );
        assert_eq!(with_files("flake8", &["a.py"]), "flake8 a.py");
        assert_eq!(
            with_file("x --name {file} -", "a b.rs"),
            "x --name 'a b.rs' -"
        );
    }

    #[test]
    fn a_leading_dash_never_reaches_a_linter_as_an_option() {
        assert_eq!(
            with_files("flake8 {files}", &["-x.py", "a/-b.py"]),
            "flake8 ./-x.py a/-b.py"
        );
        assert_eq!(
            with_file("x --name={file} -", "-n y.rs"),
            "x --name='./-n y.rs' -"
        );
        let tool = built_in(LintStack::Python, Path::new("/nonexistent"));
        let Some(Invocation::StdinLinter {
            check, check_files, ..
        }) = tool.map(|t| t.invocation)
        else {
            panic!("ruff is a stdin linter");
        };
        assert!(check.contains("--stdin-filename={file}"), "{check}");
        assert!(check_files.ends_with(" -- {files}"), "{check_files}");
    }

    #[test]
    fn configured_commands_replace_or_disable_the_built_in() {
        let root = Path::new("/nonexistent");
        let mut settings = LintGateConfig::default();
        assert_eq!(
            resolve(LintStack::Python, root, &settings).map(|t| t.name),
            Some("ruff".to_owned())
        );
        settings.commands.insert(
            "python".into(),
            LintCommandConfig {
                check: "FOO=1 flake8 {files}".into(),
                fix: None,
                fix_ok_exit: Vec::new(),
            },
        );
        let tool = resolve(LintStack::Python, root, &settings).expect("configured");
        assert_eq!(tool.program, "flake8");
        assert!(matches!(
            tool.invocation,
            Invocation::Files { fix: None, .. }
        ));
        settings
            .commands
            .insert("rust".into(), LintCommandConfig::default());
        assert_eq!(resolve(LintStack::Rust, root, &settings), None);
        assert_eq!(resolve(LintStack::Node, root, &settings), None);
    }
}
