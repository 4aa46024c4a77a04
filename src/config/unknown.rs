//! Unknown keys: the dotted path of a key `serde_ignored` reports, the known sibling keys
//! at that path, and the "did you mean" suggestion.

use super::model::{Config, LEGACY_HOOK_KEYS};

/// Renders a `serde_ignored` path as `gates.coverage.treshold` / `visualize.layers[0].nme`.
pub(crate) fn dotted(path: &serde_ignored::Path<'_>) -> String {
    use serde_ignored::Path;
    match path {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", dotted(parent)),
        Path::Map { parent, key } => join(&dotted(parent), key),
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => dotted(parent),
    }
}

/// `parent.key`, or `key` at the top level.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// The warning message for an unknown key at `path`.
pub(crate) fn message(path: &str) -> String {
    let (parent, key) = match path.rsplit_once('.') {
        Some((parent, key)) => (parent, key),
        None => ("", path),
    };
    let siblings = known_keys(parent);
    match suggest(key, siblings.iter().map(String::as_str)) {
        Some(hint) => format!("unknown key (did you mean `{}`?)", join(parent, hint)),
        None => "unknown key".to_owned(),
    }
}

/// The keys the model accepts directly under `parent` (dotted), read off the serialized
/// defaults so the list cannot drift from the structs. Only computed for an unknown key.
fn known_keys(parent: &str) -> Vec<String> {
    let Ok(mut node) = serde_json::to_value(Config::default()) else {
        return Vec::new();
    };
    if !parent.is_empty() {
        for segment in parent.split('.') {
            match node.get_mut(segment) {
                Some(child) => node = child.take(),
                None => return Vec::new(),
            }
        }
    }
    let mut keys: Vec<String> = match node {
        serde_json::Value::Object(map) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    match parent {
        "" => keys.extend(["multi_agent", "version"].map(String::from)),
        "hooks" => keys.extend(LEGACY_HOOK_KEYS.iter().map(|(k, _)| (*k).to_owned())),
        _ => {}
    }
    keys
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
/// `-` and `_` are treated alike (`pre_commit` suggests `pre-commit`).
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let norm = normalize(word);
    let limit = (norm.chars().count().max(3)) / 3;
    candidates
        .map(|c| {
            (
                crate::infra::textdist::edit_distance(&norm, &normalize(c)),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '-' {
                '_'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_siblings_only() {
        assert_eq!(
            suggest("treshold", ["threshold", "required"].into_iter()),
            Some("threshold")
        );
        assert_eq!(
            suggest("pre_commit", ["pre-commit", "pre-push"].into_iter()),
            Some("pre-commit")
        );
        assert_eq!(suggest("colour", ["required"].into_iter()), None);
    }

    #[test]
    fn message_names_the_sibling_with_its_full_path() {
        assert_eq!(
            message("hooks.pre_comit"),
            "unknown key (did you mean `hooks.pre-commit`?)"
        );
        assert_eq!(
            message("gates.coverage.requird"),
            "unknown key (did you mean `gates.coverage.required`?)"
        );
        assert_eq!(
            message("developr"),
            "unknown key (did you mean `developer`?)"
        );
        assert_eq!(message("zzz.yyy"), "unknown key");
    }
}
