//! The stage graph as SVG, laid out by layout-rs (a Graphviz-style layered layout): stages
//! as boxes, images as ellipses, unreached nodes grey, edges labelled with how a stage uses
//! what it points at.

use dockerfile_analysis::ide::graph::{NodeKind, StageGraph};
use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

/// The graph as an SVG document; None if the layout failed (it is run under `catch_unwind`,
/// as the layout crate may panic on shapes it does not expect).
#[must_use]
pub fn render(g: &StageGraph) -> Option<String> {
    if g.nodes.is_empty() {
        // Nothing to lay out (the layout crate panics on an empty graph).
        return None;
    }
    let g = g.clone();
    std::panic::catch_unwind(move || {
        let mut vg = VisualGraph::new(Orientation::LeftToRight);
        let mut handles = Vec::new();
        for n in &g.nodes {
            let shape = match n.kind {
                NodeKind::Stage => ShapeKind::new_box(&n.label),
                NodeKind::Image => ShapeKind::new_circle(&n.label),
            };
            let (line, fill) = if n.reached {
                ("black", "white")
            } else {
                ("gray", "lightgray")
            };
            let look = StyleAttr::new(Color::fast(line), 2, Some(Color::fast(fill)), 0, 15);
            let width = 24.0 + 9.0 * n.label.chars().count() as f64;
            let size = Point::new(width.max(80.0), 50.0);
            let element = Element::create(shape, look, Orientation::LeftToRight, size);
            handles.push((n.id.clone(), vg.add_node(element)));
        }
        let handle = |id: &str| handles.iter().find(|(i, _)| i == id).map(|(_, h)| *h);
        for e in &g.edges {
            // A self-reference is reported as an error; the layout has no use for it.
            if e.from == e.to {
                continue;
            }
            if let (Some(a), Some(b)) = (handle(&e.from), handle(&e.to)) {
                let label = match e.kind {
                    dockerfile_analysis::ide::graph::EdgeKind::From => "FROM",
                    dockerfile_analysis::ide::graph::EdgeKind::CopyFrom => "COPY --from",
                    dockerfile_analysis::ide::graph::EdgeKind::MountFrom => "--mount from",
                };
                vg.add_edge(Arrow::simple(label), a, b);
            }
        }
        let mut svg = SVGWriter::new();
        vg.do_it(false, false, false, &mut svg);
        svg.finalize()
    })
    .ok()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use dockerfile_analysis::ide::graph::StageGraph;

    /// Issue #25, item 12: a document without stages has no graph to lay out, and the layout
    /// crate (which panics on an empty graph) is not asked to.
    #[test]
    fn an_empty_graph_is_not_laid_out() {
        static PANICS: AtomicUsize = AtomicUsize::new(0);
        std::panic::set_hook(Box::new(|_| {
            PANICS.fetch_add(1, Ordering::SeqCst);
        }));
        assert_eq!(super::render(&StageGraph::default()), None);
        let _ = std::panic::take_hook();
        assert_eq!(PANICS.load(Ordering::SeqCst), 0);
    }
}
