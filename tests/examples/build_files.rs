//! What build files cost: indexing a workspace of build files (Compose, Bake, workflows,
//! Makefiles beside their Dockerfiles), and a keystroke in a compose file until its
//! diagnostics arrive over LSP.
//! `cargo build --release && cargo run --release -p dockerfile-ls-tests --example build_files
//! -- 1000 200` (build files, keystrokes).

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dockerfile_ls::workspace::{BuildIndex, Limits};
use dockerfile_ls_tests::{Client, range, server_binary};
use serde_json::json;

const DOCKERFILE: &str = "FROM golang:1.23 AS deps\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n\nFROM deps AS test\nCOPY . .\nRUN go test ./...\n\nFROM deps AS build\nARG VERSION=dev\nCOPY . .\nRUN --mount=type=secret,id=gh_token go build -ldflags \"-X main.v=${VERSION}\" -o /out/app .\n\nFROM deps AS lint\nRUN go vet ./...\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT [\"/app\"]\n";

fn compose(i: usize) -> String {
    format!(
        "# service {i}\nx-build: &build\n  context: .\n  args:\n    VERSION: \"1.{i}\"\nservices:\n  app:\n    build:\n      <<: *build\n      secrets:\n        - gh_token\n    ports: [\"80{i:02}:8080\"]\n  test:\n    build:\n      context: .\n      target: test\n  lint:\n    build:\n      context: .\n      target: lint\nsecrets:\n  gh_token:\n    environment: GH_TOKEN\n"
    )
}

fn bake() -> &'static str {
    "variable \"TAG\" { default = \"latest\" }\ngroup \"default\" { targets = [\"app\", \"test\"] }\ntarget \"_common\" {\n  context = \".\"\n  args = { VERSION = \"${TAG}\" }\n}\ntarget \"app\" {\n  inherits = [\"_common\"]\n  secret = [\"id=gh_token,env=GH_TOKEN\"]\n}\ntarget \"test\" {\n  inherits = [\"_common\"]\n  target = \"test\"\n}\n"
}

fn workflow(i: usize) -> String {
    format!(
        "name: ci-{i}\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build --target test -f svc{i}/Dockerfile svc{i}\n      - uses: docker/build-push-action@v6\n        with:\n          context: svc{i}\n          file: svc{i}/Dockerfile\n          target: lint\n"
    )
}

fn makefile() -> &'static str {
    "IMAGE ?= app\n.PHONY: test lint\ntest:\n\tdocker build --target test -t $(IMAGE):test .\nlint:\n\tdocker build --target lint .\n"
}

/// A workspace of `n` build files: a quarter of each kind, one Dockerfile per service dir.
fn workspace(n: usize) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("dockerfile-ls-build-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join(".github/workflows")).unwrap();
    for i in 0..n.div_ceil(4) {
        let dir = root.join(format!("svc{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Dockerfile"), DOCKERFILE).unwrap();
        std::fs::write(dir.join("compose.yaml"), compose(i)).unwrap();
        std::fs::write(dir.join("docker-bake.hcl"), bake()).unwrap();
        std::fs::write(dir.join("Makefile"), makefile()).unwrap();
        std::fs::write(
            root.join(format!(".github/workflows/ci-{i}.yml")),
            workflow(i),
        )
        .unwrap();
    }
    root
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let keystrokes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let root = workspace(n);

    // Indexing, as the server does it when the workspace opens (the first run reads the
    // files from disk; the page cache serves the others).
    let mut times = Vec::new();
    let mut files = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let index = BuildIndex::scan(std::slice::from_ref(&root), Limits::default());
        times.push(t.elapsed());
        files = index.len();
    }
    let first = times[0];
    times.sort();
    println!(
        "index {files} build files: first {first:.1?}, median {:.1?}",
        percentile(&times, 0.5)
    );
    let index = BuildIndex::scan(std::slice::from_ref(&root), Limits::default());
    let builders = index
        .builders_of(&root.join("svc0/Dockerfile"))
        .unwrap_or_default();
    println!("svc0/Dockerfile is built by {} entries", builders.len());

    // A keystroke in a compose file → its diagnostics, over LSP.
    let root_uri = format!("file://{}", root.display());
    let mut c = Client::spawn_with(&server_binary("release"), &[], &[]);
    let t = Instant::now();
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": root_uri, "workspaceFolders": [{ "uri": root_uri, "name": "w" }],
                "capabilities": { "textDocument": { "publishDiagnostics": { "versionSupport": true } } } }),
    );
    c.notify("initialized", json!({}));
    let df = format!("{root_uri}/svc0/Dockerfile");
    c.open(&df, 1, DOCKERFILE);
    c.wait_diagnostics(&df, 1);
    println!(
        "initialize → first Dockerfile diagnostics (indexing included): {:.1?}",
        t.elapsed()
    );
    let uri = format!("{root_uri}/svc0/compose.yaml");
    let text = compose(0);
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "dockercompose", "version": 1, "text": text } }),
    );
    c.wait_diagnostics(&uri, 1);
    // Type and delete a character in the VERSION value, one change per keystroke.
    let line = text.lines().position(|l| l.contains("VERSION")).unwrap() as u32;
    let col = text.lines().nth(line as usize).unwrap().len() as u32 - 1;
    let mut lat = Vec::with_capacity(keystrokes);
    for k in 0..keystrokes {
        let version = k as i64 + 2;
        let t = Instant::now();
        if k % 2 == 0 {
            c.change(&uri, version, range(line, col, line, col), "9");
        } else {
            c.change(&uri, version, range(line, col, line, col + 1), "");
        }
        c.wait_diagnostics(&uri, version);
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "compose keystroke → diagnostics over {keystrokes}: p50 {:.2?}, p90 {:.2?}, max {:.2?}",
        percentile(&lat, 0.5),
        percentile(&lat, 0.9),
        percentile(&lat, 1.0)
    );
    let _ = c.shutdown();
    let _ = std::fs::remove_dir_all(Path::new(&root));
}
