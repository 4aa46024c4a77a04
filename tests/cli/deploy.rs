//! `pactkit init`, `update`, `uninstall`: what lands where for each tool, that it loads
//! (frontmatter, TOML, names, allowed keys), and the ownership rules.

use crate::common::{TestRepo, assert_code, render, stderr, stdout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

type Tree = BTreeMap<PathBuf, Vec<u8>>;

fn tree(dir: &Path) -> Tree {
    let mut out = Tree::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == ".git") {
                    continue;
                }
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = tree(dir)
        .into_keys()
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    v.sort();
    v
}

fn frontmatter(path: &Path) -> serde_yaml_ng::Mapping {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        !text.starts_with('\u{feff}') && !text.contains('\r'),
        "{}",
        path.display()
    );
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("no frontmatter: {}", path.display()));
    let end = rest.find("\n---\n").unwrap();
    serde_yaml_ng::from_str(&rest[..=end]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn keys(map: &serde_yaml_ng::Mapping) -> Vec<String> {
    map.keys().map(|k| k.as_str().unwrap().to_owned()).collect()
}

fn assert_keys(path: &Path, map: &serde_yaml_ng::Mapping, required: &[&str], allowed: &[&str]) {
    for r in required {
        assert!(map.contains_key(*r), "{} lacks {r}", path.display());
    }
    for k in keys(map) {
        assert!(
            allowed.contains(&k.as_str()),
            "{}: key {k} not allowed",
            path.display()
        );
    }
}

fn kebab(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

fn dir_name(p: &Path) -> String {
    p.parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn check_skills(dir: &Path, expected: usize) {
    let skills = files(dir, "/SKILL.md");
    assert_eq!(skills.len(), expected, "{}", dir.display());
    for s in &skills {
        let fm = frontmatter(s);
        assert_keys(
            s,
            &fm,
            &["name", "description"],
            &[
                "name",
                "description",
                "argument-hint",
                "allowed-tools",
                "model",
            ],
        );
        assert_eq!(fm["name"].as_str().unwrap(), dir_name(s));
        assert!(kebab(&dir_name(s)));
    }
}

/// Nine agent files named `<name><suffix>`, each with `name`, `description` and `tools`
/// and no key outside `allowed`.
fn check_named_agents(dir: &Path, suffix: &str, allowed: &[&str]) {
    let agents = files(dir, suffix);
    assert_eq!(agents.len(), 9, "{}", dir.display());
    for a in &agents {
        let fm = frontmatter(a);
        assert_keys(a, &fm, &["name", "description", "tools"], allowed);
        let file = a.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(format!("{}{suffix}", fm["name"].as_str().unwrap()), file);
    }
}

#[test]
fn init_deploys_every_tool_loadably_and_only_inside_home_and_the_project() {
    let repo = TestRepo::new();
    repo.write("package.json", "{}");
    let before = tree(repo.temp());
    let out = repo.pactkit(&["init"]);
    assert_code(&out, 0);
    let home = repo.home();

    // Claude Code
    let claude = home.join(".claude");
    let agents = files(&claude.join("agents"), ".md");
    assert_eq!(agents.len(), 9);
    for a in &agents {
        let fm = frontmatter(a);
        assert_keys(
            a,
            &fm,
            &["name", "description", "tools", "model"],
            &["name", "description", "tools", "model", "skills"],
        );
        assert_eq!(fm["name"].as_str().unwrap(), stem(a));
        assert!(kebab(&stem(a)));
    }
    check_skills(&claude.join("skills"), 10);
    let commands = files(&claude.join("commands"), ".md");
    assert_eq!(commands.len(), 11);
    for c in &commands {
        let fm = frontmatter(c);
        assert_keys(
            c,
            &fm,
            &["description"],
            &["description", "argument-hint", "allowed-tools", "model"],
        );
        assert!(kebab(&stem(c)));
    }
    assert_eq!(files(&claude.join("rules/pactkit"), ".md").len(), 8);
    let plan = std::fs::read_to_string(claude.join("commands/project-plan.md")).unwrap();
    assert!(
        plan.contains("$ARGUMENTS") || !plan.contains("$1"),
        "{plan}"
    );
    let claude_md = std::fs::read_to_string(claude.join("CLAUDE.md")).unwrap();
    assert!(
        claude_md.contains("<!-- pactkit:start -->") && claude_md.contains("order"),
        "{claude_md}"
    );

    // OpenCode
    let oc = home.join(".config/opencode");
    let agents = files(&oc.join("agents"), ".md");
    assert_eq!(agents.len(), 9);
    for a in &agents {
        let fm = frontmatter(a);
        assert_keys(
            a,
            &fm,
            &["description", "mode", "permission"],
            &["description", "mode", "model", "permission"],
        );
        assert_eq!(fm["mode"].as_str(), Some("subagent"));
        let permission = fm["permission"].as_mapping().unwrap();
        assert_eq!(
            permission.get("webfetch"),
            permission.get("websearch"),
            "{}",
            a.display()
        );
    }
    let explorer = frontmatter(&oc.join("agents/code-explorer.md"));
    assert_eq!(explorer["permission"]["websearch"].as_str(), Some("deny"));
    let commands = files(&oc.join("commands"), ".md");
    assert_eq!(commands.len(), 11);
    for c in &commands {
        let fm = frontmatter(c);
        assert_keys(c, &fm, &["description"], &["description", "agent", "model"]);
        assert!(kebab(&stem(c)));
    }
    // OpenCode reads ~/.claude/skills itself: no second copy of its own.
    assert!(!oc.join("skills").exists());
    assert_eq!(files(&oc.join("rules/pactkit"), ".md").len(), 8);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(oc.join("opencode.json")).unwrap()).unwrap();
    assert_eq!(
        json["instructions"][0],
        "~/.config/opencode/rules/pactkit/*.md"
    );

    // Codex
    let codex = home.join(".codex");
    let agents = files(&codex.join("agents"), ".toml");
    assert_eq!(agents.len(), 9);
    for a in &agents {
        let value: toml::Table = toml::from_str(&std::fs::read_to_string(a).unwrap()).unwrap();
        for k in value.keys() {
            assert!(
                [
                    "name",
                    "description",
                    "developer_instructions",
                    "model",
                    "sandbox_mode"
                ]
                .contains(&k.as_str()),
                "{k}"
            );
        }
        assert_eq!(value["name"].as_str().unwrap(), stem(a));
        assert!(
            !value["developer_instructions"]
                .as_str()
                .unwrap()
                .trim()
                .is_empty()
        );
    }
    let auditor: toml::Table = toml::from_str(
        &std::fs::read_to_string(codex.join("agents/security-auditor.toml")).unwrap(),
    )
    .unwrap();
    assert_eq!(auditor["sandbox_mode"].as_str(), Some("read-only"));
    check_skills(&codex.join("skills"), 21);
    let agents_md = std::fs::read_to_string(codex.join("AGENTS.md")).unwrap();
    assert!(agents_md.contains("<!-- pactkit:end -->") && agents_md.len() <= 32 * 1024);
    assert!(!agents_md.contains("$ARGUMENTS"));
    for a in &agents {
        let text = std::fs::read_to_string(a).unwrap();
        assert!(!text.contains("/project-"), "{}", a.display());
    }

    // GitHub Copilot
    let copilot = home.join(".copilot");
    check_named_agents(
        &copilot.join("agents"),
        ".agent.md",
        &["name", "description", "tools"],
    );
    let auditor = frontmatter(&copilot.join("agents/security-auditor.agent.md"));
    let tools: Vec<&str> = auditor["tools"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(!tools.contains(&"edit"), "{tools:?}");
    check_skills(&copilot.join("skills"), 21);
    let instructions = std::fs::read_to_string(copilot.join("copilot-instructions.md")).unwrap();
    assert!(
        instructions.contains("<!-- pactkit:start -->") && instructions.contains("/project-plan")
    );
    assert!(!instructions.contains("$ARGUMENTS"));

    // Gemini CLI
    let gemini = home.join(".gemini");
    check_named_agents(
        &gemini.join("agents"),
        ".md",
        &["name", "description", "tools", "model"],
    );
    let commands = files(&gemini.join("commands"), ".toml");
    assert_eq!(commands.len(), 11);
    for c in &commands {
        let value: toml::Table = toml::from_str(&std::fs::read_to_string(c).unwrap()).unwrap();
        let keys: Vec<&str> = value.keys().map(String::as_str).collect();
        assert_eq!(keys, ["description", "prompt"], "{}", c.display());
        let prompt = value["prompt"].as_str().unwrap();
        assert!(!prompt.contains("$ARGUMENTS"), "{}", c.display());
    }
    let plan: toml::Table = toml::from_str(
        &std::fs::read_to_string(gemini.join("commands/project-plan.toml")).unwrap(),
    )
    .unwrap();
    assert!(plan["prompt"].as_str().unwrap().contains("{{args}}"));
    check_skills(&gemini.join("skills"), 10);
    let gemini_md = std::fs::read_to_string(gemini.join("GEMINI.md")).unwrap();
    assert!(gemini_md.contains("<!-- pactkit:start -->") && gemini_md.contains("/project-plan"));

    // Nothing outside HOME except the project's pactkit.yaml.
    let after = tree(repo.temp());
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        assert!(
            path.starts_with(home) || path == &repo.path("pactkit.yaml"),
            "wrote {}",
            path.display()
        );
    }
    assert!(repo.read("pactkit.yaml").contains("stack: node"));

    // A second init changes nothing.
    let out = repo.pactkit(&["init"]);
    assert_code(&out, 0);
    assert_eq!(tree(repo.temp()), after, "{}", render(&out));
}

#[test]
fn update_keeps_a_user_edit_and_writes_the_new_version_beside_it() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--format", "classic"]), 0);
    let agent = repo.home().join(".claude/agents/qa-engineer.md");
    let original = std::fs::read_to_string(&agent).unwrap();
    let edited = format!("{original}\nMy own line.\n");
    std::fs::write(&agent, &edited).unwrap();
    let out = repo.pactkit(&["update", "--format", "classic"]);
    assert_code(&out, 0);
    assert_eq!(std::fs::read_to_string(&agent).unwrap(), edited);
    let side = repo
        .home()
        .join(".claude/agents/qa-engineer.md.pactkit-new");
    assert_eq!(std::fs::read_to_string(&side).unwrap(), original);
    assert!(
        stderr(&out).contains("qa-engineer.md.pactkit-new"),
        "{}",
        render(&out)
    );
}

#[test]
fn update_diff_shows_what_would_change_and_writes_nothing() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--format", "codex"]), 0);
    let agent = repo.home().join(".codex/agents/qa-engineer.toml");
    std::fs::remove_file(&agent).unwrap();
    let before = tree(repo.temp());
    let out = repo.pactkit(&["update", "--format", "codex", "--diff"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("+++ b/~/.codex/agents/qa-engineer.toml"),
        "{}",
        render(&out)
    );
    assert_eq!(tree(repo.temp()), before);
}

#[test]
fn uninstall_removes_only_our_unmodified_files_and_strips_our_blocks() {
    let repo = TestRepo::new();
    let claude = repo.home().join(".claude");
    std::fs::create_dir_all(claude.join("agents")).unwrap();
    std::fs::write(
        claude.join("agents/mine.md"),
        "---\nname: mine\ndescription: x\n---\nmine\n",
    )
    .unwrap();
    std::fs::write(claude.join("CLAUDE.md"), "# My rules\n\nBe kind.\n").unwrap();
    assert_code(&repo.pactkit(&["init", "--format", "classic"]), 0);
    let edited = claude.join("commands/project-plan.md");
    std::fs::write(&edited, "mine now\n").unwrap();
    let out = repo.pactkit(&["uninstall", "--format", "classic"]);
    assert_code(&out, 0);
    let left: Vec<PathBuf> = tree(&claude).into_keys().collect();
    assert_eq!(
        left,
        vec![
            claude.join("CLAUDE.md"),
            claude.join("agents/mine.md"),
            edited.clone()
        ],
        "{}",
        render(&out)
    );
    assert_eq!(
        std::fs::read_to_string(claude.join("CLAUDE.md")).unwrap(),
        "# My rules\n\nBe kind.\n"
    );
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "mine now\n");
}

#[test]
fn selection_and_agent_models_follow_pactkit_yaml() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "agents: [qa-engineer, senior-developer]\nskills: []\nexclude:\n  commands: [project-sprint]\nagent_models:\n  qa-engineer: opus\n  senior-developer: openai/gpt-5\nrule_scopes:\n  testing: \"tests/**\"\n",
    );
    let out = repo.pactkit(&["init"]);
    assert_code(&out, 0);
    let home = repo.home();
    assert_eq!(files(&home.join(".claude/agents"), ".md").len(), 2);
    assert_eq!(files(&home.join(".claude/skills"), "SKILL.md").len(), 0);
    assert_eq!(files(&home.join(".claude/commands"), ".md").len(), 10);
    assert!(!home.join(".claude/commands/project-sprint.md").exists());
    assert_eq!(
        frontmatter(&home.join(".claude/agents/qa-engineer.md"))["model"].as_str(),
        Some("opus")
    );
    let dev = frontmatter(&home.join(".config/opencode/agents/senior-developer.md"));
    assert_eq!(dev["model"].as_str(), Some("openai/gpt-5"));
    assert!(
        !frontmatter(&home.join(".config/opencode/agents/qa-engineer.md")).contains_key("model")
    );
    assert!(
        stderr(&out).contains("OpenCode needs a `provider/model` id"),
        "{}",
        render(&out)
    );
    let rule = files(&home.join(".claude/rules/pactkit"), "-testing.md");
    assert_eq!(frontmatter(&rule[0])["paths"][0].as_str(), Some("tests/**"));
    // Removing an agent from the list removes its unmodified file on update.
    repo.write("pactkit.yaml", "agents: [qa-engineer]\n");
    assert_code(&repo.pactkit(&["update"]), 0);
    assert_eq!(files(&home.join(".claude/agents"), ".md").len(), 1);
    assert!(
        repo.read("pactkit.yaml")
            .starts_with("agents: [qa-engineer]\n")
    );
}

#[test]
fn an_invalid_opencode_json_is_left_alone() {
    let repo = TestRepo::new();
    let json = repo.home().join(".config/opencode/opencode.json");
    std::fs::create_dir_all(json.parent().unwrap()).unwrap();
    std::fs::write(&json, "{ \"model\": oops").unwrap();
    let out = repo.pactkit(&["init", "--format", "opencode"]);
    assert_code(&out, 0);
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "{ \"model\": oops");
    assert!(
        stderr(&out).contains("left") && stderr(&out).contains("opencode.json"),
        "{}",
        render(&out)
    );
}

#[test]
fn a_jsonc_config_keeps_its_comments_and_keys() {
    let repo = TestRepo::new();
    let json = repo.home().join(".config/opencode/opencode.jsonc");
    std::fs::create_dir_all(json.parent().unwrap()).unwrap();
    std::fs::write(&json, "{\n  // mine\n  \"model\": \"a/b\",\n}\n").unwrap();
    assert_code(&repo.pactkit(&["init", "--format", "opencode"]), 0);
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(
        text.contains("// mine")
            && text.contains("\"model\": \"a/b\"")
            && text.contains("rules/pactkit/*.md"),
        "{text}"
    );
    assert!(!repo.home().join(".config/opencode/opencode.json").exists());
    assert_code(&repo.pactkit(&["uninstall", "--format", "opencode"]), 0);
    assert!(!std::fs::read_to_string(&json).unwrap().contains("pactkit"));
}

#[test]
fn target_previews_into_one_directory_and_touches_nothing_else() {
    let repo = TestRepo::new();
    let before = tree(repo.temp());
    let out = repo.pactkit(&["init", "--target", "preview"]);
    assert_code(&out, 0);
    let preview = repo.path("preview");
    for path in tree(repo.temp())
        .keys()
        .filter(|p| !before.contains_key(*p))
    {
        assert!(path.starts_with(&preview), "wrote {}", path.display());
    }
    assert_eq!(files(&preview.join(".codex/agents"), ".toml").len(), 9);
    assert_eq!(
        files(&preview.join(".config/opencode/agents"), ".md").len(),
        9
    );
}

#[test]
fn project_deploys_into_the_repository_with_its_ci_pipeline() {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", "[project]\nname='x'\n");
    repo.write("AGENTS.md", "# Our project\n");
    repo.write("pactkit.yaml", "ci:\n  provider: github\n");
    let before = tree(repo.temp());
    let out = repo.pactkit(&["init", "--project"]);
    assert_code(&out, 0);
    for path in tree(repo.temp())
        .keys()
        .filter(|p| !before.contains_key(*p))
    {
        assert!(path.starts_with(repo.root()), "wrote {}", path.display());
    }
    assert_eq!(files(&repo.path(".claude/agents"), ".md").len(), 9);
    assert_eq!(files(&repo.path(".codex/agents"), ".toml").len(), 9);
    check_skills(&repo.path(".codex/skills"), 21);
    assert!(!repo.path(".agents").exists());
    let agents_md = repo.read("AGENTS.md");
    assert!(
        agents_md.starts_with("# Our project\n") && agents_md.contains("<!-- pactkit:start -->")
    );
    let workflow = repo.read(".github/workflows/pactkit.yml");
    assert!(
        !workflow.replace("${{", "").contains("{{") && workflow.contains("python-version"),
        "{workflow}"
    );
    // OpenCode reads the repository's AGENTS.md itself: no instructions entry of ours.
    assert!(!repo.path(".opencode/opencode.json").exists());
    assert_code(&repo.pactkit(&["uninstall", "--project"]), 0);
    assert_eq!(repo.read("AGENTS.md"), "# Our project\n");
    for gone in [
        ".github",
        ".claude",
        ".opencode",
        ".codex",
        ".gemini",
        "GEMINI.md",
    ] {
        assert!(!repo.path(gone).exists(), "{gone} is left");
    }
}

#[test]
fn codex_home_is_honoured() {
    let repo = TestRepo::new();
    let codex_home = repo.temp().join("codex-home");
    let out = repo
        .pactkit_cmd()
        .env("CODEX_HOME", &codex_home)
        .args(["init", "--format", "codex"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert_eq!(files(&codex_home.join("agents"), ".toml").len(), 9);
    assert!(!repo.home().join(".codex").exists());
}

#[test]
fn upgrade_refuses_files_deployed_by_a_newer_pactkit() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--format", "classic"]), 0);
    let manifest = repo.home().join(".claude/.pactkit-manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(text.contains(&format!("\"pactkit_version\": \"{version}\"")));
    let out = repo.pactkit(&["upgrade", "--format", "classic"]);
    assert_code(&out, 0);
    std::fs::write(
        &manifest,
        text.replacen(
            &format!("\"pactkit_version\": \"{version}\""),
            "\"pactkit_version\": \"999.0.0\"",
            1,
        ),
    )
    .unwrap();
    let out = repo.pactkit(&["upgrade", "--format", "classic"]);
    assert_code(&out, 3);
    assert!(stderr(&out).contains("999.0.0"), "{}", render(&out));
}

/// Every copy of `needle` in the files a tool reads.
fn copies(paths: &[PathBuf], needle: &str) -> usize {
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t.matches(needle).count())
        .sum()
}

#[test]
fn all_in_a_project_writes_each_shared_item_once_where_every_tool_reads_it() {
    let repo = TestRepo::new();
    let out = repo.pactkit(&["init", "--project"]);
    assert_code(&out, 0);
    // Claude Code's skills, commands and agents are also OpenCode's and Copilot's.
    check_skills(&repo.path(".claude/skills"), 10);
    assert_eq!(files(&repo.path(".claude/commands"), ".md").len(), 11);
    for not_written in [
        ".opencode/skills",
        ".github/skills",
        ".github/agents",
        ".agents",
    ] {
        assert!(!repo.path(not_written).exists(), "{not_written}");
    }
    // Each tool's own directories: Codex's skills, Gemini's files, OpenCode's agents.
    check_skills(&repo.path(".codex/skills"), 21);
    check_skills(&repo.path(".gemini/skills"), 10);
    assert_eq!(files(&repo.path(".gemini/commands"), ".toml").len(), 11);
    assert_eq!(files(&repo.path(".opencode/agents"), ".md").len(), 9);
    // The rules: once, in AGENTS.md; Claude Code and Gemini import it.
    assert!(!repo.path(".claude/rules").exists() && !repo.path(".opencode/rules").exists());
    let rule_heading = "# PactKit core rules";
    let core = std::fs::read_to_string(repo.root().join("AGENTS.md")).unwrap();
    let first_line = core
        .lines()
        .find(|l| l.starts_with("# "))
        .unwrap_or(rule_heading)
        .to_owned();
    let readable: Vec<PathBuf> = tree(repo.root()).into_keys().collect();
    assert_eq!(copies(&readable, &first_line), 1, "{first_line}");
    assert!(repo.read(".claude/CLAUDE.md").contains("\n@../AGENTS.md\n"));
    // The project's memory (PactKit's project CLAUDE.md): once, with the rules.
    let readable_now: Vec<PathBuf> = tree(repo.root()).into_keys().collect();
    assert_eq!(copies(&readable_now, "Dev commands"), 1);
    assert!(repo.read("AGENTS.md").contains("`pactkit context`"));
    assert!(repo.read("GEMINI.md").contains("\n@./AGENTS.md\n"));
    assert!(repo.read("AGENTS.md").contains("`$project-plan`"));
    // Every manifest that relies on a shared file records it.
    for manifest in [".claude", ".opencode", ".github/copilot"] {
        let text = repo.read(&format!("{manifest}/.pactkit-manifest.json"));
        assert!(text.contains("skills/pactkit-board/SKILL.md"), "{manifest}");
    }
    // A second init changes nothing.
    let before = tree(repo.root());
    assert_code(&repo.pactkit(&["init", "--project"]), 0);
    assert_eq!(tree(repo.root()), before);
}

#[test]
fn uninstalling_one_tool_keeps_what_the_others_still_read() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--project"]), 0);
    let out = repo.pactkit(&["uninstall", "--project", "--format", "classic"]);
    assert_code(&out, 0);
    // OpenCode and Copilot still read these.
    assert!(repo.path(".claude/skills/pactkit-board/SKILL.md").exists());
    assert!(repo.path(".claude/commands/project-plan.md").exists());
    assert!(!repo.path(".claude/CLAUDE.md").exists());
    assert!(
        stderr(&out).contains("OpenCode") && stderr(&out).contains("pactkit update"),
        "{}",
        render(&out)
    );
    // Updating the others moves them onto copies of their own; Claude's are then gone.
    for format in ["opencode", "copilot"] {
        assert_code(
            &repo.pactkit(&["update", "--project", "--format", format]),
            0,
        );
    }
    assert!(!repo.path(".claude").exists());
    check_skills(&repo.path(".opencode/skills"), 10);
    check_skills(&repo.path(".github/skills"), 21);
    assert_eq!(files(&repo.path(".github/agents"), ".agent.md").len(), 9);
}

#[test]
fn opencode_deployed_after_claude_code_uses_its_skills() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--format", "classic"]), 0);
    assert_code(&repo.pactkit(&["init", "--format", "opencode"]), 0);
    assert!(!repo.home().join(".config/opencode/skills").exists());
    assert!(
        std::fs::read_to_string(repo.home().join(".config/opencode/.pactkit-manifest.json"))
            .unwrap()
            .contains("../../.claude/skills/pactkit-board/SKILL.md")
    );
}

#[test]
fn a_claude_only_project_gets_the_memory_pactkit_writes_into_its_claude_md() {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", "[project]\nname='x'\n");
    assert_code(
        &repo.pactkit(&["init", "--project", "--format", "classic"]),
        0,
    );
    let block = repo.read(".claude/CLAUDE.md");
    assert!(
        block.contains("- python: tests `pytest`, lint `ruff check .`")
            && block.contains("`pactkit context`")
            && block.contains(".claude/rules/pactkit/"),
        "{block}"
    );
    assert!(!repo.path("AGENTS.md").exists());
}

/// Every file under `dir` that a deployment wrote (manifests aside).
fn deployed_files(dir: &Path) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    tree(dir)
        .into_keys()
        .filter(|p| !p.ends_with(".pactkit-manifest.json"))
        .collect()
}

#[test]
fn a_project_repeats_nothing_the_user_level_already_gives_each_tool() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init"]), 0);
    let out = repo.pactkit(&["init", "--project"]);
    assert_code(&out, 0);
    // Every client reads both levels: a second copy would be listed twice (Claude Code's
    // skills were, before), so the project gets none of the playbooks.
    for dir in [".claude", ".opencode", ".codex", ".github", ".gemini"] {
        assert_eq!(
            deployed_files(&repo.path(dir)),
            Vec::<PathBuf>::new(),
            "{dir}\n{}",
            render(&out)
        );
    }
    assert!(!repo.path("AGENTS.md").exists() && !repo.path("GEMINI.md").exists());
    assert!(
        stderr(&out).contains(
            "Claude Code already has its agents, commands, skills and rules at the user level"
        ),
        "{}",
        render(&out)
    );
    assert!(
        !stderr(&out).contains("loads them twice"),
        "{}",
        render(&out)
    );
}

#[test]
fn a_tool_at_the_user_level_that_reads_the_projects_agents_md_is_warned_of_the_second_copy() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--format", "codex"]), 0);
    let out = repo.pactkit(&["init", "--project", "--format", "opencode"]);
    assert_code(&out, 0);
    // OpenCode needs the rules in AGENTS.md; Codex reads that file besides ~/.codex/AGENTS.md.
    assert!(repo.read("AGENTS.md").contains("pactkit:start"));
    let err = stderr(&out);
    assert!(
        err.contains("Codex CLI is deployed at the user level and also reads the rules (the project's AGENTS.md block) written here for opencode")
            && err.contains("pactkit uninstall --format codex"),
        "{}",
        render(&out)
    );
    // With the same tools at both levels the project writes nothing and warns of nothing.
    let repo = TestRepo::new();
    for format in ["codex", "opencode"] {
        assert_code(&repo.pactkit(&["init", "--format", format]), 0);
    }
    let out = repo.pactkit(&["init", "--project", "--format", "opencode"]);
    assert_code(&out, 0);
    assert!(!repo.path("AGENTS.md").exists(), "{}", render(&out));
    assert!(
        !stderr(&out).contains("loads them twice"),
        "{}",
        render(&out)
    );
}

#[test]
fn copilot_at_the_user_level_is_warned_that_it_reads_the_projects_claude_directory() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--format", "copilot"]), 0);
    let out = repo.pactkit(&["init", "--project", "--format", "classic"]);
    assert_code(&out, 0);
    check_skills(&repo.path(".claude/skills"), 10);
    assert!(
        stderr(&out).contains(
            "GitHub Copilot is deployed at the user level and also reads the skills, commands and agents (the project's .claude/)"
        ),
        "{}",
        render(&out)
    );
}

#[test]
fn uninstalling_the_user_level_lets_the_project_take_the_playbooks_back() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init"]), 0);
    assert_code(&repo.pactkit(&["init", "--project"]), 0);
    let out = repo.pactkit(&["uninstall"]);
    assert_code(&out, 0);
    for dir in [
        ".claude",
        ".config/opencode",
        ".codex",
        ".copilot",
        ".gemini",
    ] {
        assert_eq!(
            deployed_files(&repo.home().join(dir)),
            Vec::<PathBuf>::new(),
            "{dir}"
        );
    }
    // The project's tools now get everything, each item once, as in a project alone.
    let out = repo.pactkit(&["update", "--project"]);
    assert_code(&out, 0);
    check_skills(&repo.path(".claude/skills"), 10);
    assert_eq!(files(&repo.path(".claude/commands"), ".md").len(), 11);
    check_skills(&repo.path(".codex/skills"), 21);
    assert_eq!(files(&repo.path(".gemini/commands"), ".toml").len(), 11);
    assert_eq!(files(&repo.path(".opencode/agents"), ".md").len(), 9);
    assert!(repo.read("AGENTS.md").contains("pactkit:start"));
    assert!(
        !stderr(&out).contains("at the user level"),
        "{}",
        render(&out)
    );
}

#[test]
fn uninstalling_one_format_at_the_user_level_keeps_what_another_reads() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init"]), 0);
    // OpenCode reads Claude Code's ~/.claude/skills.
    let out = repo.pactkit(&["uninstall", "--format", "classic"]);
    assert_code(&out, 0);
    let claude = repo.home().join(".claude");
    check_skills(&claude.join("skills"), 10);
    assert!(!claude.join("agents").exists() && !claude.join("commands").exists());
    assert!(stderr(&out).contains("OpenCode"), "{}", render(&out));
    // The other formats are untouched.
    check_skills(&repo.home().join(".codex/skills"), 21);
    assert_eq!(
        files(&repo.home().join(".gemini/commands"), ".toml").len(),
        11
    );
    // Uninstalling OpenCode too removes the last of them.
    assert_code(&repo.pactkit(&["uninstall", "--format", "opencode"]), 0);
    assert!(!claude.join("skills").exists());
}

#[test]
fn uninstalling_one_format_in_a_project_keeps_the_agents_md_block_until_the_last_reader() {
    let repo = TestRepo::new();
    assert_code(&repo.pactkit(&["init", "--project"]), 0);
    for format in ["gemini", "codex", "opencode"] {
        assert_code(
            &repo.pactkit(&["uninstall", "--project", "--format", format]),
            0,
        );
        // Copilot still reads it; Claude Code imports it.
        assert!(repo.read("AGENTS.md").contains("pactkit:start"), "{format}");
    }
    assert!(!repo.path(".gemini").exists() && !repo.path(".codex").exists());
    assert!(repo.read(".claude/CLAUDE.md").contains("@../AGENTS.md"));
    let out = repo.pactkit(&["uninstall", "--project", "--format", "copilot"]);
    assert_code(&out, 0);
    // Claude Code alone still gets the rules, through its import or its own files.
    let rules_for_claude = (repo.read(".claude/CLAUDE.md").contains("@../AGENTS.md")
        && repo
            .read("AGENTS.md")
            .contains("# pactkit: the P.A.C.T. contract"))
        || repo.path(".claude/rules/pactkit").exists();
    assert!(rules_for_claude, "{}", render(&out));
    assert_code(
        &repo.pactkit(&["uninstall", "--project", "--format", "classic"]),
        0,
    );
    assert!(!repo.path("AGENTS.md").exists() || !repo.read("AGENTS.md").contains("pactkit:start"));
}
