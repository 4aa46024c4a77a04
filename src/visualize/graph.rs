//! A directed graph of named nodes and the selections visualize offers on it: a focus
//! neighbourhood, a walk from an entry (forward or reverse, depth-limited), PactKit's
//! "depth from the roots", and a node cap. Every mode builds one of these, selects, then
//! renders; keeping selection here keeps the four modes consistent.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// One node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Stable identity (a path, a qualified name); Mermaid ids derive from it.
    pub key: String,
    /// What the reader sees.
    pub label: String,
    /// A link target, when the node is a file or folder.
    pub href: Option<String>,
}

/// A directed graph; edges carry how many times the relation occurs.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Nodes in render order.
    pub nodes: Vec<Node>,
    /// (from, to) → count; sorted, so output is stable.
    pub edges: BTreeMap<(usize, usize), usize>,
}

/// Which way a walk follows edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From a node to what it uses.
    Forward,
    /// From a node to what uses it.
    Reverse,
    /// Both ways.
    Both,
}

impl Graph {
    /// Adds an edge (self-edges are dropped: a file importing itself says nothing).
    pub fn link(&mut self, from: usize, to: usize) {
        if from != to {
            *self.edges.entry((from, to)).or_insert(0) += 1;
        }
    }

    /// Distance of every node reachable from `roots` within `depth` hops (`None`: no limit).
    pub fn walk(
        &self,
        roots: &[usize],
        direction: Direction,
        depth: Option<usize>,
    ) -> BTreeMap<usize, usize> {
        let (forward, backward) = self.adjacency();
        let mut seen: BTreeMap<usize, usize> = roots.iter().map(|r| (*r, 0)).collect();
        let mut queue: VecDeque<usize> = roots.iter().copied().collect();
        while let Some(node) = queue.pop_front() {
            let distance = seen[&node];
            if depth.is_some_and(|d| distance >= d) {
                continue;
            }
            let next = match direction {
                Direction::Forward => forward[node].clone(),
                Direction::Reverse => backward[node].clone(),
                Direction::Both => forward[node].union(&backward[node]).copied().collect(),
            };
            for neighbour in next {
                if let std::collections::btree_map::Entry::Vacant(slot) = seen.entry(neighbour) {
                    slot.insert(distance + 1);
                    queue.push_back(neighbour);
                }
            }
        }
        seen
    }

    /// Nodes without incoming edges (PactKit's roots for `--depth` alone); every node
    /// when the graph is one big cycle.
    pub fn sources(&self) -> Vec<usize> {
        let targets: BTreeSet<usize> = self.edges.keys().map(|(_, to)| *to).collect();
        let sources: Vec<usize> = (0..self.nodes.len())
            .filter(|n| !targets.contains(n))
            .collect();
        if sources.is_empty() {
            (0..self.nodes.len()).collect()
        } else {
            sources
        }
    }

    /// The subgraph of `keep` (node order preserved), with a map old index → new index.
    pub fn retain(&self, keep: &BTreeSet<usize>) -> Graph {
        let mut renumber = BTreeMap::new();
        let mut out = Graph::default();
        for (old, node) in self.nodes.iter().enumerate() {
            if keep.contains(&old) {
                renumber.insert(old, out.nodes.len());
                out.nodes.push(node.clone());
            }
        }
        for ((from, to), count) in &self.edges {
            if let (Some(f), Some(t)) = (renumber.get(from), renumber.get(to)) {
                out.edges.insert((*f, *t), *count);
            }
        }
        out
    }

    /// Keeps `max` nodes, returns how many were dropped. With `depths` (a walk from
    /// roots) the nearest nodes are kept, roots first, and `depths` is renumbered to match;
    /// without, the first nodes in order.
    pub fn cap(&mut self, max: usize, depths: &mut Option<BTreeMap<usize, usize>>) -> usize {
        if self.nodes.len() <= max {
            return 0;
        }
        let dropped = self.nodes.len() - max;
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        if let Some(depths) = depths.as_ref() {
            order.sort_by_key(|n| (depths.get(n).copied().unwrap_or(usize::MAX), *n));
        }
        let keep: BTreeSet<usize> = order.into_iter().take(max).collect();
        if let Some(old) = depths.take() {
            *depths = Some(
                keep.iter()
                    .enumerate()
                    .map(|(new, n)| (new, old.get(n).copied().unwrap_or(0)))
                    .collect(),
            );
        }
        *self = self.retain(&keep);
        dropped
    }

    /// Edges out of and into each node.
    fn adjacency(&self) -> (Vec<BTreeSet<usize>>, Vec<BTreeSet<usize>>) {
        let mut forward = vec![BTreeSet::new(); self.nodes.len()];
        let mut backward = vec![BTreeSet::new(); self.nodes.len()];
        for (from, to) in self.edges.keys() {
            forward[*from].insert(*to);
            backward[*to].insert(*from);
        }
        (forward, backward)
    }

    /// How many edges enter and leave each node.
    pub fn degrees(&self) -> Vec<(usize, usize)> {
        let mut degrees = vec![(0, 0); self.nodes.len()];
        for (from, to) in self.edges.keys() {
            degrees[*to].0 += 1;
            degrees[*from].1 += 1;
        }
        degrees
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Graph {
        let mut g = Graph::default();
        for i in 0..n {
            g.nodes.push(Node {
                key: format!("n{i}"),
                label: format!("n{i}"),
                href: None,
            });
        }
        for i in 1..n {
            g.link(i - 1, i);
        }
        g
    }

    #[test]
    fn walks_respect_direction_and_depth() {
        let g = chain(5);
        let forward = g.walk(&[1], Direction::Forward, Some(2));
        assert_eq!(
            forward.into_iter().collect::<Vec<_>>(),
            vec![(1, 0), (2, 1), (3, 2)]
        );
        let back = g.walk(&[3], Direction::Reverse, None);
        assert_eq!(back.keys().copied().collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        let both = g.walk(&[2], Direction::Both, Some(1));
        assert_eq!(both.keys().copied().collect::<Vec<_>>(), vec![1, 2, 3]);
    }

    #[test]
    fn retain_and_cap_renumber_edges() {
        let mut g = chain(4);
        let sub = g.retain(&[1, 2].into_iter().collect());
        assert_eq!(sub.nodes.len(), 2);
        assert_eq!(sub.edges.keys().copied().collect::<Vec<_>>(), vec![(0, 1)]);
        assert_eq!(g.cap(3, &mut None), 1);
        assert_eq!(g.edges.len(), 2);
        // With depths the roots and their nearest neighbours stay, whatever their order.
        let mut g = chain(4);
        let mut depths = Some([(3, 0), (2, 1), (1, 2), (0, 3)].into_iter().collect());
        assert_eq!(g.cap(2, &mut depths), 2);
        assert_eq!(
            g.nodes.iter().map(|n| n.key.as_str()).collect::<Vec<_>>(),
            ["n2", "n3"]
        );
        assert_eq!(depths, Some([(0, 1), (1, 0)].into_iter().collect()));
    }

    #[test]
    fn sources_fall_back_to_every_node_in_a_cycle() {
        let mut g = chain(3);
        assert_eq!(g.sources(), vec![0]);
        g.link(2, 0);
        assert_eq!(g.sources(), vec![0, 1, 2]);
        g.link(1, 1);
        assert!(!g.edges.contains_key(&(1, 1)));
    }
}
