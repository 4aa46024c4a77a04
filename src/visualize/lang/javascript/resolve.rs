//! Resolution of JavaScript/TypeScript import specifiers to project files: relative paths,
//! extension and `index` probing, the TypeScript source of a `.js` specifier, and
//! `tsconfig.json`/`jsconfig.json` `baseUrl`/`paths` aliases.

use std::collections::HashSet;

use serde_json::Value;

use crate::visualize::facts::{Import, ProjectIndex};

/// Extensions probed after a specifier without one, in order.
const PROBE_EXTENSIONS: [&str; 8] = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/// The TypeScript sources an ESM-style `.js`-family specifier may stand for.
const TS_COUNTERPARTS: [(&str, &[&str]); 4] = [
    (".js", &[".ts", ".tsx"]),
    (".jsx", &[".tsx"]),
    (".mjs", &[".mts"]),
    (".cjs", &[".cts"]),
];

/// One `compilerOptions.paths` entry, targets already made relative to the repository
/// root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathAlias {
    /// The pattern as written: `@/*` (one `*` matches any text) or an exact specifier.
    pub pattern: String,
    /// Replacement paths relative to the repository root, the `*` kept: `src/*`.
    pub targets: Vec<String>,
}

impl PathAlias {
    /// The text `*` stands for when `specifier` matches (`""` for exact patterns).
    fn matched<'a>(&self, specifier: &'a str) -> Option<&'a str> {
        match self.pattern.split_once('*') {
            Some((prefix, suffix)) => specifier.strip_prefix(prefix)?.strip_suffix(suffix),
            None => (self.pattern == specifier).then_some(""),
        }
    }

    fn prefix_len(&self) -> usize {
        self.pattern
            .split_once('*')
            .map_or(self.pattern.len(), |(prefix, _)| prefix.len())
    }
}

/// The module aliases of one `tsconfig.json`/`jsconfig.json`; they apply to files under
/// its directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    /// The config's directory relative to the repository root (`""` for the root).
    pub dir: String,
    /// `compilerOptions.baseUrl`, relative to the repository root.
    pub base_url: Option<String>,
    /// `compilerOptions.paths`, in file order.
    pub paths: Vec<PathAlias>,
    /// Relative `extends` targets, relative to the repository root as written (the
    /// caller may read them and [`Aliases::inherit`]); package configs are left out.
    pub extends: Vec<String>,
}

impl Aliases {
    /// Reads `baseUrl`, `paths` and `extends` from a config in `dir` (relative to the
    /// root). Comments and trailing commas are allowed; unreadable text gives no aliases.
    pub fn from_tsconfig(dir: &str, json_text: &str) -> Aliases {
        let dir = join_path("", dir).unwrap_or_default();
        let mut aliases = Aliases {
            dir: dir.clone(),
            ..Aliases::default()
        };
        let Ok(config) = crate::infra::jsonc::parse(json_text) else {
            return aliases;
        };
        aliases.extends = match config.get("extends") {
            Some(Value::String(parent)) => vec![parent.clone()],
            Some(Value::Array(parents)) => parents
                .iter()
                .filter_map(|parent| parent.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
        .into_iter()
        .filter(|parent| parent.starts_with('.'))
        .filter_map(|parent| join_path(&dir, &parent))
        .collect();
        let options = config.get("compilerOptions");
        aliases.base_url = options
            .and_then(|options| options.get("baseUrl"))
            .and_then(Value::as_str)
            .and_then(|base| join_path(&dir, base));
        // Path targets are relative to baseUrl, or to the config's directory without one.
        let target_root = aliases.base_url.clone().unwrap_or_else(|| dir.clone());
        if let Some(Value::Object(paths)) = options.and_then(|options| options.get("paths")) {
            for (pattern, targets) in paths {
                let Value::Array(targets) = targets else {
                    continue;
                };
                let targets: Vec<String> = targets
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(|target| join_path(&target_root, target))
                    .collect();
                if pattern.matches('*').count() <= 1 && !targets.is_empty() {
                    aliases.paths.push(PathAlias {
                        pattern: pattern.clone(),
                        targets,
                    });
                }
            }
        }
        aliases
    }

    /// Takes `baseUrl` and `paths` from the config this one `extends` where it sets none.
    pub fn inherit(&mut self, parent: &Aliases) {
        if self.base_url.is_none() {
            self.base_url = parent.base_url.clone();
        }
        if self.paths.is_empty() {
            self.paths = parent.paths.clone();
        }
    }

    pub(super) fn defines_anything(&self) -> bool {
        self.base_url.is_some() || !self.paths.is_empty()
    }

    fn applies_to(&self, file: &str) -> bool {
        self.dir.is_empty()
            || file
                .strip_prefix(self.dir.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }

    /// The candidate paths of the best-matching `paths` pattern: an exact pattern, else
    /// the wildcard pattern with the longest prefix.
    fn candidates(&self, specifier: &str) -> Vec<String> {
        let best = self
            .paths
            .iter()
            .filter_map(|alias| Some((alias, alias.matched(specifier)?)))
            .max_by_key(|(alias, _)| (!alias.pattern.contains('*'), alias.prefix_len()));
        let Some((alias, matched)) = best else {
            return Vec::new();
        };
        alias
            .targets
            .iter()
            .map(|target| target.replacen('*', matched, 1))
            .collect()
    }
}

/// Resolves JS/TS import specifiers to project files.
pub struct Resolver {
    files: HashSet<String>,
    /// Deepest config directory first, so the nearest config wins.
    aliases: Vec<Aliases>,
}

impl Resolver {
    pub fn new(index: &ProjectIndex) -> Resolver {
        Resolver {
            files: index.files.iter().cloned().collect(),
            aliases: Vec::new(),
        }
    }

    /// Adds the aliases of the project's tsconfig/jsconfig files.
    pub fn with_aliases(mut self, aliases: Vec<Aliases>) -> Resolver {
        self.aliases = aliases;
        // Configs that contain the same file are nested, so the longer directory is the
        // nearer one.
        self.aliases
            .sort_by_key(|aliases| std::cmp::Reverse(aliases.dir.len()));
        self
    }

    /// The project file an import refers to (at most one); empty for packages.
    pub fn resolve(&self, from: &str, import: &Import) -> Vec<String> {
        let specifier = import.target.as_str();
        let found = if is_relative(specifier) {
            let specifier = specifier.split('?').next().unwrap_or(specifier);
            join_path(parent_dir(from), specifier).and_then(|path| self.probe(&path))
        } else if let Some(rooted) = specifier.strip_prefix('/') {
            join_path("", rooted).and_then(|path| self.probe(&path))
        } else {
            self.resolve_aliased(from, specifier)
        };
        found.filter(|path| path != from).into_iter().collect()
    }

    /// Through the configs whose directory holds `from`, nearest first (TypeScript reads
    /// only the nearest, but falling back to the outer ones covers a nested config that
    /// `extends` an outer one without [`Aliases::inherit`]): `paths`, then `baseUrl`.
    fn resolve_aliased(&self, from: &str, specifier: &str) -> Option<String> {
        self.aliases
            .iter()
            .filter(|aliases| aliases.defines_anything() && aliases.applies_to(from))
            .find_map(|aliases| self.resolve_through(aliases, specifier))
    }

    fn resolve_through(&self, aliases: &Aliases, specifier: &str) -> Option<String> {
        let through_paths = aliases
            .candidates(specifier)
            .iter()
            .filter_map(|candidate| join_path("", candidate))
            .find_map(|candidate| self.probe(&candidate));
        through_paths.or_else(|| {
            let base = aliases.base_url.as_deref()?;
            self.probe(&join_path(base, specifier)?)
        })
    }

    /// The file a module path names: as is, with an extension, as a directory `index`,
    /// or the TypeScript source of a `.js`-family path.
    fn probe(&self, path: &str) -> Option<String> {
        if !path.is_empty() && self.files.contains(path) {
            return Some(path.to_string());
        }
        let with_extension = |base: &str| {
            PROBE_EXTENSIONS
                .iter()
                .map(|extension| format!("{base}{extension}"))
                .find(|candidate| self.files.contains(candidate))
        };
        if !path.is_empty()
            && let Some(found) = with_extension(path)
        {
            return Some(found);
        }
        let index = if path.is_empty() {
            "index".to_string()
        } else {
            format!("{path}/index")
        };
        if let Some(found) = with_extension(&index) {
            return Some(found);
        }
        TS_COUNTERPARTS.iter().find_map(|(js, sources)| {
            let stem = path.strip_suffix(js)?;
            sources
                .iter()
                .map(|source| format!("{stem}{source}"))
                .find(|candidate| self.files.contains(candidate))
        })
    }
}

pub(super) fn is_relative(specifier: &str) -> bool {
    specifier == "."
        || specifier == ".."
        || specifier.starts_with("./")
        || specifier.starts_with("../")
}

pub(super) fn parent_dir(file: &str) -> &str {
    file.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `dir` joined with `relative`, `.` and `..` resolved; `None` when it climbs above the
/// root.
pub(super) fn join_path(dir: &str, relative: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    for segment in dir.split('/').chain(relative.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            _ => segments.push(segment),
        }
    }
    Some(segments.join("/"))
}
