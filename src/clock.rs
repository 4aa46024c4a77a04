//! The current local time for dated documents (archive month, context timestamps). The
//! one place that asks the system clock, so `PACTKIT_NOW` can pin it for tests.

use crate::env;
use crate::error::{Error, Result};
use jiff::Zoned;

/// The format of `PACTKIT_NOW` and of the timestamps pactkit writes.
const ISO_SECONDS: &str = "%Y-%m-%dT%H:%M:%S%:z";

/// Now in the local time zone, or the instant `PACTKIT_NOW` names (with its offset).
pub fn now() -> Result<Zoned> {
    match env::var(env::PACTKIT_NOW).filter(|v| !v.trim().is_empty()) {
        Some(value) => parse(value.trim()).map_err(|err| {
            Error::config(format!("{}={value}: not a timestamp", env::PACTKIT_NOW))
                .caused_by(err)
                .hint("use the form 2026-11-23T21:37:46+00:00")
        }),
        None => Ok(Zoned::now()),
    }
}

/// `2026-11-23T21:37:46+01:00`: local time, seconds precision, numeric offset.
pub fn iso_seconds(time: &Zoned) -> String {
    time.strftime(ISO_SECONDS).to_string()
}

/// Today's local date (or `PACTKIT_NOW`'s).
pub fn today() -> Result<crate::docs::date::Date> {
    let date = now()?.date();
    // jiff dates are always valid calendar dates within u16 years for any clock we meet.
    Ok(crate::docs::date::Date {
        year: u16::try_from(date.year()).unwrap_or(0),
        month: u8::try_from(date.month()).unwrap_or(1),
        day: u8::try_from(date.day()).unwrap_or(1),
    })
}

/// `202611`: the year and month, as archive file names use them.
pub fn year_month(time: &Zoned) -> String {
    time.strftime("%Y%m").to_string()
}

fn parse(value: &str) -> Result<Zoned, jiff::Error> {
    jiff::fmt::strtime::parse(ISO_SECONDS, value)?.to_zoned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_times_keep_their_offset() {
        let time = parse("2026-11-23T21:37:46+05:30").expect("parses");
        assert_eq!(iso_seconds(&time), "2026-11-23T21:37:46+05:30");
        assert_eq!(year_month(&time), "202611");
        assert!(parse("yesterday").is_err());
    }
}
