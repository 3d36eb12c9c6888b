//! `SingleStageBuild`: a one-stage Dockerfile builds its program, so the compilers, the
//! sources and the build caches ship in the image. The suggested refactoring splits it into
//! a build stage and a runtime stage.

use super::{Check, build_step, instruction_lines, removes_build_deps};
use crate::Analysis;
use crate::catalog::runtimes::{Ecosystem, runtime_for};
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::model::{Base, Stage};
use crate::syntax::shell::ShellCommand;
use crate::syntax::{Instruction, Keyword};

declare_rule! {
    /// # SingleStageBuild
    ///
    /// Reports a Dockerfile with one stage whose RUN steps build the program — `go build`,
    /// `cargo build`, `npm run build` and the bundlers or `tsc`, `mvn package`, `gradle build`,
    /// `dotnet publish`, `pip wheel` or `python -m build`, `make` — so that the compilers, the
    /// sources, the dev dependencies and the build caches all end up in the image that ships.
    ///
    /// ## Why
    ///
    /// The image that runs needs the program and its runtime, nothing else. Everything the build
    /// needed is weight (hundreds of megabytes for a JDK or a Go toolchain), time to pull, and attack
    /// surface: a compiler in a production container is a gift to whoever gets in. A multi-stage
    /// build keeps the toolchain in a build stage and copies only the output into a small runtime
    /// stage; the build stage is still there for `docker build --target build`.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang:1.22
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /out/app .
    /// ENTRYPOINT ["/out/app"]
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// WORKDIR /src
    /// COPY . .
    /// RUN CGO_ENABLED=0 go build -o /out/app .
    ///
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// WORKDIR /src
    /// COPY --from=build /out/app /out/app
    /// ENTRYPOINT ["/out/app"]
    /// ```
    ///
    /// The code action "Split into build and runtime stages" (a suggestion, never applied by
    /// `--fix`) does this: it names the stage `build`, adds a runtime stage on the fitting image for
    /// the ecosystem (distroless for Go and Rust, `-slim` for Node.js and Python, a JRE for Java,
    /// ASP.NET for .NET), moves CMD, ENTRYPOINT, EXPOSE, HEALTHCHECK, STOPSIGNAL and a final USER
    /// there, and copies the build output it can identify: the `-o` of `go build` and `dotnet
    /// publish`, `target/release/<bin>` of `cargo build --bin`, `dist/` (`.next/` for Next.js) with
    /// the production dependencies for Node.js, the wheels for Python, the jars for Maven and Gradle.
    /// Where it cannot tell what the build produced, it says so in a comment in the new stage.
    ///
    /// ## When it does not fire
    ///
    /// - The Dockerfile already has several stages.
    /// - The RUN that builds also removes its build dependencies (`apk del .build-deps`,
    ///   `apt-get purge`), or installs what it built into the image's own system (`make install`,
    ///   `cmake --install`): that is how the official images build a language runtime from source,
    ///   and the image is the product of that build.
    /// - Installing dependencies, running tests or tools (`npm ci`, `go install`, `pip install`) is
    ///   not building, and neither is a compile check that keeps nothing (`go build ./...`
    ///   without `-o`, `go vet`): such images check code, they ship no program.
    /// - A RUN installs what was built into the image's system (`make install`, `make -j4
    ///   install`, `cmake --install`), even in another RUN than the build.
    /// - Windows images.
    SingleStageBuild {
        severity: Info,
        fixable: true,
        summary: "A single-stage Dockerfile builds its program and ships the build tools with it.",
    }
}

impl Check for SingleStageBuild {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let [stage] = model.stages.as_slice() else {
            return;
        };
        if analysis
            .platform()
            .windows
            .first()
            .copied()
            .unwrap_or(false)
        {
            return;
        }
        // An image whose build is installed into its own system (`make install` in any RUN)
        // is the product of that build.
        if analysis
            .run_scripts()
            .any(|(_, ins, script)| ins.kind == Keyword::Run && installs_from_source(script))
        {
            return;
        }
        let mut found: Option<(&ShellCommand, Ecosystem)> = None;
        for (ii, ins, script) in analysis.run_scripts() {
            if ins.kind != Keyword::Run || model.stage_of.get(ii).copied().flatten() != Some(0) {
                continue;
            }
            if removes_build_deps(script) {
                continue;
            }
            if let Some(hit) = script
                .commands
                .iter()
                .filter(|c| !compile_check(c))
                .find_map(|c| build_step(c).map(|e| (c, e)))
            {
                found = Some(hit);
                break;
            }
        }
        let Some((cmd, ecosystem)) = found else {
            return;
        };
        let range = match (cmd.words.first(), cmd.words.get(1)) {
            (Some(a), Some(b)) => a.range.cover(b.range),
            (Some(a), None) => a.range,
            _ => cmd.range,
        };
        let mut d = Diagnostic::new(
            &META,
            range,
            format!(
                "this {} build ships its toolchain and sources in the image: build in a `build` stage and copy the output into a small runtime stage",
                ecosystem.name()
            ),
        );
        if let Some(from) = analysis.parsed().instructions.get(stage.from) {
            d = d.with_related(from.keyword_range, "the only stage");
        }
        if let Some(fix) = split(analysis, stage, ecosystem) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}

/// Whether a script builds software from source and installs it into the image's own
/// system (`./configure && make && make install`): the image is the product of that build,
/// as in the official language images.
fn installs_from_source(script: &crate::syntax::shell::Script) -> bool {
    script.commands.iter().any(|c| {
        // `make install`, `make -j4 install`, `make PREFIX=/usr install-strip`.
        (matches!(c.name(), "make" | "gmake" | "ninja")
            && c.args().iter().any(|a| a.text.starts_with("install")))
            || (c.name() == "cmake" && c.has_flag(&["--install"]))
    })
}

/// A build that produces nothing to ship: `go build ./...` without `-o` compiles every
/// package to check it and throws the results away.
fn compile_check(c: &ShellCommand) -> bool {
    c.name() == "go"
        && c.subcommand().is_some_and(|s| s.text == "build")
        && c.args().iter().any(|a| a.text.contains("..."))
        && !c.args().iter().any(|a| a.text == "-o" || a.text.starts_with("-o="))
}

/// Instructions that only matter when the image runs, moved to the runtime stage.
fn runtime_only(i: &Instruction) -> bool {
    matches!(
        i.kind,
        Keyword::Cmd
            | Keyword::Entrypoint
            | Keyword::Expose
            | Keyword::Healthcheck
            | Keyword::StopSignal
    )
}

/// A path as the build stage sees it: relative paths are under its WORKDIR.
fn absolute(workdir: Option<&str>, p: &str) -> String {
    if p.starts_with('/') {
        return p.to_owned();
    }
    let base = workdir.unwrap_or("/").trim_end_matches('/');
    let rel = p.trim_start_matches("./");
    format!("{base}/{rel}")
}

/// The value after `flag` (`-o out` or `-o=out`, `--output out`) among a command's words.
fn option_value<'a>(c: &'a ShellCommand, flags: &[&str]) -> Option<&'a str> {
    let args = c.args();
    for (k, w) in args.iter().enumerate() {
        for f in flags {
            if w.text == *f {
                return args.get(k + 1).map(|v| v.text.as_str());
            }
            if let Some(v) = w.text.strip_prefix(&format!("{f}=")) {
                return Some(v);
            }
        }
    }
    None
}

/// The "Split into build and runtime stages" refactoring.
fn split(analysis: &Analysis, stage: &Stage, ecosystem: Ecosystem) -> Option<Fix> {
    let ins = analysis.parsed().instructions.get(stage.from..stage.end)?;
    let from = ins.first()?;
    let upper = from.keyword.chars().any(|c| c.is_ascii_uppercase());
    let kw = |k: &str| {
        if upper {
            k.to_owned()
        } else {
            k.to_ascii_lowercase()
        }
    };
    let text = analysis.text();
    let mut edits = Vec::new();
    // 1. Name the stage.
    let name = match &stage.name {
        Some(n) => n.clone(),
        None => {
            edits.push(TextEdit::insert(
                stage.base_range.end,
                format!(" {} build", kw("AS")),
            ));
            "build".to_owned()
        }
    };
    // 2. The runtime image.
    let build_text: String = ins
        .iter()
        .map(|i| crate::text::slice(text, i.range).to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let static_go = build_text.contains("CGO_ENABLED=0");
    let runtime = match (&stage.base, ecosystem) {
        (_, Ecosystem::Go) if !static_go => "gcr.io/distroless/base-debian12:nonroot".to_owned(),
        (Base::Image(img), _) => match runtime_for(img.registry.as_deref(), &img.repository, img.tag.as_deref()) {
            Some(r) if r.ecosystem == ecosystem => r.image,
            // Already a slim image of the right kind (`node:22-alpine`): run on it.
            None if matches!(ecosystem, Ecosystem::Node | Ecosystem::Python) => {
                stage.base_text.clone()
            }
            _ => default_runtime(ecosystem),
        },
        _ => default_runtime(ecosystem),
    };
    // 3. What moves: runtime-only instructions, and a USER after the last RUN.
    let last_run = ins
        .iter()
        .rposition(|i| i.kind == Keyword::Run)
        .unwrap_or(0);
    let mut moved: Vec<&Instruction> = Vec::new();
    for (k, i) in ins.iter().enumerate() {
        if runtime_only(i) || (i.kind == Keyword::User && k > last_run) {
            edits.push(TextEdit::delete(instruction_lines(analysis, i)));
            moved.push(i);
        }
    }
    // 4. The new stage.
    let workdir = ins
        .iter()
        .rev()
        .find(|i| i.kind == Keyword::Workdir)
        .and_then(|i| i.args.first())
        .map(|w| w.text.clone());
    let mut lines: Vec<String> = vec![String::new(), format!("{} {runtime}", kw("FROM"))];
    if let Some(w) = &workdir {
        lines.push(format!("{} {w}", kw("WORKDIR")));
    }
    let copy = |src: &str, dst: &str| format!("{} --from={name} {src} {dst}", kw("COPY"));
    let wd = workdir.as_deref();
    let commands: Vec<ShellCommand> = analysis
        .run_scripts()
        .filter(|(ii, _, _)| *ii >= stage.from && *ii < stage.end)
        .flat_map(|(_, _, s)| s.commands.clone())
        .collect();
    let step = commands.iter().find(|c| build_step(c) == Some(ecosystem));
    let unknown = |what: &str| {
        format!("# dockerfile-ls: copy the build output from the `{name}` stage here ({what})")
    };
    match ecosystem {
        Ecosystem::Go => match step.and_then(|c| option_value(c, &["-o"])) {
            Some(out) => {
                let p = absolute(wd, out);
                lines.push(copy(&p, &p));
            }
            None => lines.push(unknown("`go build -o <file>` names the binary")),
        },
        Ecosystem::Rust => match step.and_then(|c| option_value(c, &["--bin"])) {
            Some(bin) => {
                let profile = if step.is_some_and(|c| c.has_flag(&["--release", "-r"])) {
                    "release"
                } else {
                    "debug"
                };
                let p = absolute(wd, &format!("target/{profile}/{bin}"));
                lines.push(copy(&p, &format!("/usr/local/bin/{bin}")));
            }
            None => lines.push(unknown("the binary is in `target/release/<name>`")),
        },
        Ecosystem::Node => {
            let out_dir = if commands.iter().any(|c| c.name() == "next") {
                ".next"
            } else {
                "dist"
            };
            lines.push(copy(&absolute(wd, "package*.json"), "./"));
            lines.push(format!("{} npm ci --omit=dev", kw("RUN")));
            let p = absolute(wd, out_dir);
            lines.push(copy(&p, &format!("./{out_dir}")));
        }
        Ecosystem::Python => {
            let wheels = step
                .and_then(|c| option_value(c, &["-w", "--wheel-dir", "--outdir", "-o"]))
                .map(|w| absolute(wd, w))
                .unwrap_or_else(|| absolute(wd, "dist"));
            lines.push(copy(&format!("{wheels}/"), "/tmp/wheels/"));
            lines.push(format!(
                "{} pip install --no-cache-dir /tmp/wheels/*.whl && rm -rf /tmp/wheels",
                kw("RUN")
            ));
        }
        Ecosystem::Java => {
            let gradle = step.is_some_and(|c| c.name().contains("gradle"));
            let dir = absolute(wd, if gradle { "build/libs" } else { "target" });
            lines.push(copy(&format!("{dir}/*.jar"), &format!("{dir}/")));
        }
        Ecosystem::Dotnet => match step.and_then(|c| option_value(c, &["-o", "--output"])) {
            Some(out) => {
                let p = absolute(wd, out);
                lines.push(copy(&p, &p));
            }
            None => lines.push(unknown("`dotnet publish -o <dir>` names the output")),
        },
        Ecosystem::Native => lines.push(unknown("what `make` built and its shared libraries")),
    }
    for i in &moved {
        lines.push(crate::text::slice(text, i.range).to_string());
    }
    let end = text.len_bytes();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    // The runtime stage goes at the end of the file, after its last instruction (unless that
    // one moves: then its lines are deleted and the file ends in what came before).
    let last = analysis.parsed().instructions.last();
    let last = last.filter(|l| !moved.iter().any(|m| std::ptr::eq(*m, *l)));
    edits.extend(super::append_lines(analysis, last, end, &lines)?);
    Some(Fix::suggested("Split into build and runtime stages", edits))
}

fn default_runtime(ecosystem: Ecosystem) -> String {
    match ecosystem {
        Ecosystem::Go => "gcr.io/distroless/static-debian12:nonroot",
        Ecosystem::Rust | Ecosystem::Native => "gcr.io/distroless/cc-debian12:nonroot",
        Ecosystem::Node => "node:lts-slim",
        Ecosystem::Python => "python:3-slim",
        Ecosystem::Java => "eclipse-temurin:21-jre",
        Ecosystem::Dotnet => "mcr.microsoft.com/dotnet/aspnet:8.0",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn compile_checks_and_installed_builds() {
        check_rule(
            "SingleStageBuild",
            "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build ./... && go vet ./...\n",
            &[],
        );
        check_rule(
            "SingleStageBuild",
            "FROM debian:12\nRUN ./configure && make -j4\nRUN make PREFIX=/usr install\n",
            &[],
        );
    }

    #[test]
    fn builds_in_one_stage() {
        check_rule(
            "SingleStageBuild",
            "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nENTRYPOINT [\"/out/app\"]\n",
            &[
                "4:5-4:13 this Go build ships its toolchain and sources in the image: build in a `build` stage and copy the output into a small runtime stage",
            ],
        );
        // Installs are not builds; official images remove their build dependencies.
        check_rule(
            "SingleStageBuild",
            "FROM node:22\nRUN npm ci\nRUN apk add --virtual .build-deps gcc && make && apk del .build-deps\nRUN ./configure && make -j4 && make install\n",
            &[],
        );
        check_rule(
            "SingleStageBuild",
            "FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n",
            &[],
        );
    }

    #[test]
    fn split_go() {
        check_fix(
            "SingleStageBuild",
            "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nEXPOSE 8080\nENTRYPOINT [\"/out/app\"]\n",
            "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /src\nCOPY --from=build /out/app /out/app\nEXPOSE 8080\nENTRYPOINT [\"/out/app\"]\n",
        );
    }

    #[test]
    fn split_node() {
        check_fix(
            "SingleStageBuild",
            "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nUSER node\nCMD [\"node\", \"dist/server.js\"]\n",
            "FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n\nFROM node:22-slim\nWORKDIR /app\nCOPY --from=build /app/package*.json ./\nRUN npm ci --omit=dev\nCOPY --from=build /app/dist ./dist\nUSER node\nCMD [\"node\", \"dist/server.js\"]\n",
        );
    }

    #[test]
    fn split_rust() {
        check_fix(
            "SingleStageBuild",
            "FROM rust:1.90\nWORKDIR /usr/src/app\nCOPY . .\nRUN cargo build --release --bin server\nCMD [\"/usr/local/bin/server\"]\n",
            "FROM rust:1.90 AS build\nWORKDIR /usr/src/app\nCOPY . .\nRUN cargo build --release --bin server\n\nFROM gcr.io/distroless/cc-debian12:nonroot\nWORKDIR /usr/src/app\nCOPY --from=build /usr/src/app/target/release/server /usr/local/bin/server\nCMD [\"/usr/local/bin/server\"]\n",
        );
    }

    #[test]
    fn split_python() {
        check_fix(
            "SingleStageBuild",
            "FROM python:3.13\nWORKDIR /app\nCOPY . .\nRUN pip wheel --no-cache-dir -w /wheels .\nCMD [\"python\", \"-m\", \"app\"]\n",
            "FROM python:3.13 AS build\nWORKDIR /app\nCOPY . .\nRUN pip wheel --no-cache-dir -w /wheels .\n\nFROM python:3.13-slim\nWORKDIR /app\nCOPY --from=build /wheels/ /tmp/wheels/\nRUN pip install --no-cache-dir /tmp/wheels/*.whl && rm -rf /tmp/wheels\nCMD [\"python\", \"-m\", \"app\"]\n",
        );
    }

    #[test]
    fn split_java() {
        check_fix(
            "SingleStageBuild",
            "FROM maven:3.9-eclipse-temurin-21\nWORKDIR /app\nCOPY . .\nRUN mvn -B package -DskipTests\nENTRYPOINT [\"sh\", \"-c\", \"java -jar target/*.jar\"]\n",
            "FROM maven:3.9-eclipse-temurin-21 AS build\nWORKDIR /app\nCOPY . .\nRUN mvn -B package -DskipTests\n\nFROM eclipse-temurin:21-jre\nWORKDIR /app\nCOPY --from=build /app/target/*.jar /app/target/\nENTRYPOINT [\"sh\", \"-c\", \"java -jar target/*.jar\"]\n",
        );
    }

    #[test]
    fn split_dotnet() {
        check_fix(
            "SingleStageBuild",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app/publish\nENTRYPOINT [\"dotnet\", \"/app/publish/App.dll\"]\n",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app/publish\n\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /src\nCOPY --from=build /app/publish /app/publish\nENTRYPOINT [\"dotnet\", \"/app/publish/App.dll\"]\n",
        );
    }

    #[test]
    fn split_says_what_it_cannot_tell() {
        check_fix(
            "SingleStageBuild",
            "FROM golang:1.22\nCOPY . /src\nRUN cd /src && go build .\n",
            "FROM golang:1.22 AS build\nCOPY . /src\nRUN cd /src && go build .\n\nFROM gcr.io/distroless/base-debian12:nonroot\n# dockerfile-ls: copy the build output from the `build` stage here (`go build -o <file>` names the binary)\n",
        );
    }
}
