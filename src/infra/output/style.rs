//! The one stylesheet: semantic styles, filled with colours only when colour is on.
//! Call sites write `styles.paint(x, styles.error)` and never branch on colour.

use crate::infra::env;
use owo_colors::{OwoColorize, Style};
use std::fmt::Display;
use std::io::IsTerminal;

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal, `NO_COLOR` is unset and `TERM` is not `dumb`.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Which stream a decision is made for.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    /// Standard output (data).
    Stdout,
    /// Standard error (status).
    Stderr,
}

impl ColorChoice {
    /// Decides whether `stream` gets colour. Precedence: `--color always|never`,
    /// then `NO_COLOR`, then `CLICOLOR_FORCE`, then terminal detection.
    pub fn enabled_for(self, stream: Stream) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if env::is_set_non_empty(env::NO_COLOR) {
                    return false;
                }
                if env::var(env::CLICOLOR_FORCE).is_some_and(|v| !v.is_empty() && v != "0") {
                    return true;
                }
                if env::var(env::TERM).as_deref() == Some("dumb") {
                    return false;
                }
                match stream {
                    Stream::Stdout => std::io::stdout().is_terminal(),
                    Stream::Stderr => std::io::stderr().is_terminal(),
                }
            }
        }
    }
}

/// Semantic styles. All plain unless [`Styles::colorized`] built them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Styles {
    /// `error:` labels and blocking findings.
    pub error: Style,
    /// `warning:` labels and warnings.
    pub warning: Style,
    /// `hint:` labels.
    pub hint: Style,
    /// Passing verdicts.
    pub ok: Style,
    /// Skipped gates.
    pub skipped: Style,
    /// File paths and commands.
    pub path: Style,
    /// Secondary text (`caused by:`, timings).
    pub dimmed: Style,
    /// Headings.
    pub bold: Style,
}

impl Styles {
    /// Styles that print text unchanged.
    pub fn plain() -> Self {
        Styles::default()
    }

    /// The coloured palette.
    pub fn colorized() -> Self {
        Styles {
            error: Style::new().red().bold(),
            warning: Style::new().yellow().bold(),
            hint: Style::new().cyan().bold(),
            ok: Style::new().green().bold(),
            skipped: Style::new().blue(),
            path: Style::new().cyan(),
            dimmed: Style::new().dimmed(),
            bold: Style::new().bold(),
        }
    }

    /// Styles for a stream under a colour choice.
    pub fn for_stream(choice: ColorChoice, stream: Stream) -> Self {
        if choice.enabled_for(stream) {
            Styles::colorized()
        } else {
            Styles::plain()
        }
    }

    /// Renders `value` in `style`; with plain styles the text is unchanged.
    pub fn paint(&self, value: impl Display, style: Style) -> String {
        if style_is_plain(style) {
            value.to_string()
        } else {
            value.style(style).to_string()
        }
    }
}

fn style_is_plain(style: Style) -> bool {
    // owo-colors has no public "is plain" query; a plain style renders no escape code.
    format!("{}", "x".style(style)) == "x"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_styles_add_no_escape_codes() {
        let styles = Styles::plain();
        assert_eq!(styles.paint("error:", styles.error), "error:");
    }

    #[test]
    fn colorized_styles_add_escape_codes() {
        let styles = Styles::colorized();
        assert!(styles.paint("error:", styles.error).contains("\x1b["));
    }

    #[test]
    fn explicit_choices_ignore_the_terminal() {
        assert!(ColorChoice::Always.enabled_for(Stream::Stdout));
        assert!(!ColorChoice::Never.enabled_for(Stream::Stderr));
    }
}
