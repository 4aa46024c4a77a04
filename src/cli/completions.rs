//! `pactkit completions <shell>` and `pactkit man`: shell completion scripts and a roff
//! manual page, both generated from the clap definition so they never drift from the CLI.

use super::Cli;
use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use clap::CommandFactory;
use std::path::PathBuf;

/// Arguments of `pactkit completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Install, for example:\n  \
    bash: pactkit completions bash > ~/.local/share/bash-completion/completions/pactkit\n  \
    zsh:  pactkit completions zsh > \"${fpath[1]}/_pactkit\"\n  \
    fish: pactkit completions fish > ~/.config/fish/completions/pactkit.fish\n  \
    powershell: pactkit completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// The shell to generate completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `pactkit man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write one page per command (pactkit.1, pactkit-hooks.1, …) into DIR instead of
    /// printing the top-level page
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// Prints the completion script on stdout.
pub fn completions(ctx: &Invocation, args: &CompletionsArgs) -> Result<ExitStatus> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "pactkit", &mut buf);
    ctx.printer.data_raw(&String::from_utf8_lossy(&buf));
    Ok(ExitStatus::Ok)
}

/// Prints the manual page, or writes every page into `--out-dir`.
pub fn man(ctx: &Invocation, args: &ManArgs) -> Result<ExitStatus> {
    let command = Cli::command();
    match &args.out_dir {
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut buf)
                .map_err(|e| Error::environment("cannot render the manual page").caused_by(e))?;
            ctx.printer.data_raw(&String::from_utf8_lossy(&buf));
        }
        Some(dir) => {
            let dir = ctx.cwd.join(dir);
            crate::infra::fsx::create_dir_all(&dir).map_err(|e| {
                Error::environment(format!("cannot create {}", dir.display())).caused_by(e)
            })?;
            clap_mangen::generate_to(command, &dir).map_err(|e| {
                Error::environment(format!("cannot write manual pages into {}", dir.display()))
                    .caused_by(e)
            })?;
            ctx.printer
                .info(&format!("wrote manual pages into {}", dir.display()));
        }
    }
    Ok(ExitStatus::Ok)
}
