//! The timing loop the benchmarks share: one warm-up run, then `runs` timed runs, reported
//! as min and median (the median resists a busy machine better than the mean).

use std::time::{Duration, Instant};

/// Minimum and median of `runs` timed calls of `run`, after one untimed warm-up call.
pub fn time_runs(runs: usize, mut run: impl FnMut()) -> (Duration, Duration) {
    run();
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[times.len() / 2])
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Prints `label  min … ms   median … ms` for `runs` timed calls of `run`.
#[allow(
    dead_code,
    reason = "each bench includes this module; not all print this way"
)]
pub fn report(label: &str, runs: usize, run: impl FnMut()) -> Duration {
    let (min, median) = time_runs(runs, run);
    println!(
        "  {label:<44} min {:>7.2} ms   median {:>7.2} ms",
        ms(min),
        ms(median)
    );
    median
}
