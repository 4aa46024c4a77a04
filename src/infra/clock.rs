//! The current local time for dated documents (archive month, context timestamps) and the
//! `YYYY-MM-DD` dates they write, as jiff's types. The one place that asks the system clock,
//! so `PACTKIT_NOW` can pin it for tests.

use crate::infra::env;
use crate::infra::error::{Error, Result};
use jiff::Zoned;
use jiff::civil::Date;

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
pub fn today() -> Result<Date> {
    Ok(now()?.date())
}

/// Exactly `YYYY-MM-DD` (ASCII digits, a day that exists), as the governed documents write
/// dates; the error says the form.
pub fn parse_date(text: &str) -> std::result::Result<Date, String> {
    let bad = || format!("'{text}' is not a date of the form YYYY-MM-DD");
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().map_err(|_| bad());
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let month = i8::try_from(month).map_err(|_| bad())?;
    let day = i8::try_from(day).map_err(|_| bad())?;
    Date::new(year, month, day).map_err(|_| bad())
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

    #[test]
    fn dates_parse_in_the_one_written_form_only() {
        assert_eq!(parse_date("2026-02-28"), Ok(jiff::civil::date(2026, 2, 28)));
        assert_eq!(
            parse_date("2024-02-29").map(|d| d.to_string()),
            Ok("2024-02-29".into())
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "２026-01-01",
            "20260101",
            "2026-01-01T00:00",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
