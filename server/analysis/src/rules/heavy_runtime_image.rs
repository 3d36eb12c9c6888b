//! `HeavyRuntimeImage`: the final stage of a multi-stage build runs on a full toolchain image
//! while it only takes build output from other stages.

use super::{Check, build_step, stages_with_instructions};
use crate::Analysis;
use crate::catalog::base_images;
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
    /// - The image runs the toolchain: a RUN, CMD or ENTRYPOINT of the final stage runs a
    ///   linter or test runner that needs the SDK (`golangci-lint run`, `go test`, `go vet`,
    ///   `dotnet test`, `cargo clippy`, Maven or Gradle): a lint or test image.
    /// - The base is already a slim, Alpine, JRE, runtime or distroless image.
    HeavyRuntimeImage {
        severity: Info,
        fixable: true,
        summary: "The final stage runs on a full SDK or toolchain image but only copies build output.",
    }
}

/// Whether a command needs the SDK or toolchain to run: linters, test runners and the
/// toolchains' own test and vet commands.
fn needs_the_sdk(name: &str, sub: Option<&str>) -> bool {
    match name {
        "golangci-lint" | "staticcheck" | "gotestsum" | "revive" | "govulncheck" => true,
        "go" => matches!(sub, Some("test" | "vet" | "generate" | "run" | "tool")),
        "dotnet" => matches!(sub, Some("test" | "build" | "watch" | "format")),
        "cargo" => matches!(sub, Some("test" | "clippy" | "check" | "fmt" | "run")),
        "mvn" | "gradle" | "./gradlew" | "gradlew" | "./mvnw" | "mvnw" => true,
        _ => false,
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
        // A toolchain image by the base-image table (compilers shipped), with a runtime image
        // to move to.
        if !base_images::facts(image).is_some_and(|f| f.compiler) {
            return;
        }
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
            analysis.run_script_relative(ii).is_some_and(|(s, _)| {
                s.commands
                    .iter()
                    .any(|c| build_step(c).is_some() || needs_the_sdk(c.name(), c.subcommand().map(|w| w.text.as_str())))
            })
        });
        // The image runs the toolchain itself: a lint or test image (`CMD ["golangci-lint",
        // "run"]`, `ENTRYPOINT ["go", "test"]`).
        let runs_sdk = ins.iter().any(|i| {
            matches!(i.kind, Keyword::Cmd | Keyword::Entrypoint) && {
                let words = super::views::command_words(i);
                let name = words.first().map(|w| w.rsplit('/').next().unwrap_or(w));
                name.is_some_and(|n| needs_the_sdk(n, words.get(1).copied()))
            }
        });
        if builds || runs_sdk {
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
    fn images_that_run_the_toolchain() {
        check_rule(
            "HeavyRuntimeImage",
            "FROM golang:1.23 AS tools\nRUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.61.0\nFROM golang:1.23\nCOPY --from=tools /go/bin/golangci-lint /usr/local/bin/\nENTRYPOINT [\"golangci-lint\", \"run\"]\n",
            &[],
        );
    }

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
