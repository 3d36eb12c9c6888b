//! The whole build: Compose, Bake and CI files in the workspace, and the Dockerfile they
//! build, over LSP. One worked example (a Dockerfile with `test`, `dev`, `build` and
//! `runtime` stages, a compose file, a bake file and a workflow).

use std::path::{Path, PathBuf};

use dockerfile_ls_tests::Client;
use serde_json::{Value, json};

use super::push_caps;

const DOCKERFILE: &str = "\
FROM node:22-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
ARG NPM_TOKEN
RUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci

FROM deps AS test
RUN npm test

FROM deps AS dev
CMD [\"npm\", \"run\", \"dev\"]

FROM deps AS build
ARG VERSION=dev
RUN --mount=type=secret,id=sentry,required=true npm run build

FROM gcr.io/distroless/nodejs22-debian12:nonroot AS runtime
COPY --from=build /app/dist /app
CMD [\"/app/server.js\"]
";

const COMPOSE: &str = "\
services:
  web:
    build:
      context: .
      target: runtime
      args:
        VERSION: \"1.0\"
        VERSON: typo
        NPM_TOKEN: ${NPM_TOKEN}
      secrets:
        - sentry
  dev:
    build:
      context: .
      target: dve
secrets:
  sentry:
    environment: SENTRY_TOKEN
";

const BAKE: &str = "\
target \"test\" {
  context = \".\"
  target = \"test\"
}
";

const WORKFLOW: &str = "\
on: push
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: docker build --target test .
";

/// A fresh project directory (a Git repository root) with the four files.
fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dockerfile-ls-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join(".github/workflows")).unwrap();
    std::fs::write(dir.join("Dockerfile"), DOCKERFILE).unwrap();
    std::fs::write(dir.join("compose.yaml"), COMPOSE).unwrap();
    std::fs::write(dir.join("docker-bake.hcl"), BAKE).unwrap();
    std::fs::write(dir.join(".github/workflows/ci.yml"), WORKFLOW).unwrap();
    dir
}

fn uri(dir: &Path, file: &str) -> String {
    format!("file://{}/{file}", dir.display())
}

/// A server with `dir` as its workspace folder and every rule at its default.
fn server(dir: &Path) -> Client {
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(dir, "").trim_end_matches('/'),
            "workspaceFolders": [{ "uri": uri(dir, "").trim_end_matches('/'), "name": "p" }],
            "capabilities": push_caps(),
        }),
    );
    c.notify("initialized", json!({}));
    c
}

fn open(c: &mut Client, uri: &str, language: &str, text: &str) {
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
    );
}

/// `rule line:col message` for each diagnostic.
fn findings(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["code"].as_str().unwrap_or(""),
                d["range"]["start"]["line"],
                d["range"]["start"]["character"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn position(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

#[test]
fn compose_bake_and_ci_know_the_dockerfile_and_it_knows_them() {
    let dir = project("whole-build");
    let (df, compose) = (uri(&dir, "Dockerfile"), uri(&dir, "compose.yaml"));
    let (bake, workflow) = (
        uri(&dir, "docker-bake.hcl"),
        uri(&dir, ".github/workflows/ci.yml"),
    );
    let mut c = server(&dir);

    // The Dockerfile: `test` is built by bake and CI, `runtime` by compose; `dev` only by a
    // compose service whose target is misspelt, so it is unused.
    open(&mut c, &df, "dockerfile", DOCKERFILE);
    let unused: Vec<String> = findings(&c.wait_diagnostics(&df, 1))
        .into_iter()
        .filter(|f| f.starts_with("UnusedStage"))
        .collect();
    assert_eq!(
        unused,
        [
            "UnusedStage 9:13 stage dev is not used by the final stage, so `docker build` skips it (still buildable with `--target dev`; no Compose, Bake or CI file builds it as a target)"
        ]
    );

    // The compose file, opened with the language id VS Code gives it.
    open(&mut c, &compose, "dockercompose", COMPOSE);
    assert_eq!(
        findings(&c.wait_diagnostics(&compose, 1)),
        [
            "UnknownBuildArg 7:8 no ARG `VERSON` in the stages compose service `web` builds, so BuildKit ignores it; did you mean `VERSION`?",
            "SecretPassedAsBuildArg 8:8 compose service `web` passes `NPM_TOKEN` as a build argument, which the image's history keeps: pass it as a build secret (the quick-fix on `ARG NPM_TOKEN` in the Dockerfile changes both files)",
            "UnknownBuildTarget 14:14 compose service `dev` builds target `dve`, but its Dockerfile has no stage of that name; did you mean `dev`?",
        ]
    );

    // The quick-fix for the typo.
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": compose }, "range": { "start": { "line": 14, "character": 15 }, "end": { "line": 14, "character": 15 } }, "context": { "diagnostics": [] } }),
    );
    let fix = &actions["result"][0];
    assert_eq!(fix["title"], "Build target `dev`");
    let edit = &fix["edit"]["changes"][&compose][0];
    assert_eq!(edit["newText"], "dev");
    assert_eq!(
        edit["range"]["start"],
        json!({ "line": 14, "character": 14 })
    );

    // Hover, definition and completion in the compose file lead into the Dockerfile.
    let hover = c.request("textDocument/hover", position(&compose, 4, 16));
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    // (Plain text: these capabilities do not ask for Markdown.)
    assert!(text.starts_with("Target of compose service web."), "{text}");
    assert!(text.contains("stage runtime (index 4)"), "{text}");
    let def = c.request("textDocument/definition", position(&compose, 4, 16));
    assert_eq!(def["result"]["uri"], df.as_str());
    assert_eq!(
        def["result"]["range"]["start"],
        json!({ "line": 16, "character": 52 })
    );
    let def = c.request("textDocument/definition", position(&compose, 6, 9));
    assert_eq!(
        def["result"]["range"]["start"],
        json!({ "line": 13, "character": 4 }),
        "args key → ARG VERSION"
    );
    let items = c.request("textDocument/completion", position(&compose, 14, 16));
    let labels: Vec<&str> = items["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["deps", "test", "dev", "build", "runtime"]);

    // Fixing the typo: `dev` is now a target, and the Dockerfile hears of it at once.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": compose, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": 14, "character": 14 }, "end": { "line": 14, "character": 17 } }, "text": "dev" }] }),
    );
    assert_eq!(findings(&c.wait_diagnostics(&compose, 2)).len(), 2);
    let after = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == df.as_str()
            && !m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "UnusedStage")
    });
    assert_eq!(after["params"]["version"], 1);

    // Hover on a stage says who builds it; references include those places.
    let hover = c.request("textDocument/hover", position(&df, 6, 14));
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Built as a target by:"), "{text}");
    assert!(
        text.contains("bake target test (docker-bake.hcl:1)"),
        "{text}"
    );
    assert!(
        text.contains("docker build in job lint (.github/workflows/ci.yml:6)"),
        "{text}"
    );
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": df }, "position": { "line": 6, "character": 14 }, "context": { "includeDeclaration": true } }),
    );
    let mut places: Vec<String> = refs["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}:{}",
                l["uri"].as_str().unwrap().rsplit('/').next().unwrap(),
                l["range"]["start"]["line"]
            )
        })
        .collect();
    places.sort();
    assert_eq!(places, ["Dockerfile:6", "ci.yml:5", "docker-bake.hcl:2"]);

    // Renaming the stage renames every target that names it, in one workspace edit.
    let edit = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": df }, "position": { "line": 6, "character": 14 }, "newName": "unit" }),
    );
    let changes = &edit["result"]["changes"];
    assert_eq!(changes[&df].as_array().unwrap().len(), 1);
    assert_eq!(changes[&bake][0]["newText"], "unit");
    assert_eq!(
        changes[&bake][0]["range"]["start"],
        json!({ "line": 2, "character": 12 })
    );
    assert_eq!(
        changes[&workflow][0]["range"]["start"],
        json!({ "line": 5, "character": 35 })
    );
    // Renaming an ARG renames the build arguments that set it.
    let edit = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": df }, "position": { "line": 13, "character": 6 }, "newName": "APP_VERSION" }),
    );
    let changes = &edit["result"]["changes"];
    assert_eq!(
        changes[&compose][0]["range"]["start"],
        json!({ "line": 6, "character": 8 })
    );

    // The secret fix carries across: compose passes NPM_TOKEN as a secret, not an argument.
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": df }, "range": { "start": { "line": 3, "character": 5 }, "end": { "line": 3, "character": 5 } }, "context": { "diagnostics": [] } }),
    );
    let fix = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Pass NPM_TOKEN"))
        .unwrap();
    assert_eq!(
        fix["title"],
        "Pass NPM_TOKEN as a build secret instead (build with `docker build --secret id=npm_token,env=NPM_TOKEN .`) and in compose.yaml"
    );
    let changes = &fix["edit"]["changes"];
    assert_eq!(
        changes[&df].as_array().unwrap().len(),
        2,
        "ARG removed, RUN mounts it"
    );
    let compose_after = apply(&c_text(&c, &compose), &changes[&compose]);
    assert!(
        compose_after.contains("      secrets:\n        - sentry\n        - npm_token\n"),
        "{compose_after}"
    );
    assert!(
        compose_after.ends_with(
            "  sentry:\n    environment: SENTRY_TOKEN\n  npm_token:\n    environment: NPM_TOKEN\n"
        ),
        "{compose_after}"
    );
    assert!(!compose_after.contains("NPM_TOKEN: "), "{compose_after}");
    c.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The compose file's text as the test left it (the typo fixed).
fn c_text(_: &Client, _: &str) -> String {
    COMPOSE.replace("target: dve", "target: dev")
}

/// Applies LSP text edits (non-overlapping) to `text`.
fn apply(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        text.split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>()
            + ch
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_owned();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

/// `check` learns the build context from the compose file: a `.dockerignore` at the context
/// root counts for a Dockerfile in a subdirectory, and the findings on build files come out
/// with their own paths and lines, in JSON too.
#[test]
fn check_reads_the_build_files_of_the_project() {
    let dir = std::env::temp_dir().join(format!("dockerfile-ls-e2e-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("app")).unwrap();
    std::fs::write(dir.join(".dockerignore"), ".git\nnode_modules\n").unwrap();
    std::fs::write(dir.join("package.json"), "{}\n").unwrap();
    std::fs::write(dir.join("app/Dockerfile"), "FROM node:22-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nFROM build AS test\nRUN npm test\nFROM node:22-alpine\nCOPY --from=build /app /app\n").unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(dockerfile_ls_tests::server_binary("debug"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let rules = |json: &str| -> Vec<String> {
        serde_json::from_str::<Vec<Value>>(json)
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{}:{} {}",
                    f["file"].as_str().unwrap(),
                    f["line"],
                    f["rule"].as_str().unwrap()
                )
            })
            .collect()
    };
    let alone = rules(&run(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "info",
        "app/Dockerfile",
    ]));
    assert!(
        alone.contains(&"app/Dockerfile:3 MissingDockerignore".to_owned()),
        "{alone:?}"
    );
    assert!(
        alone.contains(&"app/Dockerfile:5 UnusedStage".to_owned()),
        "{alone:?}"
    );
    std::fs::write(
        dir.join("compose.yaml"),
        "services:\n  app:\n    build:\n      context: .\n      dockerfile: app/Dockerfile\n  tests:\n    build:\n      context: .\n      dockerfile: app/Dockerfile\n      target: tset\n",
    )
    .unwrap();
    let with = rules(&run(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "info",
        ".",
    ]));
    assert!(
        !with.iter().any(|f| f.contains("MissingDockerignore")),
        "the context is the root: {with:?}"
    );
    assert!(
        with.contains(&"./compose.yaml:10 UnknownBuildTarget".to_owned()),
        "{with:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A build file's findings follow the project's `.dockerfile-ls.toml` and its own
/// `# dockerfile-ls: ignore=` comments.
#[test]
fn build_file_findings_follow_levels_and_comments() {
    let dir = std::env::temp_dir().join(format!("dockerfile-ls-e2e-levels-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM alpine:3.20 AS test\nFROM alpine:3.20\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(".dockerfile-ls.toml"),
        "[rules]\nUnknownBuildArg = \"off\"\n",
    )
    .unwrap();
    let compose = "services:\n  a:\n    build:\n      # dockerfile-ls: ignore=UnknownBuildTarget\n      target: tset\n      args: {NOPE: 1}\n  b:\n    build:\n      target: tets\n";
    std::fs::write(dir.join("compose.yaml"), compose).unwrap();
    let mut c = server(&dir);
    let uri = uri(&dir, "compose.yaml");
    open(&mut c, &uri, "yaml", compose);
    assert_eq!(
        findings(&c.wait_diagnostics(&uri, 1)),
        [
            "UnknownBuildTarget 8:14 compose service `b` builds target `tets`, but its Dockerfile has no stage of that name; did you mean `test`?"
        ]
    );
    c.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn build_arguments_from_the_build_files_resolve_from() {
    // Selenium's layout: the Makefile enters each image's directory and passes the tag
    // through a make variable; compose passes a literal one.
    let dir = std::env::temp_dir().join(format!("dockerfile-ls-e2e-args-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    for sub in ["SessionQueue", "Hub", "Alone"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(
            dir.join(sub).join("Dockerfile"),
            "ARG NAMESPACE=selenium\nARG VERSION=latest\nFROM ${NAMESPACE}/base:${VERSION}\nUSER 1200\n",
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("Makefile"),
        "TAG_VERSION ?= 4.35.0\nFROM_IMAGE_ARGS := --build-arg NAMESPACE=$(NAMESPACE) --build-arg VERSION=$(TAG_VERSION)\n\nsession_queue:\n\tcd ./SessionQueue && docker buildx build $(FROM_IMAGE_ARGS) -t q .\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("compose.yaml"),
        "services:\n  hub:\n    build:\n      context: Hub\n      args:\n        VERSION: \"4.35.0\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(dockerfile_ls_tests::server_binary("debug"))
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "LatestTag,UnpinnedBaseImage",
            ".",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    let found: Vec<String> = serde_json::from_slice::<Vec<Value>>(&out.stdout)
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["file"].as_str().unwrap(),
                f["rule"].as_str().unwrap()
            )
        })
        .collect();
    // The Makefile's tag is only known when make runs, compose's is 4.35.0: only the
    // Dockerfile nothing builds is read with its default, `latest`.
    assert_eq!(found, ["./Alone/Dockerfile LatestTag"], "{found:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
