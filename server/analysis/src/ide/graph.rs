//! The stage graph: stages and the external images they start from or copy from as nodes,
//! `FROM <stage>`, `COPY --from` and `RUN --mount=from` as edges from what is used to what
//! uses it, and which stages a build of the target reaches (the others are skipped by
//! BuildKit). Rendered here as JSON, Mermaid and Graphviz DOT; the front end lays out SVG.

use std::collections::VecDeque;
use std::fmt::Write;

use crate::Analysis;
use crate::model::{Base, RefKind, RefTarget};

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A stage of this Dockerfile.
    Stage,
    /// An image from a registry (or `scratch`).
    Image,
    /// A build of the Dockerfile that a Compose, Bake or CI file describes.
    Build,
}

/// A node of the stage graph: a stage, or an image that a stage is built on or copies from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// A stable id: `s<index>` for stages, `i<n>` for images, `b<n>` for builds.
    pub id: String,
    /// The stage's name (or `stage N`), or the image reference.
    pub label: String,
    /// Stage or image.
    pub kind: NodeKind,
    /// Whether building the target builds (or pulls) it.
    pub reached: bool,
}

/// How one node is used by another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// `FROM <it>`.
    From,
    /// `COPY --from=<it>`.
    CopyFrom,
    /// `RUN --mount=from=<it>`.
    MountFrom,
    /// A build file builds it as the target.
    Target,
}

impl EdgeKind {
    /// How the edge is labelled.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::From => "FROM",
            EdgeKind::CopyFrom => "COPY --from",
            EdgeKind::MountFrom => "--mount from",
            EdgeKind::Target => "target",
        }
    }
}

/// An edge: `to` uses `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// What is used.
    pub from: String,
    /// What uses it.
    pub to: String,
    /// How `from` uses `to`: built on it, copies from it, or mounts it.
    pub kind: EdgeKind,
}

/// The stage graph of a Dockerfile: what each stage is built on and copies from, and which
/// stages the build target reaches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StageGraph {
    /// Stages first (in order), then images.
    pub nodes: Vec<Node>,
    /// In the order of the references.
    pub edges: Vec<Edge>,
    /// The stage a build targets (`--target`, else the last stage).
    pub target: Option<String>,
}

/// The stage graph of `analysis`, with reachability from `target` (a stage name or index;
/// when None, the last stage and every stage a Compose, Bake or CI file builds: what
/// `docker build` and the project's build files build). The builds those files describe are
/// nodes too, each with an edge from the stage it builds.
///
/// # Errors
/// When `target` names no stage.
pub fn stage_graph(analysis: &Analysis, target: Option<&str>) -> Result<StageGraph, String> {
    let model = analysis.model();
    let mut g = StageGraph::default();
    let target_index = match target {
        // A stage name, or an index (stage names start with a letter, so no name is one).
        Some(t) => Some(
            model
                .find_stage(t)
                .or_else(|| t.parse::<usize>().ok().filter(|i| *i < model.stages.len()))
                .ok_or_else(|| {
                    let names: Vec<&str> = model
                        .stages
                        .iter()
                        .filter_map(|s| s.name.as_deref())
                        .collect();
                    format!("no stage is named `{t}` (stages: {})", names.join(", "))
                })?,
        ),
        None => model.stages.len().checked_sub(1),
    };
    // The builds that build files describe, and the stage each builds.
    let last = model.stages.len().checked_sub(1);
    let builds: Vec<(&crate::Builder, Option<usize>)> = model
        .builders()
        .unwrap_or_default()
        .iter()
        .map(|b| {
            let stage = match &b.target {
                Some(t) if !b.dynamic_target => model.find_stage(t),
                Some(_) => None,
                None => last,
            };
            (b, stage)
        })
        .collect();
    // Reachability: the target and everything it depends on (without a target, also what
    // the build files build).
    let mut reached = vec![false; model.stages.len()];
    let mut queue: VecDeque<usize> = target_index.into_iter().collect();
    if target.is_none() {
        queue.extend(builds.iter().filter_map(|(_, s)| *s));
    }
    while let Some(s) = queue.pop_front() {
        if reached.get(s) != Some(&false) {
            continue;
        }
        if let Some(r) = reached.get_mut(s) {
            *r = true;
        }
        queue.extend(model.dependencies(s).iter().copied());
    }
    for s in &model.stages {
        g.nodes.push(Node {
            id: format!("s{}", s.index),
            label: s
                .name
                .clone()
                .unwrap_or_else(|| format!("stage {}", s.index)),
            kind: NodeKind::Stage,
            reached: reached.get(s.index).copied().unwrap_or(false),
        });
    }
    g.target = target_index
        .and_then(|t| g.nodes.get(t))
        .map(|n| n.label.clone());
    let mut images: Vec<(String, bool)> = Vec::new();
    let mut image_id = |text: &str, reached: bool, nodes: &mut Vec<Node>| match images
        .iter()
        .position(|(t, _)| t == text)
    {
        Some(k) => {
            if let Some(slot) = images.get_mut(k) {
                slot.1 |= reached;
            }
            format!("i{k}")
        }
        None => {
            images.push((text.to_owned(), reached));
            let id = format!("i{}", images.len() - 1);
            nodes.push(Node {
                id: id.clone(),
                label: text.to_owned(),
                kind: NodeKind::Image,
                reached,
            });
            id
        }
    };
    for r in &model.stage_refs {
        let user_reached = reached.get(r.stage).copied().unwrap_or(false);
        let kind = match r.kind {
            RefKind::From => EdgeKind::From,
            RefKind::CopyFrom => EdgeKind::CopyFrom,
            RefKind::MountFrom => EdgeKind::MountFrom,
        };
        let from = match r.target {
            RefTarget::Stage(s) | RefTarget::Forward(s) | RefTarget::SelfReference(s) => {
                format!("s{s}")
            }
            RefTarget::Image | RefTarget::LikelyTypo(_) => {
                let text = match (r.kind, model.stages.get(r.stage).map(|s| &s.base)) {
                    (RefKind::From, Some(Base::Scratch)) => "scratch".to_owned(),
                    // Resolved with the default build arguments, the way it is written after.
                    (RefKind::From, Some(Base::Image(img))) if r.text.contains('$') => {
                        format!("{img} ({})", r.text)
                    }
                    _ => r.text.clone(),
                };
                image_id(&text, user_reached, &mut g.nodes)
            }
            RefTarget::Dynamic => image_id(&r.text, user_reached, &mut g.nodes),
            RefTarget::IndexOutOfRange => continue,
        };
        g.edges.push(Edge {
            from,
            to: format!("s{}", r.stage),
            kind,
        });
    }
    let mut k = 0;
    for (b, stage) in &builds {
        let Some(stage) = stage else { continue };
        let id = format!("b{k}");
        k += 1;
        g.nodes.push(Node {
            id: id.clone(),
            label: format!("{} ({})", b.label.replace('`', ""), b.place),
            kind: NodeKind::Build,
            reached: true,
        });
        g.edges.push(Edge {
            from: format!("s{stage}"),
            to: id,
            kind: EdgeKind::Target,
        });
    }
    // Nodes added by `image_id` before a later use marked them reached.
    for n in g.nodes.iter_mut().filter(|n| n.kind == NodeKind::Image) {
        if let Some((_, r)) =
            n.id.strip_prefix('i')
                .and_then(|k| k.parse::<usize>().ok())
                .and_then(|k| images.get(k))
        {
            n.reached = *r;
        }
    }
    Ok(g)
}

impl StageGraph {
    /// As JSON: `{ "target", "nodes": [{id, label, kind, reached}], "edges": [{from, to, kind}] }`.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "target": self.target,
            "nodes": self.nodes.iter().map(|n| serde_json::json!({
                "id": n.id,
                "label": n.label,
                "kind": match n.kind { NodeKind::Stage => "stage", NodeKind::Image => "image", NodeKind::Build => "build" },
                "reached": n.reached,
            })).collect::<Vec<_>>(),
            "edges": self.edges.iter().map(|e| serde_json::json!({
                "from": e.from, "to": e.to, "kind": e.kind.label(),
            })).collect::<Vec<_>>(),
        })
    }

    /// As a Mermaid flowchart (unreached stages in a grey class).
    #[must_use]
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("flowchart LR\n");
        for n in &self.nodes {
            let label = n.label.replace('"', "#quot;");
            let _ = match n.kind {
                NodeKind::Stage => writeln!(out, "  {}[\"{label}\"]", n.id),
                NodeKind::Image => writeln!(out, "  {}([\"{label}\"])", n.id),
                NodeKind::Build => writeln!(out, "  {}{{{{\"{label}\"}}}}", n.id),
            };
        }
        for e in &self.edges {
            let _ = writeln!(out, "  {} -->|\"{}\"| {}", e.from, e.kind.label(), e.to);
        }
        let unreached: Vec<&str> = self
            .nodes
            .iter()
            .filter(|n| !n.reached)
            .map(|n| n.id.as_str())
            .collect();
        if !unreached.is_empty() {
            out.push_str("  classDef unreached fill:#eee,stroke:#aaa,color:#888\n");
            let _ = writeln!(out, "  class {} unreached", unreached.join(","));
        }
        out
    }

    /// As Graphviz DOT (unreached stages grey).
    #[must_use]
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph stages {\n  rankdir=LR;\n");
        for n in &self.nodes {
            let shape = match n.kind {
                NodeKind::Stage => "box",
                NodeKind::Image => "ellipse",
                NodeKind::Build => "hexagon",
            };
            let color = if n.reached {
                ""
            } else {
                ", color=grey, fontcolor=grey"
            };
            let _ = writeln!(
                out,
                "  {} [label={:?}, shape={shape}{color}];",
                n.id, n.label
            );
        }
        for e in &self.edges {
            let _ = writeln!(
                out,
                "  {} -> {} [label={:?}];",
                e.from,
                e.to,
                e.kind.label()
            );
        }
        out.push_str("}\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BuildConfig;

    #[test]
    fn stages_images_edges_and_reachability() {
        let text = "FROM golang:1.25 AS build\nFROM build AS test\nFROM alpine:3.22 AS tools\nFROM scratch\nCOPY --from=build /out /app\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n";
        let a = Analysis::from_text(text, &BuildConfig::default());
        let g = stage_graph(&a, None).unwrap_or_default();
        let reached: Vec<(&str, bool)> = g
            .nodes
            .iter()
            .map(|n| (n.label.as_str(), n.reached))
            .collect();
        assert_eq!(
            reached,
            [
                ("build", true),
                ("test", false),
                ("tools", false),
                ("stage 3", true),
                ("golang:1.25", true),
                ("alpine:3.22", false),
                ("scratch", true),
                ("nginx:1.27", true)
            ]
        );
        assert_eq!(g.edges.len(), 6);
        let t = stage_graph(&a, Some("test")).unwrap_or_default();
        assert_eq!(t.target.as_deref(), Some("test"));
        assert!(stage_graph(&a, Some("nope")).is_err());
    }

    #[test]
    fn builds_from_build_files_are_nodes() {
        let builder = crate::testing::builder;
        let config = BuildConfig {
            builders: Some(vec![
                builder("compose service `web`", None),
                builder("bake target `test`", Some("test")),
                builder("bake target `typo`", Some("tset")),
            ]),
            ..BuildConfig::default()
        };
        let text = "FROM golang:1.25 AS build\nFROM build AS test\nFROM build AS lint\nFROM scratch\nCOPY --from=build /out /app\n";
        let a = Analysis::from_text(text, &config);
        let g = stage_graph(&a, None).unwrap_or_default();
        let nodes: Vec<(&str, bool)> = g
            .nodes
            .iter()
            .map(|n| (n.label.as_str(), n.reached))
            .collect();
        assert_eq!(
            nodes,
            [
                ("build", true),
                ("test", true),
                ("lint", false),
                ("stage 3", true),
                ("golang:1.25", true),
                ("scratch", true),
                ("compose service web (compose.yaml:2)", true),
                ("bake target test (compose.yaml:2)", true),
            ]
        );
        let targets: Vec<(&str, &str)> = g
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Target)
            .map(|e| (e.from.as_str(), e.to.as_str()))
            .collect();
        assert_eq!(targets, [("s3", "b0"), ("s1", "b1")]);
        assert!(
            g.to_mermaid()
                .contains("b1{{\"bake target test (compose.yaml:2)\"}}")
        );
        // With a target, only what it needs.
        let lint = stage_graph(&a, Some("lint")).unwrap_or_default();
        assert!(!lint.nodes.iter().any(|n| n.label == "test" && n.reached));
    }
}
