//! `dockerfile-ls graph FILE [--target NAME] [--format mermaid|dot|svg|json]`: the stage
//! graph of a Dockerfile — which stages a build of the target reaches (the others grey), and
//! what each starts from, copies from and mounts from; and the builds of it that the
//! project's Compose, Bake and CI files describe.

use std::io::Write;
use std::process::ExitCode;

use dockerfile_analysis::ide::graph::stage_graph;
use dockerfile_analysis::{Analysis, BuildConfig};

use super::{GraphArgs, GraphFormat, complain, read_source};

/// Runs `graph`.
#[must_use]
pub fn run(args: &GraphArgs) -> ExitCode {
    let name = args.file.display().to_string();
    let text = match read_source(&args.file) {
        Ok(t) => t,
        Err(e) => {
            complain(&name, &e);
            return ExitCode::from(2);
        }
    };
    // The builds that the project's Compose, Bake and CI files describe are nodes too.
    let builders = (args.file.as_os_str() != "-")
        .then(|| {
            let index = crate::workspace::BuildIndex::scan(
                &super::check::index_roots(std::slice::from_ref(&args.file)),
                crate::workspace::Limits::default(),
            );
            index.builders_of(&crate::workspace::absolute(&args.file))
        })
        .flatten();
    let config = BuildConfig {
        builders,
        ..BuildConfig::default()
    };
    let analysis = Analysis::from_text(&text, &config);
    let graph = match stage_graph(&analysis, args.target.as_deref()) {
        Ok(g) => g,
        Err(e) => {
            complain(&name, &e);
            return ExitCode::from(2);
        }
    };
    let out = match args.format {
        GraphFormat::Mermaid => graph.to_mermaid(),
        GraphFormat::Dot => graph.to_dot(),
        GraphFormat::Json => {
            let mut s = serde_json::to_string_pretty(&graph.to_json()).unwrap_or_default();
            s.push('\n');
            s
        }
        GraphFormat::Svg => match crate::graph_svg::render(&graph) {
            Some(s) => s,
            None => {
                complain(&name, "the graph could not be laid out");
                return ExitCode::from(2);
            }
        },
    };
    if std::io::stdout().lock().write_all(out.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
