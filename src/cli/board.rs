//! `pactkit board add | update-task | move | archive | list | snapshot | fix`: the sprint
//! board operations of PactKit's `board.py`. Owns the flags, reading and
//! writing the files (through `workflow::text`) and the messages; the parsing and the edits
//! live in `workflow::board`.
//!
//! Deliberate differences from PactKit: failures are errors with an exit code (`board.py`
//! prints `❌ …` and exits 0); `update-task` never guesses a task (see `workflow::board::edit`);
//! numbers count all tasks of the story, not just the unticked ones; a snapshot without
//! any graph is an error; snapshots do not keep the graphs' modification times.

use crate::cli::invocation::Invocation;
use crate::infra::clock;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::infra::output::escape;
use crate::workflow::board::edit::{self, BoardError, TaskUpdate};
use crate::workflow::board::{self, ARCHIVE_DIR, BOARD_PATH, Board, Section, Story, Task};
use crate::workflow::ids::WorkItemId;
use crate::workflow::text::{self, TextFile};
use serde::Serialize;
use std::path::Path;

/// `pactkit board` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum BoardCommand {
    /// Add a story with unticked tasks at the end of the Backlog
    Add(AddArgs),
    /// Tick a task, named exactly (any case), by a unique prefix or by its number
    UpdateTask(UpdateTaskArgs),
    /// Move a story to the end of another section
    Move(MoveArgs),
    /// Move stories whose tasks are all ticked to docs/product/archive/archive_YYYYMM.md
    Archive,
    /// List the stories: ID | title | done/total | status, sorted by id
    List(ListArgs),
    /// Copy the architecture graphs to docs/architecture/snapshots/VERSION_<graph>
    Snapshot(SnapshotArgs),
    /// Move every story whose checkboxes call for another section
    Fix,
}

/// Arguments of `board add`.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The work-item id (STORY-001, STORY-alice-001, BUG-…, HOTFIX-…)
    pub id: String,
    /// The story title
    pub title: String,
    /// The tasks, separated by `|` ("Write tests|Implement|Docs")
    #[arg(default_value = "")]
    pub tasks: String,
}

/// Arguments of `board update-task`.
#[derive(Debug, clap::Args)]
pub struct UpdateTaskArgs {
    /// The story's id
    pub id: String,
    /// The task: its text (words are joined by spaces), a unique prefix, or its number
    #[arg(required = true, num_args = 1.., allow_hyphen_values = true)]
    pub task: Vec<String>,
}

/// Arguments of `board move`.
#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    /// The story's id
    pub id: String,
    /// The section to move it to
    #[arg(value_enum)]
    pub target: Target,
}

/// A board section on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// ## 📋 Backlog
    Backlog,
    /// ## 🔄 In Progress
    #[value(name = "in-progress", alias = "in_progress")]
    InProgress,
    /// ## ✅ Done
    Done,
}

impl From<Target> for Section {
    fn from(target: Target) -> Section {
        match target {
            Target::Backlog => Section::Backlog,
            Target::InProgress => Section::InProgress,
            Target::Done => Section::Done,
        }
    }
}

/// Arguments of `board list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// Output formats of `board list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// `ID | title | done/total | STATUS` lines
    Text,
    /// `[{"id", "title", "line", "section", "status", "done", "total", "spec",
    /// "tasks": [{"line", "done", "text"}]}]`; `section` is where the story sits (or null)
    Json,
}

/// Arguments of `board snapshot`.
#[derive(Debug, clap::Args)]
pub struct SnapshotArgs {
    /// The version the snapshot is named after (e.g. 1.2.0)
    #[arg(value_name = "VERSION")]
    pub release: String,
}

/// Runs a `board` subcommand.
pub fn run(ctx: &Invocation, command: &BoardCommand) -> Result<ExitStatus> {
    if !matches!(command, BoardCommand::List(_) | BoardCommand::Snapshot(_)) {
        refuse_a_rendered_board(ctx)?;
    }
    match command {
        BoardCommand::Add(args) => add(ctx, args),
        BoardCommand::UpdateTask(args) => update_task(ctx, args),
        BoardCommand::Move(args) => move_story(ctx, args),
        BoardCommand::Archive => archive(ctx),
        BoardCommand::List(args) => list(ctx, args),
        BoardCommand::Snapshot(args) => snapshot(ctx, args),
        BoardCommand::Fix => fix(ctx),
    }?;
    Ok(ExitStatus::Ok)
}

fn parse_id(text: &str) -> Result<WorkItemId> {
    WorkItemId::parse(text.trim()).ok_or_else(|| {
        Error::usage(format!("'{text}' is not a work-item id"))
            .hint("ids look like STORY-001, STORY-alice-001, BUG-bob-002 or HOTFIX-003")
    })
}

/// A board rendered from PactKit 2.27+'s story store is not edited here: the next render
/// would drop the edit. Nothing is written.
fn refuse_a_rendered_board(ctx: &Invocation) -> Result<()> {
    let files = board::store::files(&ctx.project_root());
    if files.is_empty() {
        return Ok(());
    }
    Err(Error::usage(format!(
        "{BOARD_PATH} is rendered from the story store {}/ ({} records, PactKit 2.27+); an edit here would be lost at the next render",
        board::store::STORE_DIR,
        files.len()
    ))
    .hint("change stories with PactKit's own `pactkit board add|complete-task|move`, then `pactkit board render`; `pactkit board list` reads the store"))
}

/// `board list` for a project with a story store: the records, the source of truth.
fn list_store(ctx: &Invocation, args: &ListArgs) -> Result<bool> {
    let root = ctx.project_root();
    if board::store::files(&root).is_empty() {
        return Ok(false);
    }
    let records = board::store::records(&root).map_err(|e| {
        Error::usage(e.to_string())
            .hint("fix the record (YAML with id, title, status, tasks) or move it away")
    })?;
    ctx.printer.info(&format!(
        "read from the story store {}/ (PactKit 2.27+); {BOARD_PATH} is its rendering",
        board::store::STORE_DIR
    ));
    match args.format {
        ListFormat::Json => {
            let rows: Vec<serde_json::Value> = records
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "title": r.title,
                        "status": r.status_word(),
                        "done": r.tasks.iter().filter(|t| t.completed).count(),
                        "total": r.tasks.len(),
                        "spec": r.spec_path,
                        "tasks": r.tasks.iter().map(|t| serde_json::json!({"done": t.completed, "text": t.title})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let json = serde_json::to_string_pretty(&rows)
                .map_err(|e| Error::environment("cannot render the JSON list").caused_by(e))?;
            ctx.printer.data(&json);
        }
        ListFormat::Text if records.is_empty() => ctx.printer.data("No stories in the store."),
        ListFormat::Text => {
            for r in &records {
                let done = r.tasks.iter().filter(|t| t.completed).count();
                ctx.printer.data(&format!(
                    "{} | {} | {done}/{} | {}",
                    r.id,
                    escape::text(&r.title),
                    r.tasks.len(),
                    r.status_word()
                ));
            }
        }
    }
    Ok(true)
}

/// The board file; a missing board is an error (exit 1).
fn read_board(ctx: &Invocation) -> Result<TextFile> {
    TextFile::read_optional(&ctx.project_root().join(BOARD_PATH))?.ok_or_else(|| {
        Error::blocked(format!("no sprint board: {BOARD_PATH} does not exist"))
            .hint("run pactkit in the project root (or -C DIR); /project-init creates the board")
    })
}

/// Writes the board back only when the text changed.
fn save(mut file: TextFile, text: String) -> Result<()> {
    if text == file.text {
        return Ok(());
    }
    file.text = text;
    file.write()
}

/// A refused edit as a command error naming the board file.
fn board_error(err: BoardError) -> Error {
    let hint = match &err {
        BoardError::StoryNotFound(_) => "pactkit board list shows the stories on the board",
        BoardError::AlreadyOnBoard { .. } => {
            "use board update-task or board move on the existing story, or pick a new id"
        }
        BoardError::MissingSections(_) => {
            "a board has the lines '## 📋 Backlog', '## 🔄 In Progress' and '## ✅ Done'"
        }
        BoardError::NoTasks(_) => "tasks are `- [ ] text` lines under the story's title",
        BoardError::UnknownTask { .. } | BoardError::AmbiguousTask { .. } => {
            "name a task by its whole text (any case), a prefix only it has, or its number"
        }
    };
    Error::blocked(format!("{BOARD_PATH}: {err}")).hint(hint)
}

fn one_line(what: &str, text: &str) -> Result<String> {
    if text.contains(['\n', '\r']) {
        return Err(Error::usage(format!("the {what} must be a single line")));
    }
    Ok(text.trim().to_owned())
}

fn add(ctx: &Invocation, args: &AddArgs) -> Result<()> {
    let id = parse_id(&args.id)?;
    let title = one_line("title", &args.title)?;
    let tasks = one_line("task list", &args.tasks)?;
    let tasks: Vec<String> = tasks
        .split('|')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let file = read_board(ctx)?;
    let text =
        edit::add_story(&file.text, &id, args.id.trim(), &title, &tasks).map_err(board_error)?;
    save(file, text)?;
    ctx.printer
        .data(&format!("✅ Story {} added", args.id.trim()));
    Ok(())
}

fn update_task(ctx: &Invocation, args: &UpdateTaskArgs) -> Result<()> {
    let id = parse_id(&args.id)?;
    let query = args.task.join(" ");
    let file = read_board(ctx)?;
    let (text, update) = edit::update_task(&file.text, &id, &query).map_err(board_error)?;
    save(file, text)?;
    let shown = args.id.trim();
    match update {
        TaskUpdate::Ticked { task, moved_to } => {
            ctx.printer
                .data(&format!("✅ Task {shown} updated: {}", escape::text(&task)));
            if let Some(section) = moved_to {
                ctx.printer
                    .data(&format!("✅ Moved {shown} to {}", section.key()));
            }
        }
        TaskUpdate::AlreadyDone { task } => ctx
            .printer
            .data(&format!("✅ Already done: {}", escape::text(&task))),
        TaskUpdate::StoryDone => ctx
            .printer
            .data(&format!("✅ Already done: {shown} (all tasks complete)")),
    }
    Ok(())
}

fn move_story(ctx: &Invocation, args: &MoveArgs) -> Result<()> {
    let id = parse_id(&args.id)?;
    let target = Section::from(args.target);
    let file = read_board(ctx)?;
    let shown = args.id.trim();
    match edit::move_story(&file.text, &id, target).map_err(board_error)? {
        Some(text) => {
            save(file, text)?;
            ctx.printer
                .data(&format!("✅ Moved {shown} to {}", target.key()));
        }
        None => ctx
            .printer
            .data(&format!("✅ {shown} is already in {}", target.key())),
    }
    Ok(())
}

fn fix(ctx: &Invocation) -> Result<()> {
    let file = read_board(ctx)?;
    let (text, moves) = edit::fix(&file.text).map_err(board_error)?;
    save(file, text)?;
    if moves.is_empty() {
        ctx.printer.data("✅ No misplaced stories found.");
        return Ok(());
    }
    ctx.printer.data(&format!(
        "✅ Board fixed: {} stories relocated.",
        moves.len()
    ));
    for (id, section) in moves {
        ctx.printer.data(&format!("  {id} → {}", section.key()));
    }
    Ok(())
}

fn archive(ctx: &Invocation) -> Result<()> {
    let file = read_board(ctx)?;
    let (text, blocks) = edit::archive(&file.text).map_err(board_error)?;
    if blocks.is_empty() {
        ctx.printer.data("✅ No completed stories to archive.");
        return Ok(());
    }
    let month = clock::year_month(&clock::now()?);
    let path = ctx
        .cwd
        .join(ARCHIVE_DIR)
        .join(format!("archive_{month}.md"));
    let mut archive = TextFile::read_optional(&path)?.unwrap_or_else(|| TextFile::new(&path, ""));
    archive.text = edit::append_to_archive(&archive.text, &blocks);
    // The archive first: if the board write then fails, stories are duplicated, not lost.
    archive.write()?;
    save(file, text)?;
    ctx.printer.data(&format!(
        "✅ Archived {} stories to {}",
        blocks.len(),
        escape::path_shown(&path)
    ));
    Ok(())
}

/// One story in `board list --format json`.
#[derive(Serialize)]
struct ListedStory<'a> {
    id: &'a str,
    title: &'a str,
    line: usize,
    section: Option<Section>,
    status: &'static str,
    done: usize,
    total: usize,
    spec: Option<&'a str>,
    tasks: &'a [Task],
}

fn listed(story: &Story) -> ListedStory<'_> {
    ListedStory {
        id: &story.id_text,
        title: &story.title,
        line: story.line,
        section: story.section,
        status: story.derived_section().status(),
        done: story.done_count(),
        total: story.tasks.len(),
        spec: story.spec.as_deref(),
        tasks: &story.tasks,
    }
}

fn list(ctx: &Invocation, args: &ListArgs) -> Result<()> {
    if list_store(ctx, args)? {
        return Ok(());
    }
    let file = read_board(ctx)?;
    let board = Board::parse(&file.text);
    let mut stories: Vec<ListedStory<'_>> = board.stories.iter().map(listed).collect();
    stories.sort_by(|a, b| a.id.cmp(b.id));
    match args.format {
        ListFormat::Json => {
            let json = serde_json::to_string_pretty(&stories)
                .map_err(|e| Error::environment("cannot render the JSON list").caused_by(e))?;
            ctx.printer.data(&json);
        }
        ListFormat::Text if stories.is_empty() => ctx.printer.data("No stories on board."),
        ListFormat::Text => {
            for s in &stories {
                ctx.printer.data(&format!(
                    "{} | {} | {}/{} | {}",
                    s.id,
                    escape::text(s.title),
                    s.done,
                    s.total,
                    s.status
                ));
            }
        }
    }
    Ok(())
}

fn snapshot(ctx: &Invocation, args: &SnapshotArgs) -> Result<()> {
    let version = args.release.trim();
    if !board::is_snapshot_version(version) {
        return Err(
            Error::usage(format!("'{}' is not a version name", args.release))
                .hint("use letters, digits, '.', '-', '_' and '+', e.g. 1.2.0"),
        );
    }
    let root = ctx.project_root();
    let graphs = root.join(board::GRAPHS_DIR);
    let snapshots = root.join(board::SNAPSHOTS_DIR);
    let mut saved = 0;
    for name in board::GRAPHS {
        if copy_if_present(
            &graphs.join(name),
            &snapshots.join(format!("{version}_{name}")),
        )? {
            saved += 1;
        }
    }
    if saved == 0 {
        return Err(
            Error::blocked(format!("no graphs to snapshot in {}", board::GRAPHS_DIR))
                .hint(format!("expected {}", board::GRAPHS.join(", "))),
        );
    }
    ctx.printer
        .data(&format!("✅ Snapshot {version}: {saved} graphs saved"));
    Ok(())
}

fn copy_if_present(from: &Path, to: &Path) -> Result<bool> {
    match std::fs::read(from) {
        Ok(bytes) => text::write_bytes(to, &bytes).map(|()| true),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(err) => {
            Err(Error::environment(format!("cannot read {}", from.display())).caused_by(err))
        }
    }
}
