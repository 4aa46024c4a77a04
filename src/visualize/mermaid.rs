//! Mermaid text: node ids, label escaping, the flowchart renderer shared by the file,
//! call and module graphs, and [`check`], a grammar check of the subset visualize writes
//! (tests run every written graph through it; Mermaid itself needs a browser).
//!
//! Ids keep PactKit's shape (`src/demo/cli.py` → `src_demo_cli_py`): ASCII letters,
//! digits and `_`; anything else becomes `_`. Two keys that collapse to the same id get
//! `_2`, `_3`, … in node order, and ids that are Mermaid keywords (`end`, `graph`, …) get
//! a trailing `_`, which PactKit did not do (a function named `end` broke its graphs).

use super::graph::Graph;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Words Mermaid's flowchart and class grammars reserve; an id equal to one breaks parsing.
const KEYWORDS: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "click",
    "style",
    "classdef",
    "class",
    "linkstyle",
    "call",
    "href",
    "default",
    "direction",
    "classdiagram",
    "namespace",
    "note",
    "link",
    "callback",
    "cssclass",
    "interaction",
    // Link targets and words the lexers take for themselves.
    "_self",
    "_blank",
    "_parent",
    "_top",
    "interpolate",
    "o",
    "x",
];

/// One id per key, unique, in key order.
pub fn ids<'k>(keys: impl IntoIterator<Item = &'k str>) -> Vec<String> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for key in keys {
        let base = sanitize(key);
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(id.clone());
        out.push(id);
    }
    out
}

/// A key as an id: ASCII alphanumerics and `_` only, not empty, not a keyword.
pub fn sanitize(key: &str) -> String {
    let mut id: String = key
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert(0, 'n');
    }
    if KEYWORDS.contains(&id.to_ascii_lowercase().as_str()) {
        id.push('_');
    }
    id
}

/// Text safe inside `["…"]`: quotes become `#quot;`, backticks `#96;` (a label opening
/// with one is read as Markdown), line breaks spaces.
pub fn label(text: &str) -> String {
    text.replace('"', "#quot;")
        .replace('`', "#96;")
        .replace(['\n', '\r'], " ")
}

/// How a flowchart shows its edges and nodes.
#[derive(Debug, Clone, Default)]
pub struct FlowStyle {
    /// Write `-->|N|` on edges that occur more than once (or always, with `always_count`).
    pub counts: bool,
    /// Write the count on every edge (the module graph's import counts).
    pub always_count: bool,
    /// Group nodes into `subgraph "Depth d"` blocks by this distance, and draw edges that
    /// go back to a shallower depth dotted, marked `↻`.
    pub depths: Option<BTreeMap<usize, usize>>,
    /// Add `[↑in ↓out]` to labels.
    pub fan: bool,
    /// The depths were measured walking edges backwards (callers of an entry), so an
    /// edge normally goes from a deeper node to a shallower one.
    pub reversed: bool,
    /// Nodes dropped by `--max-nodes`.
    pub dropped: usize,
}

/// Renders `graph TD` text.
pub fn flowchart(graph: &Graph, style: &FlowStyle) -> String {
    // The `--max-nodes` note takes the last id, so it never collides with a node's.
    let mut ids = ids(graph
        .nodes
        .iter()
        .map(|n| n.key.as_str())
        .chain(std::iter::once("more_nodes")));
    let note_id = ids.pop().unwrap_or_default();
    let degrees = graph.degrees();
    let mut out = String::from("graph TD\n");
    let node_line = |out: &mut String, i: usize, indent: &str| {
        let node = &graph.nodes[i];
        let mut text = node.label.clone();
        if style.fan {
            let (fan_in, fan_out) = degrees[i];
            text = format!("{text} [↑{fan_in} ↓{fan_out}]");
        }
        let _ = writeln!(out, "{indent}{}[\"{}\"]", ids[i], label(&text));
        if let Some(href) = &node.href {
            let _ = writeln!(out, "{indent}click {} href \"{}\"", ids[i], label(href));
        }
    };
    match &style.depths {
        Some(depths) => {
            let mut by_depth: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for i in 0..graph.nodes.len() {
                by_depth
                    .entry(depths.get(&i).copied().unwrap_or(0))
                    .or_default()
                    .push(i);
            }
            for (depth, nodes) in by_depth {
                let _ = writeln!(out, "    subgraph \"Depth {depth}\"");
                for i in nodes {
                    node_line(&mut out, i, "        ");
                }
                out.push_str("    end\n");
            }
        }
        None => (0..graph.nodes.len()).for_each(|i| node_line(&mut out, i, "    ")),
    }
    if style.dropped > 0 {
        let _ = writeln!(
            out,
            "    {note_id}[\"... and {} more nodes (use --max-nodes to adjust)\"]",
            style.dropped
        );
    }
    for ((from, to), count) in &graph.edges {
        let back = style.depths.as_ref().is_some_and(|d| {
            let (from_depth, to_depth) = (
                d.get(from).copied().unwrap_or(0),
                d.get(to).copied().unwrap_or(0),
            );
            if style.reversed {
                from_depth < to_depth
            } else {
                to_depth < from_depth
            }
        });
        let arrow = if back { "-.->" } else { "-->" };
        let mut tag = String::new();
        if back {
            tag.push('↻');
        }
        if style.always_count || (style.counts && *count > 1) {
            if !tag.is_empty() {
                tag.push(' ');
            }
            let _ = write!(tag, "{}{count}", if style.always_count { "" } else { "×" });
        }
        if tag.is_empty() {
            let _ = writeln!(out, "    {} {arrow} {}", ids[*from], ids[*to]);
        } else {
            let _ = writeln!(out, "    {} {arrow}|{tag}| {}", ids[*from], ids[*to]);
        }
    }
    out
}

/// Checks Mermaid text of the shapes visualize writes: a `graph TD` flowchart (node
/// definitions, `click` links, edges with optional `|label|`, depth subgraphs) or a
/// `classDiagram` (class blocks, members, annotations, relations, notes). Returns the first
/// problem as `line N: what`.
pub fn check(text: &str) -> Result<(), String> {
    let mut lines = text.lines().enumerate();
    match lines.next().map(|(_, l)| l.trim()) {
        Some("graph TD") => check_flowchart(lines),
        Some("classDiagram") => check_class_diagram(lines),
        other => Err(format!(
            "line 1: expected `graph TD` or `classDiagram`, found {other:?}"
        )),
    }
}

type Lines<'t> = std::iter::Enumerate<std::str::Lines<'t>>;

fn is_id(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&text.to_ascii_lowercase().as_str())
}

/// `"…"` with no inner quote; returns the inside.
fn quoted(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('"')).then_some(inner)
}

fn check_flowchart(lines: Lines<'_>) -> Result<(), String> {
    let mut defined = BTreeSet::new();
    let mut used = Vec::new();
    let mut open_subgraphs = 0usize;
    let mut edges = 0usize;
    let mut styled = Vec::new();
    for (n, raw) in lines {
        let line = raw.trim();
        let at = |what: &str| format!("line {}: {what}: {raw}", n + 1);
        if line.is_empty() || line.starts_with("%%") {
            continue;
        }
        if let Some(title) = line.strip_prefix("subgraph ") {
            quoted(title).ok_or_else(|| at("subgraph title must be quoted"))?;
            open_subgraphs += 1;
        } else if let Some(rest) = line.strip_prefix("linkStyle ") {
            let (index, style) = rest
                .split_once(' ')
                .ok_or_else(|| at("linkStyle needs a style"))?;
            if index.parse::<usize>().is_err() || style.is_empty() || style.contains(' ') {
                return Err(at("bad linkStyle"));
            }
            styled.push((n, index.parse::<usize>().unwrap_or(usize::MAX)));
        } else if line == "end" {
            open_subgraphs = open_subgraphs
                .checked_sub(1)
                .ok_or_else(|| at("`end` without subgraph"))?;
        } else if let Some(rest) = line.strip_prefix("click ") {
            let (id, target) = rest
                .split_once(" href ")
                .ok_or_else(|| at("click needs href"))?;
            quoted(target).ok_or_else(|| at("href must be quoted"))?;
            used.push((n, id.to_owned()));
        } else if let Some((id, rest)) = line.split_once("[\"") {
            if !is_id(id) || !rest.ends_with("\"]") || rest[..rest.len() - 2].contains('"') {
                return Err(at("bad node definition"));
            }
            defined.insert(id.to_owned());
        } else {
            let (from, to) =
                edge_ends(line).ok_or_else(|| at("not a node, edge, click or subgraph"))?;
            used.push((n, from.to_owned()));
            used.push((n, to.to_owned()));
            edges += 1;
        }
    }
    if open_subgraphs != 0 {
        return Err("end of text: unclosed subgraph".into());
    }
    if let Some((n, index)) = styled.into_iter().find(|(_, index)| *index >= edges) {
        return Err(format!(
            "line {}: linkStyle {index} names no edge ({edges} edges)",
            n + 1
        ));
    }
    match used.into_iter().find(|(_, id)| !defined.contains(id)) {
        Some((n, id)) => Err(format!("line {}: `{id}` is used but never defined", n + 1)),
        None => Ok(()),
    }
}

/// `a --> b`, `a -.-> b`, `a -->|label| b`.
fn edge_ends(line: &str) -> Option<(&str, &str)> {
    let (from, rest) = line.split_once(' ')?;
    let rest = rest
        .strip_prefix("-->")
        .or_else(|| rest.strip_prefix("-.->"))?;
    let to = match rest.strip_prefix('|') {
        Some(labelled) => {
            let (text, to) = labelled.split_once("| ")?;
            if text.is_empty() || text.contains('|') || text.contains('"') {
                return None;
            }
            to
        }
        None => rest.strip_prefix(' ')?,
    };
    (is_id(from) && is_id(to)).then_some((from, to))
}

fn check_class_diagram(lines: Lines<'_>) -> Result<(), String> {
    let mut defined = BTreeSet::new();
    let mut used = Vec::new();
    let mut in_class = false;
    for (n, raw) in lines {
        let line = raw.trim();
        let at = |what: &str| format!("line {}: {what}: {raw}", n + 1);
        if line.is_empty() || line.starts_with("%%") {
            continue;
        }
        if in_class {
            if line == "}" {
                in_class = false;
            } else if !(is_member(line) || is_annotation(line)) {
                return Err(at("bad class member"));
            }
        } else if let Some(rest) = line.strip_prefix("class ") {
            let (head, opens) = match rest.strip_suffix(" {") {
                Some(head) => (head, true),
                None => (rest, false),
            };
            let id = match head.split_once("[\"") {
                Some((id, label))
                    if label.ends_with("\"]") && !label[..label.len() - 2].contains('"') =>
                {
                    id
                }
                Some(_) => return Err(at("bad class label")),
                None => head,
            };
            if !is_id(id) {
                return Err(at("bad class name"));
            }
            defined.insert(id.to_owned());
            in_class = opens;
        } else if let Some(text) = line.strip_prefix("note ") {
            quoted(text).ok_or_else(|| at("note text must be quoted"))?;
        } else if let Some((id, member)) = line.split_once(" : ") {
            if !is_id(id) || !is_member(member) {
                return Err(at("bad member line"));
            }
            used.push((n, id.to_owned()));
        } else {
            let parts: Vec<&str> = line.split(' ').collect();
            let [from, arrow, to] = parts[..] else {
                return Err(at("not a class, member, relation or note"));
            };
            if !matches!(arrow, "<|--" | "<|.." | "*--" | "o--" | "-->" | "..>")
                || !is_id(from)
                || !is_id(to)
            {
                return Err(at("bad relation"));
            }
            used.push((n, from.to_owned()));
            used.push((n, to.to_owned()));
        }
    }
    if in_class {
        return Err("end of text: unclosed class block".into());
    }
    match used.into_iter().find(|(_, id)| !defined.contains(id)) {
        Some((n, id)) => Err(format!(
            "line {}: class `{id}` is used but never declared",
            n + 1
        )),
        None => Ok(()),
    }
}

/// `+name(a, b)`, `-name()`, `+field`: a visibility sign, an identifier, optional params.
fn is_member(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['+', '-', '#', '~']) else {
        return false;
    };
    let (name, params) = match rest.split_once('(') {
        Some((name, params)) => (name, params.strip_suffix(')')),
        None => (rest, Some("")),
    };
    let ident = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    ident(name) && params.is_some_and(|p| p.is_empty() || p.split(", ").all(ident))
}

fn is_annotation(text: &str) -> bool {
    text.strip_prefix("<<")
        .and_then(|t| t.strip_suffix(">>"))
        .is_some_and(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphabetic()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualize::graph::Node;

    fn graph(keys: &[&str], edges: &[(usize, usize)]) -> Graph {
        let mut g = Graph::default();
        for k in keys {
            g.nodes.push(Node {
                key: (*k).into(),
                label: (*k).into(),
                href: Some((*k).into()),
            });
        }
        for (a, b) in edges {
            g.link(*a, *b);
        }
        g
    }

    #[test]
    fn ids_are_sanitised_unique_and_never_keywords() {
        assert_eq!(
            ids([
                "src/demo/cli.py",
                "src/demo-cli.py",
                "end",
                "1x",
                "é.py",
                ""
            ]),
            vec![
                "src_demo_cli_py",
                "src_demo_cli_py_2",
                "end_",
                "n1x",
                "__py",
                "n"
            ]
        );
    }

    #[test]
    fn labels_escape_quotes_backticks_and_line_breaks() {
        assert_eq!(label("`tick` \"q\"\nx"), "#96;tick#96; #quot;q#quot; x");
        assert_eq!(sanitize("_parent"), "_parent_");
        assert_eq!(sanitize("O"), "O_");
        assert!(check("graph TD\n    _self[\"x\"]\n").is_err());
    }

    #[test]
    fn the_note_never_takes_a_node_s_id() {
        let mut g = graph(&["more_nodes", "b"], &[(0, 1)]);
        let text = flowchart(
            &g,
            &FlowStyle {
                dropped: 1,
                ..FlowStyle::default()
            },
        );
        assert!(
            text.contains("more_nodes_2[\"... and 1 more nodes"),
            "{text}"
        );
        check(&text).unwrap();
        g.nodes.clear();
        g.edges.clear();
        check(&flowchart(&g, &FlowStyle::default())).unwrap();
    }

    #[test]
    fn flowcharts_pass_the_check() {
        let mut g = graph(&["a.py", "b \"q\".py", "end"], &[(0, 1), (1, 2), (2, 0)]);
        g.link(0, 1);
        let plain = flowchart(
            &g,
            &FlowStyle {
                counts: true,
                dropped: 2,
                ..FlowStyle::default()
            },
        );
        assert!(plain.contains("a_py -->|×2| b__q__py"), "{plain}");
        assert!(plain.contains("#quot;q#quot;"), "{plain}");
        check(&plain).unwrap();
        let depths = [(0, 0), (1, 1), (2, 2)].into_iter().collect();
        let deep = flowchart(
            &g,
            &FlowStyle {
                depths: Some(depths),
                fan: true,
                ..FlowStyle::default()
            },
        );
        assert!(deep.contains("end_ -.->|↻| a_py"), "{deep}");
        assert!(deep.contains("subgraph \"Depth 2\""), "{deep}");
        check(&deep).unwrap();
    }

    #[test]
    fn the_check_rejects_what_mermaid_rejects() {
        for bad in [
            "flowchart\n",
            "graph TD\n    a[\"x\"]\n    a --> b\n",
            "graph TD\n    end[\"x\"]\n",
            "graph TD\n    a[\"x\"y\"]\n",
            "graph TD\n    subgraph \"x\"\n    a[\"x\"]\n",
            "graph TD\n    a[\"x\"]\n    a ==> a\n",
            "classDiagram\n    class A {\n        +m(\n    }\n",
            "classDiagram\n    class A\n    A <|-- B\n",
            "classDiagram\n    class A {\n",
            "graph TD\n    a[\"x\"]\n    linkStyle 0 stroke:red\n",
            "graph TD\n    a[\"x\"]\n    a --> a\n    linkStyle x stroke:red\n",
        ] {
            assert!(check(bad).is_err(), "accepted: {bad}");
        }
        check("classDiagram\n    class A {\n        <<interface>>\n        +m(a, b)\n        -x\n    }\n    class B[\"B é\"]\n    B : +run()\n    A <|.. B\n    note \"n\"\n").unwrap();
    }
}
