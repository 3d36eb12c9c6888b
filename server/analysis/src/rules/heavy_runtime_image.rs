//! `HeavyRuntimeImage`: the final stage of a multi-stage build runs on a full toolchain image
//! while it only takes build output from other stages.

use super::{Check, build_step, stages_with_instructions};
use crate::Analysis;
use crate::catalog::runtimes::runtime_for;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::model::Base;
use crate::syntax::Keyword;

declare_rule! {
    /// # HeavyRuntimeImage
    ///
    /// Reports the final stage of a multi-stage build when it is based on a full toolchain or SDK
    /// image — `golang`, `rust`, `maven`, `gradle`, `gcc`, `node:<version>` or `python:<version>`
    /// without `-slim`/`-alpine`, a JDK, `mcr.microsoft.com/dotnet/sdk` — while it builds nothing
    /// itself and copies its program from another stage.
    ///
    /// ## Why
    ///
    /// The build already happened in another stage: the final one only needs the runtime. A
    /// toolchain image brings compilers, headers, package caches and hundreds of megabytes of
    /// packages, each a possible vulnerability report, into every deployment. The slim, JRE,
    /// ASP.NET or distroless image runs the same output.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22 AS build
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci && npm run build
    ///
    /// FROM node:22
    /// COPY --from=build /app/dist ./dist
    /// CMD ["node", "dist/server.js"]
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY --from=build /app/dist ./dist
    /// CMD ["node", "dist/server.js"]
    /// ```
    ///
    /// The quick-fix swaps the base where the runtime is the same one without the build tools
    /// (`node:22` → `node:22-slim`, `python:3.13` → `python:3.13-slim`, `eclipse-temurin:21` →
    /// `eclipse-temurin:21-jre`). For Go, Rust and .NET the finding names the usual runtime image
    /// (distroless, ASP.NET) but offers no swap: whether it fits depends on how the program was
    /// built (a static binary, a self-contained publish).
    ///
    /// ## When it does not fire
    ///
    /// - The build has one stage (that is SingleStageBuild's), or the final stage is built on
    ///   another stage.
    /// - The final stage runs a build step itself, or copies nothing from another stage.
    /// - The base is already a slim, Alpine, JRE, runtime or distroless image.
    HeavyRuntimeImage {
        severity: Info,
        fixable: true,
        summary: "The final stage runs on a full SDK or toolchain image but only copies build output.",
    }
}

impl Check for HeavyRuntimeImage {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        if model.stages.len() < 2 {
            return;
        }
        let Some((last, ins)) = stages_with_instructions(analysis).last() else {
            return;
        };
        let Base::Image(image) = &last.base else {
            return;
        };
        let Some(runtime) =
            runtime_for(image.registry.as_deref(), &image.repository, image.tag.as_deref())
        else {
            return;
        };
        let copies_output = ins
            .iter()
            .any(|i| i.kind == Keyword::Copy && i.flag("from").is_some());
        if !copies_output {
            return;
        }
        let builds = (last.from..last.end).any(|ii| {
            analysis
                .run_script_relative(ii)
                .is_some_and(|(s, _)| s.commands.iter().any(|c| build_step(c).is_some()))
        });
        if builds {
            return;
        }
        let mut d = Diagnostic::new(
            &META,
            last.base_range,
            format!(
                "the final stage runs on the {} toolchain image `{}` but only copies build output: `{}` runs it without the build tools",
                runtime.ecosystem.name(),
                last.base_text,
                runtime.image
            ),
        );
        if runtime.certain {
            d = d.with_fix(Fix::suggested(
                format!("Change the base to `{}`", runtime.image),
                vec![TextEdit::replace(last.base_range, runtime.image.clone())],
            ));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn toolchain_in_the_final_stage() {
        check_rule(
            "HeavyRuntimeImage",
            "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM golang:1.22\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n",
            &[
                "3:6-3:17 the final stage runs on the Go toolchain image `golang:1.22` but only copies build output: `gcr.io/distroless/static-debian12:nonroot` runs it without the build tools",
            ],
        );
        // Already slim; builds itself; single stage.
        check_rule(
            "HeavyRuntimeImage",
            "FROM node:22 AS build\nRUN npm run build\nFROM node:22-slim\nCOPY --from=build /app/dist ./dist\n",
            &[],
        );
        check_rule(
            "HeavyRuntimeImage",
            "FROM node:22 AS deps\nRUN npm ci\nFROM node:22\nCOPY --from=deps /app/node_modules ./node_modules\nRUN npm run build\n",
            &[],
        );
    }

    #[test]
    fn fix_swaps_to_the_slim_variant() {
        check_fix(
            "HeavyRuntimeImage",
            "FROM node:22 AS build\nRUN npm run build\nFROM node:22\nCOPY --from=build /app/dist ./dist\n",
            "FROM node:22 AS build\nRUN npm run build\nFROM node:22-slim\nCOPY --from=build /app/dist ./dist\n",
        );
    }
}
