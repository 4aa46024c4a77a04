//! Range mode: every commit of a range judged on its own, by the contract in force.
//!
//! `pactkit check --from-ref A --to-ref B`, `check --ci` and the server's pre-receive hook
//! judge what a range brings the way the local hooks would have judged each commit, so a
//! commit made with `--no-verify` (or through an API) meets exactly the verdict it skipped:
//!
//! - **Per commit**: its message (`commit-msg`), its spec transitions and work item
//!   (`spec`), and the lines it adds (`secrets`) — a secret added and removed again inside
//!   the range is still found. A merge is judged by what it adds itself (paths that differ
//!   from every parent), the rest having been judged in the commits that brought it.
//! - **Once, on the combined change**: the gates that need a work tree (`lint`,
//!   `coverage`, `regression`), and the branch gate on the ref updates.
//! - **The contract**: the configuration and allow lists come from the range's base, never
//!   from the range. A commit that weakens the contract gets a `contract-change` finding
//!   and the contract stays as it was, unless the commit is approved (signed by a key of
//!   the base's allowed-signers file, or the whole run approved with
//!   `--approve-contract-change`): then its contract applies from the next commit on.

use super::contract::{self, Contract};
use super::runner::SkipRequest;
use super::runner::{self, GateRun, Report, RunOptions};
use super::trust::ContractSource;
use super::{
    CommitMessage, Compare, Finding, GateId, GateInput, LazyChanges, Outcome, Pusher, Severity,
    Trigger,
};
use crate::config::OnGateError;
use crate::git::{ChangeSet, CommitInfo, PushUpdate, Repo};
use crate::infra::error::Error;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Gates judged once per commit.
const PER_COMMIT: [GateId; 3] = [GateId::CommitMsg, GateId::Spec, GateId::Secrets];
/// Gates that read the work tree, judged once on the range's combined change.
const NEEDS_WORK_TREE: [GateId; 3] = [GateId::Lint, GateId::Coverage, GateId::Regression];

/// What to judge.
#[derive(Debug, Clone, Default)]
pub struct RangeJob {
    /// The revision whose contract applies at the start (`""`: the empty tree, defaults).
    pub base: String,
    /// The commits to judge, oldest first.
    pub commits: Vec<CommitInfo>,
    /// The two ends of the combined change for the work-tree gates; `None` where there is
    /// no work tree (the server).
    pub net: Option<(String, String)>,
    /// The source branch, whose name may carry a work-item id.
    pub branch: Option<String>,
    /// The ref updates the branch gate judges (empty: no target is known).
    pub pushes: Vec<PushUpdate>,
    /// Who pushes (server side), for the branch gate.
    pub pusher: Option<Pusher>,
    /// The range is bound for a protected branch: `fixup!`/`squash!` commits and merge or
    /// revert headers git did not write are findings.
    pub strict_messages: bool,
    /// A person on the forge approved contract changes for this run.
    pub approved: bool,
    /// Messages judged besides the commits' (`--message-file`).
    pub extra_messages: Vec<CommitMessage>,
    /// Annotated tag messages the push brings: no Conventional Commit, so the secrets gate
    /// alone reads them.
    pub tag_messages: Vec<CommitMessage>,
    /// The range is a pull request into this branch (the branch gate has no push to judge).
    pub pull_request_into: Option<String>,
}

/// The runner's knobs in range mode: `PACTKIT_SKIP` is a local escape hatch and is ignored
/// here (CI chooses gates with `--gate`; a server has no escape hatch).
fn run_options(config: &crate::config::Config) -> RunOptions {
    RunOptions {
        skip: SkipRequest::default(),
        ..super::session::run_options(config)
    }
}

/// Judges a range.
pub fn judge(
    repo: &Repo,
    job: &RangeJob,
    gates: &[GateId],
    trigger: Trigger,
) -> Result<Report, Error> {
    let range = RangeRun { repo, job, trigger };
    let mut in_force = InForce::read(repo, &job.base)?;
    let options = run_options(in_force.contract.config());
    let mut acc = Accumulator::new(trigger, &options);
    if crate::infra::env::is_set_non_empty(crate::infra::env::PACTKIT_SKIP) {
        acc.note("PACTKIT_SKIP is ignored when a range is judged; choose gates with --gate".into());
    }
    let selected: Vec<GateId> = PER_COMMIT
        .into_iter()
        .filter(|g| gates.contains(g))
        .collect();
    for commit in &job.commits {
        let start = Instant::now();
        let changes = repo.commit_changes(commit)?;
        let short = short(&commit.id);
        let adopt = judge_contract(repo, job, commit, &changes, &in_force.contract, &mut acc)?;
        acc.add_time(GateId::Contract, start.elapsed());
        let run = judge_commit(range, &in_force, commit, changes, &selected);
        acc.merge(run, &short);
        if let Some(next) = adopt {
            in_force = InForce {
                contract: next,
                source: ContractSource::Rev(commit.id.clone()),
            };
        }
    }
    if !job.extra_messages.is_empty() && gates.contains(&GateId::CommitMsg) {
        let run = judge_messages(range, &in_force, GateId::CommitMsg, &job.extra_messages);
        acc.merge(run, "");
    }
    if !job.tag_messages.is_empty() && gates.contains(&GateId::Secrets) {
        let run = judge_messages(range, &in_force, GateId::Secrets, &job.tag_messages);
        acc.merge(run, "");
    }
    for gate in gates.iter().filter(|g| !PER_COMMIT.contains(g)) {
        let net = match gate {
            GateId::Contract => continue,
            GateId::Branch => match &job.pull_request_into {
                Some(target) if job.pushes.is_empty() => {
                    acc.skip(
                        *gate,
                        &format!(
                            "a pull request into `{target}` is not a direct push; the forge merges it"
                        ),
                    );
                    continue;
                }
                _ => None,
            },
            gate if NEEDS_WORK_TREE.contains(gate) => match &job.net {
                Some((from, to)) => Some((from, to)),
                None => {
                    acc.skip(
                        *gate,
                        "no work tree here: the gate runs in CI and the local hooks",
                    );
                    continue;
                }
            },
            _ => continue,
        };
        let run = judge_once(range, &in_force, &[*gate], net);
        acc.merge(run, "");
    }
    Ok(acc.finish(gates, job.commits.len()))
}

/// The contract step of one commit: a `contract-change` finding for an unapproved
/// weakening; the commit's contract when it is to apply from the next commit on.
fn judge_contract(
    repo: &Repo,
    job: &RangeJob,
    commit: &CommitInfo,
    changes: &ChangeSet,
    in_force: &Contract,
    acc: &mut Accumulator,
) -> Result<Option<Contract>, Error> {
    let mut weak = inline_allowances(repo, commit, changes, in_force)?;
    let touched = changes.files.iter().any(|f| {
        contract::is_contract_path(&f.path.to_string(), in_force.config())
            || f.old_path
                .as_ref()
                .is_some_and(|p| contract::is_contract_path(&p.to_string(), in_force.config()))
    });
    let mut next = None;
    if touched {
        let parent = commit.parents.first().cloned().unwrap_or_default();
        let old = read_contract(repo, &parent)?;
        let new = read_contract(repo, &commit.id)?;
        weak.extend(contract::weakenings(&old, &new));
        next = Some(new);
    }
    if weak.is_empty() {
        acc.ran(GateId::Contract);
        // A change that weakens nothing (stricter, or neutral) is not adopted: the range is
        // judged by its base's contract, which may be newer than the branch's copy.
        return Ok(None);
    }
    let short = short(&commit.id);
    match approval(repo, job, commit, in_force)? {
        Some(who) => {
            acc.note(format!(
                "commit {short} changes the contract, approved by {who}: {}",
                weak.join("; ")
            ));
            acc.ran(GateId::Contract);
            Ok(next)
        }
        None => {
            acc.push(
                GateId::Contract,
                contract::finding(Severity::Error, &weak, Some(&short)),
            );
            Ok(None)
        }
    }
}

fn read_contract(repo: &Repo, rev: &str) -> Result<Contract, Error> {
    Ok(InForce::read(repo, rev)?.contract)
}

/// Who approved a commit's contract change, if anyone did.
fn approval(
    repo: &Repo,
    job: &RangeJob,
    commit: &CommitInfo,
    in_force: &Contract,
) -> Result<Option<String>, Error> {
    if job.approved {
        return Ok(Some("--approve-contract-change".into()));
    }
    let Some(signers) = &in_force.signers_file else {
        return Ok(None);
    };
    super::approval::ssh_signer(repo, &commit.id, signers)
}

/// Lines the commit adds that would be a secret but for an inline allow comment.
fn inline_allowances(
    repo: &Repo,
    commit: &CommitInfo,
    changes: &ChangeSet,
    in_force: &Contract,
) -> Result<Vec<String>, Error> {
    let found = super::secrets::inline_allowed(repo, in_force, changes)
        .map_err(|e| Error::environment(format!("commit {}: {e}", short(&commit.id))))?;
    Ok(found
        .into_iter()
        .map(|(path, line, rule)| {
            format!(
                "{path}:{line}: an inline `{}` comment lets a {rule} through",
                crate::secrets::INLINE_ALLOW
            )
        })
        .collect())
}

/// The contract commits are judged by, and the revision it was read from.
struct InForce {
    contract: Contract,
    source: ContractSource,
}

impl InForce {
    /// The contract of revision `rev` (`""`: the empty tree, defaults).
    fn read(repo: &Repo, rev: &str) -> Result<InForce, Error> {
        let source = ContractSource::Rev(rev.to_owned());
        let contract = Contract::read(&source.snapshot(repo)?, &source.label())?;
        Ok(InForce { contract, source })
    }
}

/// What every gate run of a range shares.
#[derive(Clone, Copy)]
struct RangeRun<'a> {
    repo: &'a Repo,
    job: &'a RangeJob,
    trigger: Trigger,
}

impl RangeRun<'_> {
    /// Runs `gates` by the contract `in_force` on one change: its files, its messages, the
    /// two states it compares and the ref updates it makes.
    fn run(
        self,
        in_force: &InForce,
        gates: &[GateId],
        changes: &LazyChanges<'_>,
        messages: &[CommitMessage],
        compare: &Compare,
        pushes: &[PushUpdate],
    ) -> Report {
        let config = in_force.contract.config();
        let input = GateInput {
            trigger: self.trigger,
            config,
            root: self.repo.workdir(),
            repo: Some(self.repo),
            changes,
            messages,
            branch: self.job.branch.as_deref(),
            compare,
            config_file: in_force.contract.loaded.path.as_deref(),
            pushes,
            contract_source: &in_force.source,
            pusher: self.job.pusher.as_ref(),
            remote_empty: false,
        };
        runner::run(gates, &input, &run_options(config))
    }
}

fn judge_commit(
    range: RangeRun<'_>,
    in_force: &InForce,
    commit: &CommitInfo,
    changes: ChangeSet,
    gates: &[GateId],
) -> Report {
    let messages = vec![CommitMessage::stored(
        format!("commit {}", short(&commit.id)),
        commit.message.clone(),
    )];
    let changes = LazyChanges::ready(changes);
    let compare = Compare::Range {
        from: commit.parents.first().cloned().unwrap_or_default(),
        to: commit.id.clone(),
    };
    let mut report = range.run(in_force, gates, &changes, &messages, &compare, &[]);
    if range.job.strict_messages && gates.contains(&GateId::CommitMsg) {
        let strict = super::commit_msg::strict_findings(&commit.message, commit.parents.len());
        add_findings(&mut report, GateId::CommitMsg, strict);
    }
    report
}

/// `gate` on `messages` alone (no change set).
fn judge_messages(
    range: RangeRun<'_>,
    in_force: &InForce,
    gate: GateId,
    messages: &[CommitMessage],
) -> Report {
    let changes = LazyChanges::ready(ChangeSet::default());
    range.run(
        in_force,
        &[gate],
        &changes,
        messages,
        &Compare::Unsupported,
        &[],
    )
}

fn judge_once(
    range: RangeRun<'_>,
    in_force: &InForce,
    gates: &[GateId],
    net: Option<(&String, &String)>,
) -> Report {
    let (changes, compare) = match net {
        Some((from, to)) => {
            let (from, to) = (from.clone(), to.clone());
            let compare = Compare::Range {
                from: from.clone(),
                to: to.clone(),
            };
            let repo = range.repo;
            (
                LazyChanges::new(move || repo.range_changes(&from, &to)),
                compare,
            )
        }
        None => (
            LazyChanges::ready(ChangeSet::default()),
            Compare::Unsupported,
        ),
    };
    let messages: Vec<CommitMessage> = super::session::commit_messages(&range.job.commits);
    let pushes = &range.job.pushes;
    range.run(in_force, gates, &changes, &messages, &compare, pushes)
}

fn add_findings(report: &mut Report, gate: GateId, extra: Vec<Finding>) {
    if extra.is_empty() {
        return;
    }
    let Some(run) = report.runs.iter_mut().find(|r| r.gate == gate) else {
        return;
    };
    let mut findings = match std::mem::replace(&mut run.outcome, Outcome::Passed(Vec::new())) {
        Outcome::Passed(f) | Outcome::Blocked(f) => f,
        Outcome::Skipped(_) | Outcome::Errored(_) | Outcome::Interrupted(_) => Vec::new(),
    };
    findings.extend(extra);
    run.outcome = Outcome::from_findings(findings);
}

fn short(id: &str) -> String {
    id.get(..10).unwrap_or(id).to_owned()
}

/// One gate's results over every commit.
#[derive(Default)]
struct GateTotal {
    findings: Vec<Finding>,
    errors: Vec<String>,
    skipped: Option<String>,
    skipped_by_request: bool,
    ran: bool,
    duration: Duration,
}

/// Collects the per-commit reports into one report, a run per gate.
struct Accumulator {
    trigger: Trigger,
    on_gate_error: OnGateError,
    totals: BTreeMap<GateId, GateTotal>,
    notes: Vec<String>,
}

impl Accumulator {
    fn new(trigger: Trigger, options: &RunOptions) -> Accumulator {
        Accumulator {
            trigger,
            on_gate_error: options.on_gate_error,
            totals: BTreeMap::new(),
            notes: Vec::new(),
        }
    }

    fn total(&mut self, gate: GateId) -> &mut GateTotal {
        self.totals.entry(gate).or_default()
    }

    fn ran(&mut self, gate: GateId) {
        self.total(gate).ran = true;
    }

    fn push(&mut self, gate: GateId, finding: Finding) {
        let total = self.total(gate);
        total.ran = true;
        total.findings.push(finding);
    }

    fn skip(&mut self, gate: GateId, reason: &str) {
        self.total(gate).skipped = Some(reason.to_owned());
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    fn add_time(&mut self, gate: GateId, time: Duration) {
        self.total(gate).duration += time;
    }

    /// Adds one run's report; `commit` (short id, or empty) is named in its findings.
    fn merge(&mut self, report: Report, commit: &str) {
        for note in report.notes {
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
        for run in report.runs {
            self.merge_run(run, commit);
        }
    }

    fn merge_run(&mut self, run: GateRun, commit: &str) {
        let total = self.total(run.gate);
        total.duration += run.duration;
        match run.outcome {
            Outcome::Passed(findings) | Outcome::Blocked(findings) => {
                total.ran = true;
                total
                    .findings
                    .extend(findings.into_iter().map(|f| in_commit(f, commit)));
            }
            Outcome::Errored(reason) => {
                total.ran = true;
                total.errors.push(if commit.is_empty() {
                    reason
                } else {
                    format!("commit {commit}: {reason}")
                });
            }
            Outcome::Skipped(reason) => {
                total.skipped_by_request |= run.skipped_by_request;
                total.skipped = Some(reason);
            }
            // Range judging runs no fixer, so nothing is interrupted; were it, it must block.
            Outcome::Interrupted(signal) => {
                total.ran = true;
                total.errors.push(format!(
                    "stopped by {}",
                    crate::infra::child::signal_name(signal)
                ));
            }
        }
    }

    fn finish(mut self, gates: &[GateId], commits: usize) -> Report {
        let mut order: Vec<GateId> = gates.to_vec();
        if !order.contains(&GateId::Contract) {
            order.push(GateId::Contract);
        }
        order.sort();
        order.dedup();
        let mut runs = Vec::new();
        for gate in order {
            let total = self.totals.remove(&gate).unwrap_or_default();
            runs.push(GateRun {
                gate,
                outcome: outcome(
                    total.ran,
                    total.findings,
                    total.errors,
                    total.skipped,
                    commits,
                ),
                skipped_by_request: total.skipped_by_request,
                duration: total.duration,
            });
        }
        Report {
            trigger: self.trigger,
            runs,
            on_gate_error: self.on_gate_error,
            notes: self.notes,
            required: Vec::new(),
            skippable: false,
        }
    }
}

fn outcome(
    ran: bool,
    mut findings: Vec<Finding>,
    errors: Vec<String>,
    skipped: Option<String>,
    commits: usize,
) -> Outcome {
    if !errors.is_empty() && findings.iter().all(|f| f.severity != Severity::Error) {
        return Outcome::Errored(errors.join("; "));
    }
    for error in errors {
        findings.push(Finding {
            severity: Severity::Error,
            rule: "gate-error".into(),
            message: format!("could not judge: {error}"),
            subject: None,
            file: None,
            line: None,
            hint: None,
        });
    }
    if ran {
        return Outcome::from_findings(findings);
    }
    Outcome::Skipped(skipped.unwrap_or_else(|| {
        if commits == 0 {
            "no commits in the range".into()
        } else {
            "nothing to judge".into()
        }
    }))
}

/// Names the commit in a finding that came from one.
fn in_commit(mut finding: Finding, commit: &str) -> Finding {
    if commit.is_empty() {
        return finding;
    }
    let label = format!("commit {commit}");
    match &finding.subject {
        Some(subject) if subject.starts_with("commit ") => {}
        Some(_) | None if finding.file.is_some() => {
            finding.message = format!("{} (in {label})", finding.message);
        }
        _ => finding.subject = Some(label),
    }
    finding
}
