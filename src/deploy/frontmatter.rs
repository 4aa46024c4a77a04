//! Writing Markdown with YAML frontmatter the way every tool loads it: the block comes from
//! serde_yaml_ng (never string concatenation), is re-parsed and compared before use, carries
//! only the keys the tool allows, and the file is UTF-8 without BOM, with LF line ends.

use serde_yaml_ng::{Mapping, Value};

/// A file we refuse to write because it would not load.
#[derive(Debug, thiserror::Error)]
pub enum FrontmatterError {
    /// A key the tool does not allow for this kind of file.
    #[error("{file}: key `{key}` is not allowed here")]
    KeyNotAllowed {
        /// The file being rendered.
        file: String,
        /// The key.
        key: String,
    },
    /// Serialising or re-parsing failed, or the round trip changed the data.
    #[error("{file}: the frontmatter does not round-trip: {message}")]
    RoundTrip {
        /// The file being rendered.
        file: String,
        /// What happened.
        message: String,
    },
    /// A name that some tool would reject.
    #[error("{file}: name `{name}` must be lowercase kebab-case, at most 64 characters")]
    BadName {
        /// The file being rendered.
        file: String,
        /// The name.
        name: String,
    },
}

/// `^[a-z0-9]+(-[a-z0-9]+)*$`, at most 64 characters: the name every tool accepts.
pub fn is_kebab_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks a name for `file`.
pub fn check_name(file: &str, name: &str) -> Result<(), FrontmatterError> {
    if is_kebab_name(name) {
        Ok(())
    } else {
        Err(FrontmatterError::BadName {
            file: file.to_owned(),
            name: name.to_owned(),
        })
    }
}

/// Ordered frontmatter keys and values.
#[derive(Debug, Default, Clone)]
pub struct Fields(Mapping);

impl Fields {
    /// An empty set.
    pub fn new() -> Self {
        Fields(Mapping::new())
    }

    /// Adds a string.
    pub fn str(mut self, key: &str, value: &str) -> Self {
        self.0.insert(key.into(), Value::String(value.to_owned()));
        self
    }

    /// Adds a string when present.
    pub fn opt(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    /// Adds a list of strings.
    pub fn list(mut self, key: &str, values: &[String]) -> Self {
        let seq = values.iter().map(|v| Value::String(v.clone())).collect();
        self.0.insert(key.into(), Value::Sequence(seq));
        self
    }

    /// Adds any value.
    pub fn value(mut self, key: &str, value: Value) -> Self {
        self.0.insert(key.into(), value);
        self
    }

    /// True when no key is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// `---\n<yaml>---\n\n<body>`; `allowed` is the tool's key list for this kind of file.
pub fn markdown(
    file: &str,
    allowed: &[&str],
    fields: &Fields,
    body: &str,
) -> Result<String, FrontmatterError> {
    for key in fields.0.keys() {
        let key = key.as_str().unwrap_or_default();
        if !allowed.contains(&key) {
            return Err(FrontmatterError::KeyNotAllowed {
                file: file.to_owned(),
                key: key.to_owned(),
            });
        }
    }
    let round_trip = |message: String| FrontmatterError::RoundTrip {
        file: file.to_owned(),
        message,
    };
    let yaml = serde_yaml_ng::to_string(&fields.0).map_err(|e| round_trip(e.to_string()))?;
    let back: Mapping = serde_yaml_ng::from_str(&yaml).map_err(|e| round_trip(e.to_string()))?;
    if back != fields.0 {
        return Err(round_trip("the re-parsed block differs".into()));
    }
    Ok(format!("---\n{yaml}---\n\n{}", clean_body(body)))
}

/// A body without BOM, with LF line ends, no leading blank lines and one final newline.
pub fn clean_body(body: &str) -> String {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = body.trim_start_matches('\n').trim_end();
    format!("{trimmed}\n")
}

/// Splits a written file back into its frontmatter map and body (tests and checks).
pub fn split(text: &str) -> Option<(Mapping, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let map = serde_yaml_ng::from_str(&rest[..=end]).ok()?;
    Some((map, &rest[end + 5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_scalars_are_quoted_and_survive() {
        let fields = Fields::new()
            .str("description", "Plan: a story # with hash")
            .str("argument-hint", "[story]")
            .str("name", "yes");
        let text = markdown(
            "x.md",
            &["description", "argument-hint", "name"],
            &fields,
            "b\r\n",
        )
        .unwrap();
        let (map, body) = split(&text).unwrap();
        assert_eq!(map, fields.0);
        assert_eq!(body, "\nb\n");
        assert!(!text.contains('\r'));
    }

    #[test]
    fn keys_outside_the_allow_list_are_refused() {
        let fields = Fields::new().str("color", "red");
        assert!(matches!(
            markdown("a.md", &["name"], &fields, ""),
            Err(FrontmatterError::KeyNotAllowed { .. })
        ));
    }

    #[test]
    fn kebab_names() {
        assert!(is_kebab_name("project-plan"));
        for bad in [
            "",
            "Plan",
            "a--b",
            "-a",
            "a-",
            "a:b",
            "a_b",
            &"a".repeat(65),
        ] {
            assert!(!is_kebab_name(bad), "{bad}");
        }
    }
}
