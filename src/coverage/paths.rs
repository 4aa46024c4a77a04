//! Mapping the paths a coverage report names onto repository files.
//!
//! Reports name files as the test run saw them: absolute paths on a CI machine, paths
//! relative to a `<source>` root, Java package paths, Go import paths. In order:
//! 1. `gates.coverage.path_map` rewrites the first matching prefix (`{from, to}`);
//! 2. the work tree's own absolute prefix is stripped, `./`, `.` and `..` are resolved;
//! 3. an exact repository path wins;
//! 4. otherwise the repository file sharing the longest suffix of whole path components
//!    (at least the file name) wins; a tie between files is no match rather than a guess.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One `gates.coverage.path_map` entry: a report path starting with `from` is read as
/// starting with `to` instead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct PathMapRule {
    /// The prefix as the report writes it (`/home/ci/build/`, `github.com/org/repo/`).
    pub from: String,
    /// The prefix in the repository (`""` for the root, `src/`).
    pub to: String,
}

/// Resolves report paths to repository paths, answering only for wanted files.
#[derive(Debug, Clone, Default)]
pub struct PathResolver {
    roots: Vec<String>,
    rules: Vec<PathMapRule>,
    universe: HashSet<String>,
    by_name: HashMap<String, Vec<String>>,
    wanted: HashSet<String>,
}

impl PathResolver {
    /// A resolver for a work tree at `root`. `known` is every repository file (tracked
    /// files, so that a suffix match can tell `a/util.py` from `b/util.py`); `wanted` are
    /// the files whose coverage is needed (added to `known`).
    pub fn new(
        root: &Path,
        rules: &[PathMapRule],
        known: impl IntoIterator<Item = String>,
        wanted: impl IntoIterator<Item = String>,
    ) -> Self {
        let wanted: HashSet<String> = wanted.into_iter().collect();
        let mut universe: HashSet<String> = known.into_iter().collect();
        universe.extend(wanted.iter().cloned());
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        for path in &universe {
            let name = path.rsplit('/').next().unwrap_or(path);
            by_name
                .entry(name.to_owned())
                .or_default()
                .push(path.clone());
        }
        PathResolver {
            roots: root_prefixes(root),
            rules: rules.to_vec(),
            universe,
            by_name,
            wanted,
        }
    }

    /// The wanted repository path a report path stands for, if any.
    pub fn resolve(&self, raw: &str) -> Option<&str> {
        let found = self.repository_path(raw)?;
        self.wanted.get(found).map(String::as_str)
    }

    /// The repository path a report path stands for, wanted or not.
    pub fn repository_path(&self, raw: &str) -> Option<&str> {
        let mut path = raw.replace('\\', "/");
        if let Some(rule) = self.rules.iter().find(|r| path.starts_with(&r.from)) {
            path = format!("{}{}", rule.to, &path[rule.from.len()..]);
        }
        for root in &self.roots {
            if let Some(rest) = path.strip_prefix(root.as_str()) {
                path = rest.to_owned();
                break;
            }
        }
        let components = normalize(&path);
        let joined = components.join("/");
        if let Some(exact) = self.universe.get(&joined) {
            return Some(exact);
        }
        self.best_suffix_match(&components)
    }

    fn best_suffix_match(&self, components: &[&str]) -> Option<&str> {
        let name = components.last()?;
        let candidates = self.by_name.get(*name)?;
        let mut best: Option<(&str, usize)> = None;
        let mut tied = false;
        for candidate in candidates {
            let score = common_suffix(components, candidate);
            match best {
                Some((_, top)) if score < top => {}
                Some((_, top)) if score == top => tied = true,
                _ => {
                    best = Some((candidate, score));
                    tied = false;
                }
            }
        }
        if tied { None } else { best.map(|(p, _)| p) }
    }
}

/// The work tree's absolute path as written and canonicalised, each with a final `/`.
fn root_prefixes(root: &Path) -> Vec<String> {
    let mut roots = Vec::new();
    let mut push = |p: &Path| {
        let mut s = p.to_string_lossy().replace('\\', "/");
        if s.is_empty() || s == "/" {
            return;
        }
        if !s.ends_with('/') {
            s.push('/');
        }
        if !roots.contains(&s) {
            roots.push(s);
        }
    };
    push(root);
    if let Ok(canonical) = root.canonicalize() {
        push(&canonical);
    }
    roots
}

/// Path components with `.`, empty parts and `..` resolved (a leading `/` is dropped).
fn normalize(path: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            part => out.push(part),
        }
    }
    out
}

/// How many trailing components `components` shares with `candidate`.
fn common_suffix(components: &[&str], candidate: &str) -> usize {
    components
        .iter()
        .rev()
        .zip(candidate.rsplit('/'))
        .take_while(|(a, b)| **a == *b)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver(rules: &[PathMapRule], known: &[&str], wanted: &[&str]) -> PathResolver {
        PathResolver::new(
            Path::new("/work/repo"),
            rules,
            known.iter().map(|s| s.to_string()),
            wanted.iter().map(|s| s.to_string()),
        )
    }

    #[test]
    fn exact_relative_and_own_absolute_paths_resolve() {
        let r = resolver(&[], &["src/a.py"], &["src/a.py"]);
        assert_eq!(r.resolve("src/a.py"), Some("src/a.py"));
        assert_eq!(r.resolve("./src/a.py"), Some("src/a.py"));
        assert_eq!(r.resolve("/work/repo/src/a.py"), Some("src/a.py"));
        assert_eq!(r.resolve("src\\a.py"), Some("src/a.py"));
    }

    #[test]
    fn foreign_absolute_prefixes_resolve_by_longest_suffix() {
        let r = resolver(
            &[],
            &["src/pkg/util.py", "tools/util.py"],
            &["src/pkg/util.py"],
        );
        assert_eq!(
            r.resolve("/home/ci/build/src/pkg/util.py"),
            Some("src/pkg/util.py")
        );
        assert_eq!(r.resolve("/elsewhere/pkg/util.py"), Some("src/pkg/util.py"));
        // `tools/util.py` is known but not wanted.
        assert_eq!(r.resolve("/ci/tools/util.py"), None);
        // A tie on the file name alone is not a match.
        assert_eq!(r.resolve("/ci/other/util.py"), None);
    }

    #[test]
    fn path_map_rewrites_the_first_matching_prefix() {
        let rules = [PathMapRule {
            from: "github.com/acme/app/".into(),
            to: "go/".into(),
        }];
        let r = resolver(
            &rules,
            &["go/main.go", "main.go"],
            &["go/main.go", "main.go"],
        );
        assert_eq!(r.resolve("github.com/acme/app/main.go"), Some("go/main.go"));
        assert_eq!(r.resolve("main.go"), Some("main.go"));
    }

    #[test]
    fn dot_dot_and_unknown_names_are_handled() {
        let r = resolver(&[], &["src/a.py"], &["src/a.py"]);
        assert_eq!(r.resolve("lib/../src/a.py"), Some("src/a.py"));
        assert_eq!(r.resolve("b.py"), None);
        assert_eq!(r.resolve(""), None);
    }
}
