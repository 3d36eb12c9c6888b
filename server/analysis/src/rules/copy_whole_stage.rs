//! `CopyWholeStage`: `COPY --from=<stage>` of the stage's root or working directory.

use super::{Check, shipped_stages};
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::model::{Base, RefKind, RefTarget};
use crate::syntax::Keyword;

declare_rule! {
    /// # CopyWholeStage
    ///
    /// Reports `COPY --from=<stage> <src> …` where `<src>` is `/`, `.` or the source stage's
    /// `WORKDIR`: everything the stage has, not what it built.
    ///
    /// ## Why
    ///
    /// A build stage holds sources, compilers' caches, `node_modules` with dev dependencies, test
    /// fixtures and sometimes credentials fetched during the build. Copying it whole into the
    /// runtime stage brings all of that along: a bigger image, a larger attack surface, and the
    /// point of the multi-stage build is lost.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22 AS build
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci && npm run build
    ///
    /// FROM node:22-slim
    /// COPY --from=build /app ./
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY --from=build /app/dist ./dist
    /// COPY --from=build /app/package.json /app/package-lock.json ./
    /// RUN npm ci --omit=dev
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - The source stage has no build steps of its own or inherited — no RUN, no COPY/ADD from the
    ///   build context: a bare image alias (`FROM tonistiigi/xx:1.6.1 AS xx` … `COPY --from=xx / /`)
    ///   or a stage that only gathers build results (`FROM scratch AS out` + `COPY --from=build …`).
    /// - The copy is in a stage that does not ship: only the final stage and the stages it is built
    ///   on end up in the image.
    /// - The copy is into a `FROM scratch` stage with no CMD or ENTRYPOINT: an artifact for
    ///   `docker build --output` (`COPY --from=gen /certs /`), where copying the output directory is
    ///   the point.
    /// - The working directory comes from a stage that installs a Node app's production
    ///   dependencies only (`npm ci --omit=dev`, `yarn install --production`, `pnpm install
    ///   --prod`) and builds nothing: that directory *is* the output.
    ///
    /// hadolint's DL3067 (`COPY --from=<stage> / /`) is accepted as an alias. It reports every
    /// root-to-root copy, including the bare image aliases above, which are the idiomatic way to
    /// bring in tools such as `tonistiigi/xx`; we follow what the copy means instead, and also
    /// report a copy of the stage's working directory.
    CopyWholeStage {
        severity: Warning,
        aliases: ["DL3067"],
        summary: "`COPY --from=<stage>` copies the stage's whole root or working directory.",
    }
}

fn normalize(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() { "/" } else { t }
}

impl Check for CopyWholeStage {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let ins = &analysis.parsed().instructions;
        let shipped = shipped_stages(model);
        // Per stage, once: its last WORKDIR, and whether it (or a stage it is built on) has
        // build steps: a RUN, or a COPY/ADD from the build context.
        let mut workdir: Vec<Option<String>> = Vec::with_capacity(model.stages.len());
        let mut builds: Vec<bool> = Vec::with_capacity(model.stages.len());
        for st in &model.stages {
            let own = ins.get(st.from..st.end).unwrap_or_default();
            workdir.push(
                own.iter()
                    .rev()
                    .find(|i| i.kind == Keyword::Workdir)
                    .and_then(|i| i.args.first())
                    .map(|w| normalize(&w.text).to_owned()),
            );
            let steps = own.iter().any(|i| {
                i.kind == Keyword::Run
                    || (matches!(i.kind, Keyword::Copy | Keyword::Add) && i.flag("from").is_none())
            });
            let inherited = match st.base {
                Base::Stage(b) => builds.get(b).copied().unwrap_or(false),
                _ => false,
            };
            builds.push(steps || inherited);
        }
        // `FROM scratch` stages with nothing to run are `--output` artifacts: what they copy is
        // the point (`COPY --from=gen /certs /`).
        let artifact: Vec<bool> = model
            .stages
            .iter()
            .map(|st| {
                matches!(st.base, Base::Scratch)
                    && !ins
                        .get(st.from..st.end)
                        .unwrap_or_default()
                        .iter()
                        .any(|i| matches!(i.kind, Keyword::Cmd | Keyword::Entrypoint))
            })
            .collect();
        let copy_refs: std::collections::HashMap<usize, &crate::model::StageRef> = model
            .stage_refs
            .iter()
            .filter(|r| r.kind == RefKind::CopyFrom)
            .map(|r| (r.range.start, r))
            .collect();
        // Read only for a stage something copies whole from, once per stage.
        let mut node_apps: std::collections::HashMap<usize, bool> =
            std::collections::HashMap::new();
        for (ci, copy) in ins.iter().enumerate() {
            if copy.kind != Keyword::Copy {
                continue;
            }
            // Only copies into the image that ships matter, and not into an artifact stage.
            let into = model.stage_of.get(ci).copied().flatten();
            if !into.is_some_and(|s| {
                shipped.get(s).copied().unwrap_or(false)
                    && !artifact.get(s).copied().unwrap_or(false)
            }) {
                continue;
            }
            let Some(from) = copy.flag("from").and_then(|f| f.value_range) else {
                continue;
            };
            let Some(r) = copy_refs.get(&from.start) else {
                continue;
            };
            let RefTarget::Stage(s) = r.target else {
                continue;
            };
            // A bare image alias (`FROM tonistiigi/xx AS xx`) or a stage that only gathers
            // build results (`FROM scratch` + `COPY --from`): copying it whole is the point.
            if !builds.get(s).copied().unwrap_or(false) {
                continue;
            }
            let workdir = workdir.get(s).cloned().flatten();

            let sources = copy.args.split_last().map_or(&[][..], |(_, s)| s);
            for src in sources {
                let p = normalize(&src.text);
                if !matches!(p, "/" | "/.")
                    && *node_apps
                        .entry(s)
                        .or_insert_with(|| node_runtime(analysis, s))
                {
                    continue;
                }
                let whole = matches!(p, "/" | "." | "/.")
                    || workdir
                        .as_deref()
                        .is_some_and(|w| w.starts_with('/') && w == p);
                if !whole {
                    continue;
                }
                let what = if matches!(p, "/" | "/.") {
                    "its whole filesystem".to_owned()
                } else {
                    format!(
                        "its whole working directory (`{}`)",
                        workdir.as_deref().unwrap_or(p)
                    )
                };
                let mut d = Diagnostic::new(
                    &META,
                    src.range,
                    format!(
                        "copies {what} from stage {}: sources, dev dependencies and caches end up in this image; copy only the build output",
                        model.stage_label(s)
                    ),
                );
                d = d.with_stage(analysis, s);
                out.push(d);
            }
        }
    }
}

/// Whether stage `s` installs a Node app's production dependencies and builds nothing: its
/// working directory is the app, ready to run.
fn node_runtime(analysis: &Analysis, s: usize) -> bool {
    let Some(st) = analysis.model().stages.get(s) else {
        return false;
    };
    let commands = || {
        (st.from..st.end)
            .filter_map(|i| analysis.run_script_relative(i))
            .flat_map(|(script, _)| &script.commands)
    };
    let prod_install = commands().any(|c| {
        let sub = c.subcommand().map(|w| w.text.as_str()).unwrap_or_default();
        let args: Vec<&str> = c.args().iter().map(|w| w.text.as_str()).collect();
        let any = |flags: &[&str]| args.iter().any(|a| flags.contains(a));
        let omit_dev = args.windows(2).any(|w| w == ["--omit", "dev"]);
        match c.name() {
            "npm" => {
                matches!(sub, "ci" | "install" | "i")
                    && (omit_dev
                        || any(&["--omit=dev", "--production", "--only=production", "--only=prod"]))
            }
            "yarn" => matches!(sub, "install" | "") && any(&["--production", "--prod"]),
            "pnpm" => matches!(sub, "install" | "i") && any(&["--prod", "--production", "-P"]),
            _ => false,
        }
    });
    prod_install && !commands().any(|c| super::build_step(c).is_some())
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn a_node_app_with_production_dependencies_only_is_the_output() {
        check_rule(
            "CopyWholeStage",
            "FROM node:22 AS deps\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nFROM node:22-slim\nCOPY --from=deps /app /app\nCMD [\"node\", \"/app/server.js\"]\n",
            &[],
        );
        // With a build step, the working directory is sources plus output.
        check_rule(
            "CopyWholeStage",
            "FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev && npm run build\nFROM node:22-slim\nCOPY --from=build /app /app\n",
            &["6:19-6:23 copies its whole working directory (`/app`) from stage build: sources, dev dependencies and caches end up in this image; copy only the build output"],
        );
    }

    #[test]
    fn whole_stage_copies() {
        check_rule(
            "CopyWholeStage",
            "FROM node AS build\nWORKDIR /app/\nRUN npm run build\nFROM tonistiigi/xx:1.6.1 AS xx\nFROM scratch AS out\nCOPY --from=build /app/dist /\nFROM build AS unused\nCOPY --from=build / /\nFROM alpine\nCOPY --from=build /app ./\nCOPY --from=build / /\nCOPY --from=build /app/dist ./dist\nCOPY --from=nginx:1 / /\nCOPY --from=xx / /\nCOPY --from=out / /\n",
            &[
                "10:19-10:23 copies its whole working directory (`/app`) from stage build: sources, dev dependencies and caches end up in this image; copy only the build output",
                "11:19-11:20 copies its whole filesystem from stage build: sources, dev dependencies and caches end up in this image; copy only the build output",
            ],
        );
    }
}
