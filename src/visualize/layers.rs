//! `--layers`: the layer model of `visualize.layers` (top layer first) laid over the file
//! graph. A file belongs to the first layer whose glob matches its path; an import from a
//! lower layer into a higher one (infrastructure reaching up into the CLI) is drawn red
//! with `linkStyle`, and a legend lists the layers. Without configured layers a default
//! model is used: presentation, infrastructure, application, domain.

use super::graph::Graph;
use crate::config::model::LayerConfig;
use crate::infra::error::{Error, Result};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::fmt::Write as _;

/// The default model, top first, in the clean-architecture sense: dependencies point
/// inward, toward the domain. Delivery code (CLI, web, UI) sits on top, adapters to the
/// outside world (databases, stores) below it, then the application's use cases, and the
/// domain model at the bottom, depending on nothing above it.
const DEFAULT: &[(&str, &[&str])] = &[
    (
        "presentation",
        &[
            "**/cli/**",
            "**/cli.*",
            "**/cmd/**",
            "**/ui/**",
            "**/web/**",
            "**/api/**",
            "**/routes/**",
            "**/views/**",
            "**/components/**",
            "**/pages/**",
            "**/handlers/**",
        ],
    ),
    (
        "infrastructure",
        &[
            "**/db/**",
            "**/store/**",
            "**/storage/**",
            "**/repo/**",
            "**/repository.*",
            "**/infra/**",
            "**/adapters/**",
            "**/persistence/**",
        ],
    ),
    (
        "application",
        &[
            "**/services/**",
            "**/service.*",
            "**/usecases/**",
            "**/application/**",
        ],
    ),
    (
        "domain",
        &[
            "**/models/**",
            "**/model/**",
            "**/models.*",
            "**/model.*",
            "**/domain/**",
            "**/entities/**",
        ],
    ),
];

/// Compiled layers, top first.
#[derive(Debug)]
pub struct Layers {
    names: Vec<String>,
    sets: Vec<GlobSet>,
}

impl Layers {
    /// The configured layers, or the default model when none are configured.
    pub fn new(configured: Option<&[LayerConfig]>) -> Result<Layers> {
        let layers: Vec<(String, Vec<String>)> = match configured {
            Some(layers) if !layers.is_empty() => layers
                .iter()
                .map(|l| (l.name.clone(), l.patterns.clone()))
                .collect(),
            _ => DEFAULT
                .iter()
                .map(|(name, patterns)| {
                    (
                        (*name).to_owned(),
                        patterns.iter().map(|p| (*p).to_owned()).collect(),
                    )
                })
                .collect(),
        };
        let mut out = Layers {
            names: Vec::new(),
            sets: Vec::new(),
        };
        for (n, (name, patterns)) in layers.into_iter().enumerate() {
            let mut builder = GlobSetBuilder::new();
            for pattern in &patterns {
                let glob = GlobBuilder::new(pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        Error::config(format!(
                            "visualize.layers[{n}] ({name}): invalid pattern `{pattern}`: {e}"
                        ))
                        .hint("patterns are globs over repository paths, e.g. **/cli/**")
                    })?;
                builder.add(glob);
            }
            let set = builder
                .build()
                .map_err(|e| Error::config(format!("visualize.layers[{n}] ({name}): {e}")))?;
            out.names.push(name);
            out.sets.push(set);
        }
        Ok(out)
    }

    /// The index of the first layer matching `path`.
    pub fn layer_of(&self, path: &str) -> Option<usize> {
        self.sets.iter().position(|set| set.is_match(path))
    }

    /// Positions (in render order) of the edges that go from a lower layer up into a higher
    /// one; node keys are file paths.
    pub fn upward_edges(&self, graph: &Graph) -> Vec<usize> {
        let layer: Vec<Option<usize>> = graph.nodes.iter().map(|n| self.layer_of(&n.key)).collect();
        graph
            .edges
            .keys()
            .enumerate()
            .filter(
                |(_, (from, to))| matches!((layer[*from], layer[*to]), (Some(f), Some(t)) if f > t),
            )
            .map(|(i, _)| i)
            .collect()
    }

    /// The legend subgraph and the `linkStyle` lines for `upward` edges.
    pub fn annotate(&self, upward: &[usize]) -> String {
        let mut out = String::from("    subgraph \"Layer Model (top=highest)\"\n");
        for (i, name) in self.names.iter().enumerate() {
            let _ = writeln!(
                out,
                "        pactkit_layer_{i}[\"{i}: {}\"]",
                super::mermaid::label(name)
            );
        }
        out.push_str("    end\n");
        for edge in upward {
            let _ = writeln!(out, "    linkStyle {edge} stroke:red,stroke-width:2px");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualize::graph::Node;

    fn graph(paths: &[&str], edges: &[(usize, usize)]) -> Graph {
        let mut g = Graph::default();
        for p in paths {
            g.nodes.push(Node {
                key: (*p).into(),
                label: (*p).into(),
                href: None,
            });
        }
        for (a, b) in edges {
            g.link(*a, *b);
        }
        g
    }

    #[test]
    fn the_default_model_flags_dependencies_pointing_outward() {
        let layers = Layers::new(None).unwrap();
        assert_eq!(layers.layer_of("src/app/cli/main.py"), Some(0));
        assert_eq!(layers.layer_of("cli.py"), Some(0));
        assert_eq!(layers.layer_of("src/shop/storage/repo.py"), Some(1));
        assert_eq!(layers.layer_of("src/shop/models.py"), Some(3));
        assert_eq!(layers.layer_of("src/util.py"), None);
        let g = graph(
            &[
                "src/cli/a.py",
                "src/models/b.py",
                "src/db/c.py",
                "src/util.py",
            ],
            &[(0, 1), (2, 0), (2, 1), (1, 3)],
        );
        // Edge order is (0,1), (1,3), (2,0), (2,1): only db → cli points outward; the
        // store using the domain model (2,1) is how it should be.
        assert_eq!(layers.upward_edges(&g), vec![2]);
        let text = format!("graph TD\n{}", layers.annotate(&[2]));
        assert!(
            text.contains("linkStyle 2 stroke:red,stroke-width:2px"),
            "{text}"
        );
    }

    #[test]
    fn configured_layers_replace_the_default_and_bad_globs_are_config_errors() {
        let configured = vec![
            LayerConfig {
                name: "top".into(),
                patterns: vec!["top/**".into()],
            },
            LayerConfig {
                name: "bottom".into(),
                patterns: vec!["bottom/**".into()],
            },
        ];
        let layers = Layers::new(Some(&configured)).unwrap();
        assert_eq!(layers.layer_of("bottom/x.go"), Some(1));
        assert_eq!(layers.layer_of("src/cli/x.go"), None);
        let bad = vec![LayerConfig {
            name: "x".into(),
            patterns: vec!["a/[".into()],
        }];
        let err = Layers::new(Some(&bad)).unwrap_err().to_string();
        assert!(
            err.contains("visualize.layers[0] (x): invalid pattern"),
            "{err}"
        );
    }
}
