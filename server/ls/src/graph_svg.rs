//! The stage graph as SVG, laid out by layout-rs (a Graphviz-style layered layout): stages
//! as boxes, images as ellipses, the builds that Compose, Bake and CI files describe as
//! rounded boxes, nodes a build does not reach grey and dashed, edges labelled with how a
//! stage uses what it points at.
//!
//! layout-rs's own SVG canvas grows from the origin with rough estimates (a label grows it
//! by ten pixels per character), which left most of it empty; the drawing calls go through
//! [`Cropped`], which measures what is really drawn and sets the view box to it. Edge
//! labels are drawn just above their lines, not across them.

use dockerfile_analysis::ide::graph::{EdgeKind, NodeKind, StageGraph};
use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::LineStyleKind;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

/// The margin around the drawing, in pixels.
const MARGIN: f64 = 12.0;

/// A backend that draws with layout-rs's SVG writer and keeps the bounds of what it drew.
struct Cropped {
    svg: SVGWriter,
    min: (f64, f64),
    max: (f64, f64),
    /// The center of the last node drawn: a text drawn there is its label; any other text
    /// is an edge's label, drawn by the layout on the edge itself.
    last_node: Option<(f64, f64)>,
}

impl Cropped {
    fn new() -> Cropped {
        Cropped {
            svg: SVGWriter::new(),
            min: (f64::MAX, f64::MAX),
            max: (f64::MIN, f64::MIN),
            last_node: None,
        }
    }

    fn cover(&mut self, x: f64, y: f64) {
        self.min = (self.min.0.min(x), self.min.1.min(y));
        self.max = (self.max.0.max(x), self.max.1.max(y));
    }

    /// The document, its view box set to what was drawn (plus a margin), its edge labels
    /// raised above their lines.
    fn finish(self) -> String {
        let (min, max) = (self.min, self.max);
        let out = self.svg.finalize();
        if min.0 > max.0 {
            return out;
        }
        let (x, y) = (min.0 - MARGIN, min.1 - MARGIN);
        let (w, h) = (max.0 - min.0 + 2.0 * MARGIN, max.1 - min.1 + 2.0 * MARGIN);
        let header = format!(
            "<svg width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"{x:.1} {y:.1} {w:.1} {h:.1}\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        match (
            out.find("<svg "),
            out.find(" xmlns=\"http://www.w3.org/2000/svg\">"),
        ) {
            (Some(start), Some(end)) if start < end => {
                let end = end + " xmlns=\"http://www.w3.org/2000/svg\">".len();
                format!(
                    "{}{header}{}",
                    out.get(..start).unwrap_or_default(),
                    out.get(end..).unwrap_or_default()
                )
            }
            _ => out,
        }
    }
}

impl RenderBackend for Cropped {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
        clip: Option<ClipHandle>,
    ) {
        self.cover(xy.x, xy.y);
        self.cover(xy.x + size.x, xy.y + size.y);
        self.last_node = Some((xy.x + size.x / 2.0, xy.y + size.y / 2.0));
        self.svg.draw_rect(xy, size, look, properties, clip);
    }

    fn draw_line(
        &mut self,
        start: Point,
        stop: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        self.cover(start.x, start.y);
        self.cover(stop.x, stop.y);
        self.svg.draw_line(start, stop, look, properties);
    }

    fn draw_circle(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        // The center and the size.
        self.cover(xy.x - size.x / 2.0, xy.y - size.y / 2.0);
        self.cover(xy.x + size.x / 2.0, xy.y + size.y / 2.0);
        self.last_node = Some((xy.x, xy.y));
        self.svg.draw_circle(xy, size, look, properties);
    }

    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        let on_node = self
            .last_node
            .is_some_and(|(x, y)| (x - xy.x).abs() < 1.0 && (y - xy.y).abs() < 1.0);
        // An edge's label goes just above the edge, not across it.
        let xy = if on_node {
            xy
        } else {
            Point::new(xy.x, xy.y - 0.8 * look.font_size as f64)
        };
        // Centered on `xy`; about 0.6 em per character.
        let half = 0.3 * look.font_size as f64 * text.chars().count() as f64;
        self.cover(xy.x - half, xy.y - look.font_size as f64);
        self.cover(xy.x + half, xy.y + look.font_size as f64);
        self.svg.draw_text(xy, text, look);
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        look: &StyleAttr,
        properties: Option<String>,
        text: &str,
    ) {
        for (a, b) in path {
            self.cover(a.x, a.y);
            self.cover(b.x, b.y);
        }
        self.svg
            .draw_arrow(path, dashed, head, look, properties, text);
    }

    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        self.svg.create_clip(xy, size, rounded_px)
    }
}

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
                NodeKind::Stage | NodeKind::Build => ShapeKind::new_box(&n.label),
                NodeKind::Image => ShapeKind::new_circle(&n.label),
            };
            let (line, fill) = match (n.kind, n.reached) {
                (NodeKind::Build, _) => ("#1f5fbf", "#e8f0fc"),
                (_, true) => ("black", "white"),
                (_, false) => ("#999999", "#eeeeee"),
            };
            let rounded = if n.kind == NodeKind::Build { 12 } else { 0 };
            let look = StyleAttr::new(Color::fast(line), 2, Some(Color::fast(fill)), rounded, 15);
            let width = 24.0 + 9.0 * n.label.chars().count() as f64;
            let size = Point::new(width.max(80.0), 50.0);
            let element = Element::create(shape, look, Orientation::LeftToRight, size);
            handles.push((n.id.clone(), vg.add_node(element)));
        }
        let handle = |id: &str| handles.iter().find(|(i, _)| i == id).map(|(_, h)| *h);
        let reached = |id: &str| g.nodes.iter().any(|n| n.id == id && n.reached);
        for e in &g.edges {
            // A self-reference is reported as an error; the layout has no use for it.
            if e.from == e.to {
                continue;
            }
            if let (Some(a), Some(b)) = (handle(&e.from), handle(&e.to)) {
                let color = match (e.kind, reached(&e.to)) {
                    (EdgeKind::Target, _) => "#1f5fbf",
                    (_, true) => "black",
                    (_, false) => "#999999",
                };
                let look = StyleAttr::new(Color::fast(color), 2, None, 0, 13);
                // A build skips what its stages do not use: those edges are dashed.
                let dashed = !reached(&e.to);
                let style = if dashed {
                    LineStyleKind::Dashed
                } else {
                    LineStyleKind::Normal
                };
                let arrow = Arrow::new(
                    LineEndKind::None,
                    LineEndKind::Arrow,
                    style,
                    e.kind.label(),
                    &look,
                    &None,
                    &None,
                );
                vg.add_edge(arrow, a, b);
            }
        }
        let mut out = Cropped::new();
        vg.do_it(false, false, false, &mut out);
        out.finish()
    })
    .ok()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use dockerfile_analysis::ide::graph::{StageGraph, stage_graph};
    use dockerfile_analysis::{Analysis, BuildConfig};

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

    /// The view box is what is drawn: no side is mostly empty.
    #[test]
    fn the_drawing_is_cropped_to_its_content() {
        let text = "FROM golang:1.25 AS build\nFROM build AS test\nFROM alpine:3.22 AS tools\nFROM scratch\nCOPY --from=build /out /app\n";
        let g = stage_graph(&Analysis::from_text(text, &BuildConfig::default()), None)
            .unwrap_or_default();
        let svg = super::render(&g).unwrap_or_default();
        let view = svg
            .split("viewBox=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap_or_default();
        let v: Vec<f64> = view.split(' ').filter_map(|n| n.parse().ok()).collect();
        assert_eq!(v.len(), 4, "{view}");
        // layout-rs's own canvas for this graph is 1594 by 600.
        assert!(v[2] < 1200.0 && v[3] < 400.0, "{view}");
        assert_eq!(svg.matches("<svg ").count(), 1);
    }

    /// A node's label stays on the node; an edge's label is raised above the edge.
    #[test]
    fn edge_labels_sit_above_their_edges() {
        use layout::core::color::Color;
        use layout::core::format::RenderBackend;
        use layout::core::geometry::Point;
        use layout::core::style::StyleAttr;
        let look = StyleAttr::new(Color::fast("black"), 1, None, 0, 15);
        let mut c = super::Cropped::new();
        c.draw_rect(
            Point::new(0.0, 0.0),
            Point::new(100.0, 50.0),
            &look,
            None,
            None,
        );
        c.draw_text(Point::new(50.0, 25.0), "node", &look);
        c.draw_text(Point::new(200.0, 25.0), "FROM", &look);
        let svg = c.finish();
        let y_of = |label: &str| -> f64 {
            let at = svg.find(&format!(">{label}<")).unwrap_or(0);
            let head = svg.get(..at).unwrap_or_default();
            let y = head.rsplit(" y=\"").next().unwrap_or_default();
            y.split('"')
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        };
        assert!(y_of("FROM") < y_of("node") - 10.0, "{svg}");
    }
}
