//! The two XML formats: Cobertura (`<coverage>`; coverage.py `coverage xml`, pytest-cov,
//! gcovr, cargo-llvm-cov `--cobertura`, coverlet, istanbul's `cobertura` reporter) and
//! JaCoCo (`<report>`; Maven/Gradle `jacoco.xml`).
//!
//! Cobertura: `<class filename="…">` holds `<line number="N" hits="H"/>` (method-level
//! `<lines>` repeat the class's lines and are united with them); a relative filename is
//! tried under every `<sources><source>` root, then as written.
//! JaCoCo: `<package name="com/acme">` holds `<sourcefile name="Foo.java">` with
//! `<line nr="N" mi="missed instructions" ci="covered instructions" …/>`; a line is measured
//! when listed and covered when `ci > 0`. The path is `package/sourcefile`, matched to the
//! repository by suffix (`src/main/java/com/acme/Foo.java`).

use super::xml::{Event, Scanner, attr};
use super::{Collector, ParseError, Slot};

/// Every class filename is tried under every source root: the roots are capped so that a
/// report's cost stays linear in its size (real reports have one to a few).
pub const MAX_SOURCES: usize = 64;

/// Parses a Cobertura report.
pub fn parse_cobertura(text: &str, out: &mut Collector<'_>) -> Result<(), ParseError> {
    let mut sources: Vec<String> = Vec::new();
    let mut in_source: Option<String> = None;
    let mut class: Option<Option<Slot>> = None;
    each_event(text, "coverage", |event, at| {
        match event {
            Event::Start { name, attrs } => match name {
                "source" => in_source = Some(String::new()),
                "class" => {
                    let file = required(attrs, "filename", "class", at)?;
                    class = Some(out.target(&candidates(&sources, &file)));
                }
                "line" => {
                    if let Some(Some(slot)) = class {
                        let number = number(attrs, "number", "line", at)?;
                        let hits = count(attrs, "hits", "line", at)?;
                        add(out, slot, number, hits);
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(source) = &mut in_source {
                    source.push_str(&t);
                }
            }
            Event::End { name } => match name {
                "source" => {
                    if let Some(source) = in_source.take() {
                        add_source(&mut sources, source.trim(), at)?;
                    }
                }
                "class" => class = None,
                _ => {}
            },
        }
        Ok(())
    })
}

/// Adds a `<source>` root unless it is empty or known; fails past [`MAX_SOURCES`].
fn add_source(sources: &mut Vec<String>, source: &str, at: usize) -> Result<(), ParseError> {
    if source.is_empty() || sources.iter().any(|s| s == source) {
        return Ok(());
    }
    if sources.len() == MAX_SOURCES {
        return Err(ParseError::at(
            at,
            format!("more than {MAX_SOURCES} distinct <source> roots"),
        ));
    }
    sources.push(source.to_owned());
    Ok(())
}

/// Parses a JaCoCo report.
pub fn parse_jacoco(text: &str, out: &mut Collector<'_>) -> Result<(), ParseError> {
    let mut package = String::new();
    let mut file: Option<Option<Slot>> = None;
    each_event(text, "report", |event, at| {
        match event {
            Event::Start { name, attrs } => match name {
                "package" => package = required(attrs, "name", "package", at)?,
                "sourcefile" => {
                    let name = required(attrs, "name", "sourcefile", at)?;
                    let joined = if package.is_empty() {
                        name.clone()
                    } else {
                        format!("{package}/{name}")
                    };
                    file = Some(out.target(&[joined, name]));
                }
                "line" => {
                    if let Some(Some(slot)) = file {
                        let number = number(attrs, "nr", "line", at)?;
                        let covered = count(attrs, "ci", "line", at)?;
                        add(out, slot, number, covered);
                    }
                }
                _ => {}
            },
            Event::End { name } => match name {
                "sourcefile" => file = None,
                "package" => package.clear(),
                _ => {}
            },
            Event::Text(_) => {}
        }
        Ok(())
    })
}

/// Hands every event of the XML document `text` to `on`, with the offset just past it;
/// fails unless the first element is `root`, the one the format starts with.
fn each_event<'t>(
    text: &'t str,
    root: &str,
    mut on: impl FnMut(Event<'t>, usize) -> Result<(), ParseError>,
) -> Result<(), ParseError> {
    let mut scanner = Scanner::new(text);
    let mut root_checked = false;
    while let Some(event) = scanner.next_event()? {
        let at = scanner.offset();
        if let Event::Start { name, .. } = &event
            && !root_checked
        {
            if *name != root {
                return Err(ParseError::at(
                    at,
                    format!("the root element is <{name}>, expected <{root}>"),
                ));
            }
            root_checked = true;
        }
        on(event, at)?;
    }
    Ok(())
}

fn add(out: &mut Collector<'_>, slot: Slot, number: u32, hits: u64) {
    if number > 0 {
        out.add(slot, number, hits);
    }
}

/// The paths a Cobertura filename may stand for: under each source root, then as written.
fn candidates(sources: &[String], file: &str) -> Vec<String> {
    let absolute =
        file.starts_with('/') || file.get(1..3) == Some(":\\") || file.get(1..3) == Some(":/");
    let mut out: Vec<String> = Vec::new();
    if !absolute {
        for source in sources {
            out.push(format!("{}/{file}", source.trim_end_matches(['/', '\\'])));
        }
    }
    out.push(file.to_owned());
    out
}

fn required(attrs: &str, key: &str, element: &str, at: usize) -> Result<String, ParseError> {
    attr(attrs, key)
        .map(|v| v.into_owned())
        .ok_or_else(|| ParseError::at(at, format!("<{element}> without a `{key}` attribute")))
}

fn number(attrs: &str, key: &str, element: &str, at: usize) -> Result<u32, ParseError> {
    let value = required(attrs, key, element, at)?;
    value.trim().parse().map_err(|_| {
        ParseError::at(
            at,
            format!("<{element}> has {key}=\"{value}\", expected a line number"),
        )
    })
}

/// A hit count; some writers use decimals (`hits="2.0"`).
fn count(attrs: &str, key: &str, element: &str, at: usize) -> Result<u64, ParseError> {
    let value = required(attrs, key, element, at)?;
    let trimmed = value.trim();
    if let Ok(n) = trimmed.parse::<u64>() {
        return Ok(n);
    }
    match trimmed.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(if f > 0.0 { f.ceil() as u64 } else { 0 }),
        _ => Err(ParseError::at(
            at,
            format!("<{element}> has {key}=\"{value}\", expected a count"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::super::paths::PathResolver;
    use super::super::{Collector, line_of};
    use super::*;
    use std::path::Path;

    fn resolver(known: &[&str], wanted: &[&str]) -> PathResolver {
        PathResolver::new(
            Path::new("/r"),
            &[],
            known.iter().map(|s| s.to_string()),
            wanted.iter().map(|s| s.to_string()),
        )
    }

    const COBERTURA: &str = r#"<?xml version="1.0" ?>
<coverage version="7.6" line-rate="0.5">
  <sources><source>/ci/build/src</source></sources>
  <packages><package name="pkg"><classes>
    <class name="calc.py" filename="pkg/calc.py" line-rate="0.5">
      <methods><method name="add"><lines><line number="2" hits="1"/></lines></method></methods>
      <lines><line number="1" hits="1"/><line number="2" hits="1"/><line number="5" hits="0"/></lines>
    </class>
    <class name="other.py" filename="pkg/other.py"><lines><line number="1" hits="0"/></lines></class>
  </classes></package></packages>
</coverage>
"#;

    #[test]
    fn cobertura_lines_under_source_roots() {
        let r = resolver(
            &["src/pkg/calc.py", "src/pkg/other.py"],
            &["src/pkg/calc.py"],
        );
        let mut out = Collector::new(&r);
        parse_cobertura(COBERTURA, &mut out).unwrap();
        let cov = out.finish();
        let calc = &cov.files["src/pkg/calc.py"];
        assert_eq!(calc.len(), 3);
        assert_eq!(calc[&2], 2, "method and class lines are united");
        assert_eq!(calc[&5], 0);
        assert_eq!(cov.files.len(), 1);
    }

    #[test]
    fn cobertura_errors_name_the_line() {
        let r = resolver(&[], &["pkg/calc.py"]);
        let bad = COBERTURA.replace("number=\"5\"", "number=\"five\"");
        let err = parse_cobertura(&bad, &mut Collector::new(&r)).unwrap_err();
        assert!(err.message.contains("number=\"five\""), "{err:?}");
        let super::super::Where::Offset(at) = err.at else {
            panic!("{err:?}")
        };
        assert_eq!(line_of(&bad, at), 7);
        let truncated = &COBERTURA[..COBERTURA.len() / 2];
        let err = parse_cobertura(truncated, &mut Collector::new(&r)).unwrap_err();
        assert!(err.message.contains("truncated"), "{err:?}");
        let err = parse_cobertura("<report/>", &mut Collector::new(&r)).unwrap_err();
        assert!(err.message.contains("expected <coverage>"), "{err:?}");
    }

    #[test]
    fn jacoco_sourcefiles_by_package_path() {
        let text = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">
<report name="app"><sessioninfo id="x" start="1" dump="2"/>
<package name="com/acme"><class name="com/acme/Calc" sourcefilename="Calc.java">
<method name="add" desc="(II)I" line="3"><counter type="LINE" missed="0" covered="1"/></method></class>
<sourcefile name="Calc.java"><line nr="3" mi="0" ci="4" mb="0" cb="0"/><line nr="7" mi="2" ci="0" mb="0" cb="0"/>
<counter type="LINE" missed="1" covered="1"/></sourcefile></package></report>"#;
        let wanted = "src/main/java/com/acme/Calc.java";
        let r = resolver(&[wanted, "src/test/java/com/acme/CalcTest.java"], &[wanted]);
        let mut out = Collector::new(&r);
        parse_jacoco(text, &mut out).unwrap();
        let cov = out.finish();
        let calc = &cov.files[wanted];
        assert_eq!((calc[&3], calc[&7], calc.len()), (4, 0, 2));
    }

    #[test]
    fn jacoco_wants_its_own_root_element() {
        let r = resolver(&[], &["pkg/calc.py"]);
        let err = parse_jacoco(COBERTURA, &mut Collector::new(&r)).unwrap_err();
        assert!(
            err.message.contains("is <coverage>, expected <report>"),
            "{err:?}"
        );
    }

    #[test]
    fn source_roots_are_capped_and_repeats_do_not_count() {
        let r = resolver(&[], &["pkg/calc.py"]);
        let roots = |n: usize| -> String {
            (0..n)
                .map(|i| format!("<source>/r{i}</source><source> /r{i} </source><source/>"))
                .collect()
        };
        let report = |n: usize| format!("<coverage><sources>{}</sources></coverage>", roots(n));
        parse_cobertura(&report(MAX_SOURCES), &mut Collector::new(&r)).unwrap();
        let err = parse_cobertura(&report(MAX_SOURCES + 1), &mut Collector::new(&r)).unwrap_err();
        assert!(err.message.contains("distinct <source> roots"), "{err:?}");
    }
}
