//! The runner: orders gates cheapest first, applies `PACTKIT_SKIP` (never to a required
//! gate), `hooks.fail_fast` and `hooks.on_gate_error`, and collects a [`Report`].

use super::{GateId, GateInput, Outcome, Trigger, run_gate};
use crate::config::OnGateError;
use crate::infra::error::Error;
use crate::infra::exit::ExitStatus;
use std::time::{Duration, Instant};

/// Gates the user asked to skip through `PACTKIT_SKIP`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkipRequest {
    all: bool,
    names: Vec<String>,
}

impl SkipRequest {
    /// Parses `gate1,gate2` or `all`; blanks and surrounding spaces are ignored.
    pub fn parse(value: &str) -> SkipRequest {
        let names: Vec<String> = value
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect();
        SkipRequest {
            all: names.iter().any(|n| n == "all"),
            names,
        }
    }

    /// Reads `PACTKIT_SKIP`.
    pub fn from_env() -> SkipRequest {
        crate::infra::env::var(crate::infra::env::PACTKIT_SKIP)
            .map(|v| SkipRequest::parse(&v))
            .unwrap_or_default()
    }

    /// Whether the request names this gate.
    pub fn covers(&self, gate: GateId) -> bool {
        self.all || self.names.iter().any(|n| n == gate.name())
    }

    /// Names that are neither `all` nor a known gate.
    pub fn unknown_names(&self) -> Vec<&str> {
        self.names
            .iter()
            .map(String::as_str)
            .filter(|n| *n != "all" && GateId::parse(n).is_none())
            .collect()
    }
}

/// Knobs of one run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// `PACTKIT_SKIP`.
    pub skip: SkipRequest,
    /// Gates configured `required: true`.
    pub required: Vec<GateId>,
    /// `hooks.fail_fast`.
    pub fail_fast: bool,
    /// `hooks.on_gate_error`.
    pub on_gate_error: OnGateError,
}

/// How one gate's run ended, as the report shows it.
#[derive(Debug, Clone)]
pub struct GateRun {
    /// The gate.
    pub gate: GateId,
    /// Its outcome (a skip requested by `PACTKIT_SKIP` is `Skipped`).
    pub outcome: Outcome,
    /// True when `PACTKIT_SKIP` skipped it.
    pub skipped_by_request: bool,
    /// Wall time spent in the gate.
    pub duration: Duration,
}

/// The result of running a list of gates.
#[derive(Debug, Clone)]
pub struct Report {
    /// What started the run.
    pub trigger: Trigger,
    /// One entry per gate, in run order.
    pub runs: Vec<GateRun>,
    /// `hooks.on_gate_error` in force.
    pub on_gate_error: OnGateError,
    /// Lines about the run itself (a required gate that was not skipped, unknown skip names).
    pub notes: Vec<String>,
    /// Gates configured `required: true` (`PACTKIT_SKIP` cannot skip them).
    pub required: Vec<GateId>,
    /// Whether `PACTKIT_SKIP` could skip the blocking gates (false when judging a range or a
    /// push on the server, where it is ignored).
    pub skippable: bool,
}

impl Report {
    /// Gates that block the commit or push.
    pub fn blocking(&self) -> Vec<GateId> {
        self.runs
            .iter()
            .filter(|run| self.blocks(&run.outcome))
            .map(|run| run.gate)
            .collect()
    }

    /// Whether this outcome blocks under the run's policy.
    pub fn blocks(&self, outcome: &Outcome) -> bool {
        match outcome {
            Outcome::Blocked(_) | Outcome::Interrupted(_) => true,
            Outcome::Errored(_) => self.on_gate_error == OnGateError::Block,
            Outcome::Passed(_) | Outcome::Skipped(_) => false,
        }
    }

    /// The signal that stopped a gate of this run, if one did.
    pub fn interrupted(&self) -> Option<i32> {
        self.runs.iter().find_map(|run| match run.outcome {
            Outcome::Interrupted(signal) => Some(signal),
            _ => None,
        })
    }

    /// 0 when nothing blocks, 1 otherwise.
    pub fn status(&self) -> ExitStatus {
        if self.blocking().is_empty() {
            ExitStatus::Ok
        } else {
            ExitStatus::Blocked
        }
    }
}

/// Turns configured or requested gate names into ids; an unknown name is a config error.
pub fn resolve_gates(names: &[String], origin: &str) -> Result<Vec<GateId>, Error> {
    names
        .iter()
        .map(|name| {
            GateId::parse(name).ok_or_else(|| {
                Error::config(format!("{origin}: unknown gate `{name}`"))
                    .hint(format!("valid gates: {}", GateId::all_names()))
            })
        })
        .collect()
}

/// Runs `gates` (deduplicated, cheapest first) and collects the report.
pub fn run(gates: &[GateId], input: &GateInput<'_>, options: &RunOptions) -> Report {
    let mut ordered = gates.to_vec();
    ordered.sort();
    ordered.dedup();
    let mut report = Report {
        trigger: input.trigger,
        runs: Vec::new(),
        on_gate_error: options.on_gate_error,
        notes: Vec::new(),
        required: options.required.clone(),
        skippable: true,
    };
    for name in options.skip.unknown_names() {
        report.notes.push(format!(
            "PACTKIT_SKIP names `{name}`, which is not a gate ({})",
            GateId::all_names()
        ));
    }
    let mut stop = false;
    for gate in ordered {
        let run = if let Some(signal) = report.interrupted() {
            let name = crate::infra::child::signal_name(signal);
            skipped(
                gate,
                format!("not run: the run was stopped by {name}"),
                false,
            )
        } else if stop {
            skipped(gate, "fail_fast: an earlier gate blocked".into(), false)
        } else if options.skip.covers(gate) && !options.required.contains(&gate) {
            skipped(gate, "skipped by PACTKIT_SKIP".into(), true)
        } else {
            if options.skip.covers(gate) && gate != GateId::Contract {
                report.notes.push(format!(
                    "PACTKIT_SKIP names `{gate}`, but gates.{gate}.required is true: it runs anyway"
                ));
            }
            timed(gate, input)
        };
        stop = options.fail_fast && report.blocks(&run.outcome);
        report.runs.push(run);
    }
    report
}

fn skipped(gate: GateId, reason: String, by_request: bool) -> GateRun {
    GateRun {
        gate,
        outcome: Outcome::Skipped(reason),
        skipped_by_request: by_request,
        duration: Duration::ZERO,
    }
}

fn timed(gate: GateId, input: &GateInput<'_>) -> GateRun {
    let start = Instant::now();
    let outcome = run_gate(gate, input);
    GateRun {
        gate,
        outcome,
        skipped_by_request: false,
        duration: start.elapsed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_request_parses_lists_and_all() {
        let request = SkipRequest::parse(" lint, spec ,,");
        assert!(request.covers(GateId::Lint));
        assert!(request.covers(GateId::Spec));
        assert!(!request.covers(GateId::CommitMsg));
        assert!(SkipRequest::parse("all").covers(GateId::Regression));
    }

    #[test]
    fn unknown_skip_names_are_reported() {
        assert_eq!(
            SkipRequest::parse("lint,lnit,all").unknown_names(),
            vec!["lnit"]
        );
    }

    #[test]
    fn unknown_gate_names_are_config_errors() {
        let err =
            resolve_gates(&["commit-msg".into(), "secret".into()], "hooks.pre-commit").unwrap_err();
        assert!(err.message().contains("unknown gate `secret`"));
        assert_eq!(err.status(), ExitStatus::Usage);
    }
}
