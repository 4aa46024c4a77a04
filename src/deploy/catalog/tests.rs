//! Tests of the catalog: the registry matches `templates/` on disk, every template parses
//! and follows the naming, description, placeholder and command rules.

use super::*;
use clap::CommandFactory;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
}

/// Every file under `dir`, as a `/`-separated path relative to `base`.
fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            walk(base, &path, out);
        } else {
            let rel = path.strip_prefix(base).expect("under base");
            let parts: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            out.insert(parts.join("/"));
        }
    }
}

fn parsed() -> Vec<(&'static Template, Frontmatter, &'static str)> {
    all()
        .iter()
        .map(|t| {
            let (fm, body) = parse(t).unwrap_or_else(|e| panic!("{e}"));
            (t, fm, body)
        })
        .collect()
}

#[test]
fn counts_per_kind() {
    let count = |kind| of_kind(kind).count();
    assert_eq!(count(Kind::Agent), 9, "agents");
    assert_eq!(count(Kind::Command), 11, "commands");
    assert_eq!(count(Kind::Skill), 10, "skills");
    assert_eq!(count(Kind::Rule), 8, "rules");
    assert_eq!(ci_templates().len(), 2, "ci templates");
}

#[test]
fn every_file_under_templates_is_registered_and_every_registered_file_exists() {
    let root = templates_dir();
    let mut on_disk = BTreeSet::new();
    walk(&root, &root, &mut on_disk);
    let registered: BTreeSet<String> = all()
        .iter()
        .map(|t| t.path)
        .chain(ci_templates().iter().map(|t| t.path))
        .map(String::from)
        .collect();
    let unregistered: Vec<_> = on_disk.difference(&registered).collect();
    let missing: Vec<_> = registered.difference(&on_disk).collect();
    assert!(
        unregistered.is_empty(),
        "files under templates/ not in the catalog: {unregistered:?}"
    );
    assert!(
        missing.is_empty(),
        "catalog entries without a file: {missing:?}"
    );
    for t in all() {
        let on_disk = std::fs::read_to_string(root.join(t.path)).expect("registered file");
        assert_eq!(
            on_disk, t.source,
            "{}: the registry includes another file",
            t.path
        );
    }
}

#[test]
fn names_are_unique_kebab_and_equal_the_file_stem_or_directory() {
    let mut seen = BTreeSet::new();
    for t in all() {
        assert!(
            is_kebab(t.name),
            "{}: `{}` is not kebab-case",
            t.path,
            t.name
        );
        let expected = match t.kind {
            Kind::Skill => format!("skills/{}/SKILL.md", t.name),
            kind => format!("{}/{}.md", kind.dir(), t.name),
        };
        assert_eq!(t.path, expected, "path of {}", t.name);
        assert!(seen.insert((t.kind, t.name)), "{} registered twice", t.path);
    }
    // Commands and skills share one namespace in tools that deploy commands as skills.
    let commands: BTreeSet<_> = of_kind(Kind::Command).map(|t| t.name).collect();
    assert!(of_kind(Kind::Skill).all(|t| !commands.contains(t.name)));
}

#[test]
fn every_template_parses_with_its_name_and_a_single_line_description() {
    for (t, fm, body) in parsed() {
        assert_eq!(fm.name, t.name, "{}", t.path);
        assert!(
            !fm.description.trim().is_empty(),
            "{}: empty description",
            t.path
        );
        assert!(
            !fm.description.contains('\n'),
            "{}: multi-line description",
            t.path
        );
        assert!(
            fm.description.len() <= 1024,
            "{}: description too long",
            t.path
        );
        assert!(!body.trim().is_empty(), "{}: empty body", t.path);
    }
}

#[test]
fn files_are_utf8_lf_without_bom_and_end_with_a_newline() {
    let sources = all()
        .iter()
        .map(|t| (t.path, t.source))
        .chain(ci_templates().iter().map(|t| (t.path, t.source)));
    for (path, source) in sources {
        assert!(!source.starts_with('\u{feff}'), "{path}: BOM");
        assert!(!source.contains('\r'), "{path}: CR line ending");
        assert!(!source.contains('\t'), "{path}: tab character");
        assert!(
            source.ends_with('\n') && !source.ends_with("\n\n"),
            "{path}: must end with one newline"
        );
    }
}

#[test]
fn parse_rejects_unknown_keys_missing_frontmatter_and_foreign_tools() {
    let make = |source: &'static str| Template {
        kind: Kind::Agent,
        name: "x",
        path: "agents/x.md",
        source,
    };
    let err = parse(&make(
        "---\nname: x\ndescription: d\ntools: [read]\ncolor: red\n---\nbody\n",
    ));
    assert!(matches!(err, Err(CatalogError::Yaml { .. })), "{err:?}");
    let err = parse(&make("name: x\n"));
    assert!(
        matches!(err, Err(CatalogError::NoFrontmatter { .. })),
        "{err:?}"
    );
    let err = parse(&make(
        "---\nname: x\ndescription: d\ntools: [Bash]\n---\nbody\n",
    ));
    assert!(matches!(err, Err(CatalogError::Invalid { .. })), "{err:?}");
    let err = parse(&make(
        "---\nname: x\ndescription: d\ntools: [read, edit]\nread_only: true\n---\nb\n",
    ));
    assert!(matches!(err, Err(CatalogError::Invalid { .. })), "{err:?}");
    let (fm, body) = parse(&make(
        "---\nname: x\ndescription: 'd: e'\ntools: [read]\n---\nbody\n",
    ))
    .expect("valid");
    assert_eq!((fm.description.as_str(), body), ("d: e", "body\n"));
}

#[test]
fn agents_commands_and_rules_reference_what_exists() {
    let skills: BTreeSet<_> = of_kind(Kind::Skill).map(|t| t.name).collect();
    let agents: BTreeSet<_> = of_kind(Kind::Agent).map(|t| t.name).collect();
    let mut orders = BTreeSet::new();
    for (t, fm, _) in parsed() {
        for skill in &fm.skills {
            assert!(
                skills.contains(skill.as_str()),
                "{}: unknown skill `{skill}`",
                t.path
            );
        }
        if let Some(agent) = &fm.agent {
            assert!(
                agents.contains(agent.as_str()),
                "{}: unknown agent `{agent}`",
                t.path
            );
        }
        if let Some(order) = fm.order {
            assert!(orders.insert(order), "{}: order {order} used twice", t.path);
        }
        if t.kind == Kind::Command {
            assert!(
                !fm.tools.is_empty(),
                "{}: a command lists its tools",
                t.path
            );
        }
    }
}

#[test]
fn bodies_take_arguments_through_arguments_never_positional() {
    let positional = Regex::new(r"\$[0-9]").expect("regex");
    for (t, _, body) in parsed() {
        assert!(
            !positional.is_match(body),
            "{}: use $ARGUMENTS, not $1 (tools number them differently)",
            t.path
        );
        if t.kind == Kind::Command {
            assert!(
                body.contains("$ARGUMENTS"),
                "{}: a command reads $ARGUMENTS",
                t.path
            );
        }
    }
}

#[test]
fn templates_name_no_tool_specific_paths() {
    // The renderers place files per tool; a template that names one tool's directory is
    // wrong in the others.
    for t in all() {
        for path in [
            "~/.claude",
            "~/.codex",
            "~/.config/opencode",
            ".claude/",
            "CLAUDE.md",
        ] {
            assert!(!t.source.contains(path), "{}: names `{path}`", t.path);
        }
    }
}

/// The code in a Markdown file: inline code spans and fenced blocks. Commands are written as
/// code; prose may say "pactkit" freely.
fn code_of(markdown: &str) -> Vec<String> {
    let mut code = Vec::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            code.push(line.to_string());
            continue;
        }
        code.extend(line.split('`').skip(1).step_by(2).map(String::from));
    }
    code
}

/// One `pactkit <word> [<word>] …` in a template.
#[derive(Debug, PartialEq)]
struct Mention {
    top: String,
    /// The next word; a subcommand when `top` is a group, else the first argument.
    sub: Option<String>,
    /// The `--long` flags up to the end of the shell command (`|`, `;`, `&&`, `)`).
    flags: Vec<String>,
}

/// Every pactkit command in `text` (one line of code or a code span).
fn mentions(text: &str) -> Vec<Mention> {
    let command = Regex::new(r"(?:^|[^\w.-])pactkit +([a-z][a-z0-9-]*)(?: +([a-z][a-z0-9-]*))?")
        .expect("regex");
    let flag = Regex::new(r"(?:^|\s)(--[a-z][a-z0-9-]*)").expect("regex");
    text.split(['|', ';', ')'])
        .flat_map(|segment| segment.split("&&"))
        .filter_map(|segment| {
            let c = command.captures(segment)?;
            let rest = &segment[c.get(0).map_or(0, |m| m.end())..];
            Some(Mention {
                top: c[1].to_string(),
                sub: c.get(2).map(|m| m.as_str().to_string()),
                flags: flag.captures_iter(rest).map(|f| f[1].to_string()).collect(),
            })
        })
        .collect()
}

/// The code of every template: code spans and fenced blocks of Markdown, the non-comment
/// lines of CI files (their comments are prose).
fn template_code() -> Vec<(&'static str, Vec<String>)> {
    let mut texts: Vec<(&str, Vec<String>)> =
        all().iter().map(|t| (t.path, code_of(t.source))).collect();
    texts.extend(ci_templates().iter().map(|t| {
        let code = t
            .source
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'));
        (t.path, code.map(String::from).collect())
    }));
    texts
}

/// The CLI's subcommands and, for groups, their subcommands.
fn cli_tree() -> BTreeMap<String, BTreeSet<String>> {
    crate::cli::Cli::command()
        .get_subcommands()
        .map(|c| {
            let subs = c
                .get_subcommands()
                .map(|s| s.get_name().to_string())
                .collect();
            (c.get_name().to_string(), subs)
        })
        .collect()
}

#[test]
fn every_pactkit_command_a_template_names_exists_or_is_planned() {
    let tree = cli_tree();
    let mut unknown = Vec::new();
    let mut seen = 0;
    for (path, code) in template_code() {
        for Mention { top, sub, .. } in code.iter().flat_map(|c| mentions(c)) {
            seen += 1;
            let known = match (tree.get(&top), &sub) {
                (Some(subs), Some(sub)) if !subs.is_empty() => {
                    subs.contains(sub)
                        || PLANNED_SUBCOMMANDS.contains(&format!("{top} {sub}").as_str())
                }
                (Some(_), _) => true,
                (None, _) => PLANNED_SUBCOMMANDS.contains(&top.as_str()),
            };
            if !known {
                unknown.push(format!("{path}: pactkit {top} {}", sub.unwrap_or_default()));
            }
        }
    }
    assert!(seen > 50, "the scan found only {seen} pactkit commands");
    assert!(
        unknown.is_empty(),
        "templates name commands the CLI does not have:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn every_flag_a_template_passes_to_a_built_command_exists() {
    let cli = crate::cli::Cli::command();
    let mut wrong = Vec::new();
    for (path, code) in template_code() {
        for m in code.iter().flat_map(|c| mentions(c)) {
            let Some(top) = cli.find_subcommand(&m.top) else {
                continue;
            }; // planned
            let command = match m.sub.as_deref().and_then(|s| top.find_subcommand(s)) {
                Some(sub) => sub,
                None if top.has_subcommands() => continue, // the group itself, or planned
                None => top,
            };
            let longs: BTreeSet<String> = command
                .get_arguments()
                .chain(cli.get_arguments())
                .flat_map(|a| a.get_long_and_visible_aliases().unwrap_or_default())
                .map(|l| format!("--{l}"))
                .chain(["--help".to_string()])
                .collect();
            for flag in m.flags.iter().filter(|f| !longs.contains(*f)) {
                wrong.push(format!(
                    "{path}: pactkit {} {} {flag}",
                    m.top,
                    m.sub.clone().unwrap_or_default()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "templates pass flags the CLI does not have:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn mention_scanner_finds_commands_in_code_only() {
    let md = "pactkit writes docs.\n`pactkit board add X` and `pactkit.yaml`\n```sh\npactkit spec-lint a.md --format json | jq\n```\n";
    let found: Vec<_> = code_of(md).iter().flat_map(|c| mentions(c)).collect();
    let mention = |top: &str, sub: &str, flags: &[&str]| Mention {
        top: top.into(),
        sub: Some(sub.into()),
        flags: flags.iter().map(|f| f.to_string()).collect(),
    };
    assert_eq!(
        found,
        vec![
            mention("board", "add", &[]),
            mention("spec-lint", "a", &["--format"])
        ]
    );
}

#[test]
fn planned_subcommands_are_not_built_yet() {
    let tree = cli_tree();
    for planned in PLANNED_SUBCOMMANDS {
        let built = match planned.split_once(' ') {
            Some((group, sub)) => tree.get(group).is_some_and(|subs| subs.contains(sub)),
            None => tree.contains_key(*planned),
        };
        assert!(
            !built,
            "`pactkit {planned}` exists now: remove it from PLANNED_SUBCOMMANDS"
        );
    }
}

#[test]
fn rule_bodies_stay_well_under_the_codex_budget() {
    let total: usize = parsed()
        .iter()
        .filter(|(t, ..)| t.kind == Kind::Rule)
        .map(|(_, _, body)| body.len())
        .sum();
    assert!(
        total < 20 * 1024,
        "rule bodies are {total} bytes; AGENTS.md has 32 KiB for everything"
    );
}

#[test]
fn ci_templates_document_their_placeholders() {
    let placeholder = Regex::new(r"\{\{([a-z_]+)\}\}").expect("regex");
    for t in ci_templates() {
        let header: String = t
            .source
            .lines()
            .take_while(|l| l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        for cap in placeholder.captures_iter(t.source) {
            let name = &cap[1];
            assert!(
                header.contains(&format!("{{{{{name}}}}}")),
                "{}: `{{{{{name}}}}}` not documented in the header",
                t.path
            );
        }
        assert!(
            t.source.contains("pactkit check --ci"),
            "{}: judges the event's range commit by commit (`pactkit check --ci`)",
            t.path
        );
        assert!(
            !t.source.contains("--all-files"),
            "{}: a new branch is judged from its merge base, never as all files",
            t.path
        );
    }
}

#[test]
fn ci_templates_render_to_valid_yaml_with_sample_values() {
    let leftover = Regex::new(r"\{\{[a-z_]+\}\}").expect("regex");
    for t in ci_templates() {
        let mut rendered = t.source.to_string();
        for name in t.placeholders() {
            let value = match name {
                "actions_ref" => "",
                "github_host" => "github.com",
                "setup_action" => "actions/setup-python@v5",
                "setup_input" => "python-version",
                "language_version" => "3.11",
                "install_command" => "pip install -e .",
                "test_command" => "pytest",
                "image" => "python",
                "runner" => "ubuntu-latest",
                "repo_url" => "https://github.com/example/pactkit",
                other => panic!("{}: no sample value for {{{{{other}}}}}", t.path),
            };
            rendered = rendered.replace(&format!("{{{{{name}}}}}"), value);
        }
        assert!(
            !leftover.is_match(&rendered),
            "{}: unrendered placeholder",
            t.path
        );
        let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&rendered)
            .unwrap_or_else(|e| panic!("{}: invalid YAML after rendering: {e}", t.path));
        let top = if t.provider == "github" {
            "jobs"
        } else {
            "stages"
        };
        assert!(yaml.get(top).is_some(), "{}: no `{top}`", t.path);
    }
}

#[test]
fn ci_placeholders_are_found_and_github_expressions_are_not() {
    let github = ci_template("github").expect("github template");
    let names = github.placeholders();
    assert!(
        names.contains(&"runner") && names.contains(&"actions_ref"),
        "{names:?}"
    );
    assert!(!github.source.contains("${{github") && github.source.contains("${{ github."));
    assert!(names.iter().all(|n| !n.contains(' ')), "{names:?}");
}

#[test]
fn rules_are_registered_in_constitution_order() {
    let orders: Vec<u32> = of_kind(Kind::Rule)
        .map(|t| parse(t).expect("rule parses").0.order.expect("rule order"))
        .collect();
    assert_eq!(orders, (1..=8).collect::<Vec<_>>());
}
