//! `pactkit lesson-append`: records a lesson in the lessons table (PactKit's
//! `lesson-append`). Owns the flags, today's date and the output; the
//! checks, repair and rotation live in `workflow::lessons`.
//!
//! Deliberate differences from PactKit 2.10.6: a skipped lesson exits 1 (PactKit always
//! exits 0); rotation leaves at most 50 rows after the append (PactKit: 51); `|` is escaped;
//! today is the UTC date unless `--date` says otherwise.

use super::Format;
use crate::cli::invocation::Invocation;
use crate::infra::error::{Error, Result};
use crate::infra::exit::ExitStatus;
use crate::workflow::lessons::{self, AppendOutcome, NewLesson, SkipReason};
use jiff::civil::Date;
use serde::Serialize;

/// Arguments of `pactkit lesson-append`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 when the lesson was appended; 1 when it was skipped (no lessons.md, not \
specific enough, or a duplicate of one of the last 5 lessons); 2 on bad arguments or a \
lessons file that is not UTF-8.")]
pub struct LessonAppendArgs {
    /// The work item the lesson comes from (the default context)
    #[arg(long, value_name = "ID")]
    pub story: String,
    /// The lesson; must name a file, function, path or `code`
    #[arg(long, value_name = "TEXT")]
    pub text: String,
    /// The context cell [default: the story id]
    #[arg(long, value_name = "CONTEXT")]
    pub context: Option<String>,
    /// Output format. text: one readable line; json: PactKit's `{"action": "appended"|"skipped", "reason"}` on one line, ASCII only
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The row date instead of today (UTC)
    #[arg(long, value_name = "YYYY-MM-DD", hide = true, value_parser = crate::infra::clock::parse_date)]
    pub date: Option<Date>,
}

#[derive(Serialize)]
struct Report<'a> {
    action: &'static str,
    reason: &'a str,
}

/// Appends the lesson and reports the outcome.
pub fn run(ctx: &Invocation, args: &LessonAppendArgs) -> Result<ExitStatus> {
    if args.story.trim().is_empty() || args.text.trim().is_empty() {
        return Err(Error::usage("--story and --text must not be empty"));
    }
    let lesson = NewLesson {
        date: match args.date {
            Some(date) => date,
            None => crate::infra::clock::today()?,
        },
        story: args.story.trim().to_owned(),
        text: args.text.trim().to_owned(),
        context: args.context.clone().filter(|c| !c.trim().is_empty()),
    };
    let outcome = lessons::append(&ctx.project_root(), &lesson)?;
    match &outcome {
        AppendOutcome::Appended {
            rotated,
            archives,
            repaired,
        } => {
            if *repaired {
                ctx.printer
                    .info("Rebuilt the lessons table header (it was missing or misplaced)");
            }
            if *rotated > 0 {
                let names: Vec<String> = archives.iter().map(|p| p.display().to_string()).collect();
                ctx.printer.info(&format!(
                    "Rotated {rotated} oldest lesson(s) to {}",
                    names.join(", ")
                ));
            }
            let reason = format!("lesson added for {}", lesson.story);
            emit(ctx, args.format, "appended", &reason)?;
            Ok(ExitStatus::Ok)
        }
        AppendOutcome::Skipped(reason) => {
            emit(ctx, args.format, "skipped", reason.as_str())?;
            ctx.printer.hint(skip_hint(*reason));
            Ok(ExitStatus::Blocked)
        }
    }
}

fn emit(ctx: &Invocation, format: Format, action: &'static str, reason: &str) -> Result<()> {
    match format {
        Format::Text if action == "appended" => ctx
            .printer
            .data(&format!("Appended to {}: {reason}", lessons::LESSONS_PATH)),
        Format::Text => ctx.printer.data(&format!("Lesson not added: {reason}")),
        Format::Json => {
            let json = serde_json::to_string(&Report { action, reason })
                .map_err(|e| Error::environment("cannot render the JSON report").caused_by(e))?;
            ctx.printer.data(&ascii_json(&json));
        }
    }
    Ok(())
}

fn skip_hint(reason: SkipReason) -> &'static str {
    match reason {
        SkipReason::NotFound => {
            "create docs/architecture/governance/lessons.md with a `| Date | Lesson | Context |` table"
        }
        SkipReason::NotSpecific => {
            "name a file (board.py), a call (parse()), a path (src/docs) or `code` in --text"
        }
        SkipReason::Duplicate => "a very similar lesson is among the last 5; nothing to add",
    }
}

/// Escapes non-ASCII characters as `\uXXXX` (surrogate pairs above the BMP), as Python's
/// `json.dumps` does by default. Only valid on serialised JSON.
fn ascii_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_escaped_to_ascii() {
        assert_eq!(
            ascii_json(r#"{"a":"x — 😀"}"#),
            r#"{"a":"x \u2014 \ud83d\ude00"}"#
        );
        let back: serde_json::Value =
            serde_json::from_str(&ascii_json(r#"{"a":"— 😀"}"#)).expect("valid json");
        assert_eq!(back["a"], "— 😀");
    }
}
