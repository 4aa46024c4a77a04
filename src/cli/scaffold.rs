//! `pactkit scaffold`: new project files from templates (PactKit's `scaffold.py`):
//! `spec`, `testcase`, `e2e`, `branch`, `skill`, `prd`, `board`. Owns the
//! flags, where each file goes and what is printed; the templates and the branch live in
//! `workflow::scaffold`.
//!
//! Every command prints what it created on stdout (the paths relative to the project
//! root, or the branch name) and never overwrites: an existing target is exit 1 naming
//! it. Ids are canonicalised and get the configured developer prefix when they have none
//! (`STORY-1` + `developer: alice` → `STORY-alice-001`); text that is not an id is exit 2
//! (PactKit passes it through). See `workflow::scaffold` for the deliberate differences of
//! `branch`, `testcase`, `e2e` and `skill`.

use super::next_id::{IdType, allocate};
use crate::cli::invocation::Invocation;
use crate::config::Config;
use crate::infra::env;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::workflow::ids::WorkItemId;
use crate::workflow::next_id::{developer_prefix, resolve_id};
use crate::workflow::scaffold::{self as templates, write_new};
use crate::workflow::schema;
use crate::workflow::text::TextFile;
use std::path::{Path, PathBuf};

/// `pactkit scaffold` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ScaffoldCommand {
    /// Write docs/specs/<ID>.md from the spec template; without ID (or with --next) take
    /// the next free id
    Spec {
        /// The work-item id; with --next, the only argument is the title
        #[arg(value_name = "ID")]
        id: Option<String>,
        /// The title
        #[arg(value_name = "TITLE")]
        title: Option<String>,
        /// Take the next free id of --type
        #[arg(long)]
        next: bool,
        /// Type of the next id
        #[arg(long = "type", value_name = "TYPE", value_enum, default_value_t = IdType::Story)]
        kind: IdType,
    },
    /// Write docs/test_cases/<ID>_case.md, one scenario per acceptance criterion of the spec
    Testcase {
        /// The work-item id
        id: String,
    },
    /// Write a failing end-to-end test for a scenario, in the project's stack
    E2e {
        /// The work-item id
        id: String,
        /// The scenario, also used in the file name
        scenario: String,
    },
    /// Create and check out feature/<ID> (stories) or fix/<ID> (bugs, hotfixes)
    Branch {
        /// The work-item id
        id: String,
    },
    /// Write a skill skeleton into .claude/skills/<NAME>/
    Skill {
        /// Skill name: lowercase letters and digits, inner hyphens
        name: String,
        /// One-line description
        description: String,
        /// Write into ~/.claude/skills instead of the project
        #[arg(long)]
        global: bool,
    },
    /// Write docs/product/prd.md
    Prd {
        /// The product name
        product: String,
    },
    /// Write the empty sprint board docs/product/sprint_board.md
    Board,
}

/// Runs a `scaffold` subcommand.
pub fn run(ctx: &Invocation, cmd: &ScaffoldCommand) -> Result<ExitStatus> {
    let root = ctx.project_root();
    match cmd {
        ScaffoldCommand::Spec {
            id,
            title,
            next,
            kind,
        } => spec(ctx, &root, id.as_deref(), title.as_deref(), *next, *kind),
        ScaffoldCommand::Testcase { id } => testcase(ctx, &root, id),
        ScaffoldCommand::E2e { id, scenario } => e2e(ctx, &root, id, scenario),
        ScaffoldCommand::Branch { id } => branch(ctx, &root, id),
        ScaffoldCommand::Skill {
            name,
            description,
            global,
        } => skill(ctx, &root, name, description, *global),
        ScaffoldCommand::Prd { product } => {
            let text = templates::prd_document(product, &crate::infra::clock::today()?.to_string());
            create(ctx, &root, schema::PRD_FILE, &text)
        }
        ScaffoldCommand::Board => {
            create(ctx, &root, schema::BOARD_FILE, &templates::board_document())
        }
    }
}

/// Writes `rel` under `root` unless it exists, and prints it.
fn create(ctx: &Invocation, root: &Path, rel: &str, text: &str) -> Result<ExitStatus> {
    write_new(&root.join(rel), rel, text.as_bytes())?;
    ctx.printer.data(rel);
    Ok(ExitStatus::Ok)
}

/// The user's id with the developer prefix injected.
fn user_id(ctx: &Invocation, root: &Path, text: &str) -> Result<WorkItemId> {
    user_id_with_config(ctx, root, text).map(|(id, _)| id)
}

/// [`user_id`] and the configuration it came from, loading (and warning) once.
fn user_id_with_config(ctx: &Invocation, root: &Path, text: &str) -> Result<(WorkItemId, Config)> {
    let config = ctx.config(root)?.config;
    let developer = developer_prefix(&config.developer)?;
    Ok((resolve_id(text, developer.as_deref())?, config))
}

fn spec(
    ctx: &Invocation,
    root: &Path,
    id: Option<&str>,
    title: Option<&str>,
    next: bool,
    kind: IdType,
) -> Result<ExitStatus> {
    let (id, title) = match (next, id, title) {
        (true, _, Some(_)) => {
            return Err(Error::usage("with --next, give only the title")
                .hint("pactkit scaffold spec --next \"Title\""));
        }
        (true, title, None) | (false, None, title) => (allocate(ctx, root, kind.into())?, title),
        (false, Some(id), title) => (user_id(ctx, root, id)?, title),
    };
    let text = templates::spec_document(&id, title.unwrap_or("(Title)"));
    create(ctx, root, &templates::spec_path(&id), &text)
}

fn testcase(ctx: &Invocation, root: &Path, id: &str) -> Result<ExitStatus> {
    let id = user_id(ctx, root, id)?;
    let spec = TextFile::read_optional(&root.join(templates::spec_path(&id)))?;
    let (title, criteria) = spec
        .as_ref()
        .map(|doc| templates::spec_criteria(&doc.text))
        .unwrap_or_default();
    if spec.is_none() {
        ctx.printer.warn(&format!(
            "{} not found: writing one placeholder scenario",
            templates::spec_path(&id)
        ));
    }
    let text = templates::testcase_document(&id, title.as_deref(), &criteria);
    create(ctx, root, &templates::testcase_path(&id), &text)
}

fn e2e(ctx: &Invocation, root: &Path, id: &str, scenario: &str) -> Result<ExitStatus> {
    let (id, config) = user_id_with_config(ctx, root, id)?;
    let stack = templates::detect_stack(root, &config.stack);
    let (rel, text) = templates::e2e_test(&id, scenario, stack);
    create(ctx, root, &rel, &text)
}

fn branch(ctx: &Invocation, root: &Path, id: &str) -> Result<ExitStatus> {
    // A branch needs a repository: outside one this is exit 3, before git is asked.
    ctx.repo()?;
    let id = user_id(ctx, root, id)?;
    let name = templates::branch_name(&id);
    templates::create_branch(&ctx.cwd, &name)?;
    ctx.printer.data(&name);
    Ok(ExitStatus::Ok)
}

fn skill(
    ctx: &Invocation,
    root: &Path,
    name: &str,
    description: &str,
    global: bool,
) -> Result<ExitStatus> {
    if !templates::is_valid_skill_name(name) {
        return Err(Error::usage(format!("invalid skill name '{name}'"))
            .hint("use lowercase letters and digits, starting with a letter, with single inner hyphens (e.g. my-skill)"));
    }
    let (base, shown) = if global {
        (home()?.join(".claude/skills"), "~/.claude/skills")
    } else {
        (root.join(".claude/skills"), ".claude/skills")
    };
    let shown_dir = format!("{shown}/{name}");
    let dir = base.join(name);
    templates::refuse_existing(&dir, &shown_dir)?;
    for (rel, text) in templates::skill_files(name, description, &shown_dir) {
        let shown_file = format!("{shown_dir}/{}", rel.display());
        write_new(&dir.join(&rel), &shown_file, text.as_bytes())?;
    }
    ctx.printer.data(&shown_dir);
    Ok(ExitStatus::Ok)
}

fn home() -> Result<PathBuf> {
    env::var_os(env::HOME)
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| Error::environment("HOME is not set: cannot find ~/.claude/skills"))
}
