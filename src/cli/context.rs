//! `pactkit context`: regenerates the session context document `docs/product/context.md`.
//! Owns the flags and gathering the inputs (board, lessons,
//! `git branch`, the spec named in `--last-command`); the document lives in
//! `workflow::context`.

use crate::cli::invocation::Invocation;
use crate::infra::clock;
use crate::infra::error::Result;
use crate::infra::exit::ExitStatus;
use crate::workflow::board::BOARD_PATH;
use crate::workflow::context::{self, CONTEXT_PATH, Continuation, Inputs, LESSONS_PATH};
use crate::workflow::text::TextFile;
use std::path::Path;
use std::process::Stdio;

/// Arguments of `pactkit context`.
#[derive(Debug, clap::Args)]
pub struct ContextArgs {
    /// Write the Agent Continuation section (needs --last-command)
    #[arg(long)]
    pub continuation: bool,
    /// The last workflow command the agent ran (first line kept)
    #[arg(long, value_name = "C")]
    pub last_command: Option<String>,
    /// The phase the agent reached
    #[arg(long, value_name = "P")]
    pub phase: Option<String>,
    /// What blocks the agent
    #[arg(long, value_name = "B")]
    pub blockers: Option<String>,
}

/// Writes the document and prints `Generated <absolute path>`.
pub fn run(ctx: &Invocation, args: &ContextArgs) -> Result<ExitStatus> {
    let root = &ctx.project_root();
    let board = TextFile::read_optional(&root.join(BOARD_PATH))?;
    let lessons = TextFile::read_optional(&root.join(LESSONS_PATH))?;
    let inputs = Inputs {
        timestamp: clock::iso_seconds(&clock::now()?),
        board: board.as_ref().map(|f| f.text.as_str()),
        lessons: lessons.as_ref().map(|f| f.text.as_str()),
        branches: git_branches(root),
        continuation: continuation(ctx, args),
    };
    let path = root.join(CONTEXT_PATH);
    let mut file = match TextFile::read_optional(&path) {
        Ok(Some(existing)) => existing,
        // The document is regenerated whole: an unreadable old copy is simply replaced.
        Ok(None) | Err(_) => TextFile::new(&path, ""),
    };
    file.text = context::render(&inputs);
    file.final_newline = true;
    file.write()?;
    ctx.printer.data(&format!("Generated {}", path.display()));
    Ok(ExitStatus::Ok)
}

/// `git branch` in the project root, trimmed; `None` when git fails or prints nothing.
fn git_branches(root: &Path) -> Option<String> {
    let output = crate::git::git_command()
        .args(["branch", "--no-color"])
        .current_dir(root)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    (output.status.success() && !text.is_empty()).then_some(text)
}

fn continuation(ctx: &Invocation, args: &ContextArgs) -> Option<Continuation> {
    if !args.continuation {
        return None;
    }
    let Some(last_command) = args.last_command.as_deref() else {
        ctx.printer
            .warn("--continuation needs --last-command; Agent Continuation left empty");
        return None;
    };
    let last_command = context::sanitize(last_command);
    let contract = context::item_in(&last_command).map(|id| {
        let spec = ctx
            .project_root()
            .join(crate::workflow::schema::SPECS_DIR)
            .join(format!("{id}.md"));
        let criteria = match TextFile::read_optional(&spec) {
            Ok(Some(file)) => context::acceptance_criteria(&file.text),
            Ok(None) => Vec::new(),
            Err(err) => {
                ctx.printer
                    .warn(&format!("no Sprint Contract: {}", err.message()));
                Vec::new()
            }
        };
        (id.to_owned(), criteria)
    });
    Some(Continuation {
        phase: args.phase.as_deref().map(context::sanitize),
        blockers: args.blockers.as_deref().map(context::sanitize),
        last_command,
        contract,
    })
}
