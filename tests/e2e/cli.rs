//! The command line: `check` (formats, exit statuses, discovery, bad input) and `syntax`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> PathBuf {
    dockerfile_ls_tests::server_binary("debug")
}

/// Runs the binary; `check` runs with the quiet rules ignored (see `QUIET_RULES`).
fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let quiet = dockerfile_ls_tests::QUIET_RULES.join(",");
    let mut args: Vec<&str> = args.to_vec();
    if args.first() == Some(&"check") {
        args.splice(1..1, ["--ignore", quiet.as_str()]);
    }
    let mut child = Command::new(bin())
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        // A process that rejects its arguments exits without reading: a broken pipe is fine.
        if let Err(e) = input.write_all(bytes) {
            assert_eq!(
                e.kind(),
                std::io::ErrorKind::BrokenPipe,
                "writing stdin: {e}"
            );
        }
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// A fresh directory under the target dir, removed first if it exists.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dockerfile-ls-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

const BAD: &str =
    "FROM golang AS build\nFROM alpine\nCOPY --from=buidl /a /b\nCOPY --from=5 /a /b\n";

#[test]
fn json_output_has_the_documented_shape_and_exit_status() {
    let dir = scratch("json");
    let file = write(&dir, "Dockerfile", BAD.as_bytes());
    let out = run(&["check", "--format", "json", &file], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error finding fails by default"
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "column",
            "end_column",
            "end_line",
            "file",
            "fix",
            "line",
            "message",
            "rule",
            "severity"
        ]
    );
    assert_eq!(
        (
            first["rule"].as_str(),
            first["line"].as_u64(),
            first["column"].as_u64()
        ),
        (Some("StageNameTypo"), Some(3), Some(13))
    );
    assert_eq!(first["end_column"], 18);
    assert_eq!(v[1]["severity"], "error");
    // Field order in the text is the documented one.
    let text = String::from_utf8_lossy(&out.stdout);
    let order: Vec<usize> = [
        "\"file\"",
        "\"rule\"",
        "\"severity\"",
        "\"message\"",
        "\"line\"",
        "\"column\"",
        "\"end_line\"",
        "\"end_column\"",
        "\"fix\"",
    ]
    .iter()
    .map(|k| text.find(k).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn fail_on_sets_the_threshold() {
    let dir = scratch("failon");
    let file = write(
        &dir,
        "Dockerfile",
        b"FROM golang AS build\nFROM alpine\nCOPY --from=buidl /a /b\n",
    );
    assert_eq!(
        run(&["check", &file], None).status.code(),
        Some(0),
        "only a warning"
    );
    assert_eq!(
        run(&["check", "--fail-on", "warning", &file], None)
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn human_output_points_at_the_token() {
    let out = run(&["check", "-"], Some(BAD.as_bytes()));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("<stdin>:4:13: error[StageIndexOutOfRange] there is no stage 5"),
        "{text}"
    );
    assert!(
        text.contains("4 | COPY --from=5 /a /b\n  |             ^\n"),
        "{text}"
    );
    assert!(
        text.ends_with("Found 2 problems (1 error, 1 warning, 0 other) in 1 file.\n"),
        "{text}"
    );
}

#[test]
fn sarif_output() {
    let out = run(&["check", "--format", "sarif", "-"], Some(BAD.as_bytes()));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let result = &v["runs"][0]["results"][1];
    assert_eq!(result["ruleId"], "StageIndexOutOfRange");
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
}

#[test]
fn directories_are_searched_for_dockerfiles() {
    let dir = scratch("discover");
    write(&dir, "Dockerfile", b"FROM alpine\n");
    write(&dir, "svc/api.Dockerfile", b"FROM alpine\nRUNN x\n");
    write(&dir, "svc/Containerfile", b"FROM alpine\n");
    write(&dir, "svc/Dockerfile.prod", b"FROM alpine\n");
    write(&dir, "node_modules/x/Dockerfile", b"RUNN ignored\n");
    write(&dir, ".git/Dockerfile", b"RUNN ignored\n");
    write(&dir, "README.md", b"RUNN not a dockerfile\n");
    let out = run(&["check", &dir.display().to_string()], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("api.Dockerfile:2:1: error[UnknownInstruction]"),
        "{text}"
    );
    assert!(text.ends_with("in 4 files.\n"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bad_paths_and_files_are_reported_and_skipped_with_status_2() {
    let dir = scratch("bad");
    let good = write(&dir, "Dockerfile", b"FROM alpine\n");
    let binary = write(&dir, "bin.Dockerfile", b"FROM\0alpine");
    let latin1 = write(&dir, "latin1.Dockerfile", b"FROM alpine\nLABEL x=\xe9\n");
    let missing = dir.join("nope").display().to_string();
    let out = run(&["check", &good, &binary, &latin1, &missing], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("dockerfile-ls: {binary}: skipped: binary file")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "dockerfile-ls: {latin1}: skipped: not valid UTF-8"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "dockerfile-ls: {missing}: no such file or directory"
        )),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("No problems found in 1 file."));
}

#[test]
fn usage_errors_are_status_2() {
    assert_eq!(
        run(&["check", "--format", "xml"], None).status.code(),
        Some(2)
    );
    assert_eq!(
        run(
            &["check", "--build-arg", "NOEQUALS", "-"],
            Some(b"FROM a\n")
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        run(
            &["check", "--context", "/definitely/not/here", "-"],
            Some(b"FROM a\n")
        )
        .status
        .code(),
        Some(2)
    );
    // The version and the commit of this checkout (the tests run from a git clone).
    let v = run(&["--version"], None);
    let line = String::from_utf8_lossy(&v.stdout).trim().to_owned();
    let (name, rest) = line.split_once(' ').unwrap();
    assert_eq!(name, "dockerfile-ls");
    let (version, commit) = rest.split_once(' ').unwrap();
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .unwrap();
    let head = String::from_utf8(head.stdout).unwrap();
    assert!(
        commit.starts_with(&format!("({} ", head.trim())),
        "{line:?} does not name HEAD {head:?}"
    );
}

#[test]
fn build_args_take_part_in_resolving_from() {
    let text = b"ARG BASE=alpine\nFROM golang AS builder\nFROM ${BASE}\n";
    let plain = run(&["check", "--format", "json", "-"], Some(text));
    assert_eq!(
        serde_json::from_slice::<Value>(&plain.stdout).unwrap(),
        Value::Array(vec![])
    );
    let typo = run(
        &[
            "check",
            "--format",
            "json",
            "--build-arg",
            "BASE=buidler",
            "-",
        ],
        Some(text),
    );
    let v: Value = serde_json::from_slice(&typo.stdout).unwrap();
    assert_eq!(v[0]["rule"], "StageNameTypo", "{v}");
}

#[test]
fn syntax_json_reports_instructions_like_buildkit() {
    let out = run(
        &["syntax", "--format", "json", "-"],
        Some(b"FROM alpine AS b\nRUN --mount=type=cache,target=/x echo \\\n  hi\nONBUILD RUN <<EOF\nx\nEOF\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[1]["instruction"], "RUN");
    assert_eq!(
        (v[1]["start_line"].as_u64(), v[1]["end_line"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(v[1]["flags"][0], "--mount=type=cache,target=/x");
    assert_eq!(v[1]["value"][0], "echo   hi");
    assert_eq!(v[2]["sub_instruction"], "RUN");
    let bad = run(&["syntax", "-"], Some(b"FROM alpine\nRUNN x\n"));
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr)
            .contains("UnknownInstruction: unknown instruction: RUNN")
    );
}

#[test]
fn rules_lists_the_registry_and_documents_one_rule() {
    let list = run(&["rules", "--format", "json"], None);
    let v: Value = serde_json::from_slice(&list.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"StageNameTypo") && ids.contains(&"JSONArgsRecommended"),
        "{ids:?}"
    );
    let doc = run(&["rules", "dl3024"], None);
    let text = String::from_utf8_lossy(&doc.stdout);
    assert!(
        text.starts_with("# DuplicateStageName\n") && text.contains("## Why"),
        "{text}"
    );
    let bad = run(&["rules", "StageNameTypos"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean StageNameTypo?"));
}

fn rules_in(out: &Output) -> Vec<String> {
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn fix_rewrites_the_file_and_reports_what_it_changed() {
    let dir = scratch("fix");
    let text = "FROM golang:1.23\nRUN go build -o /app .\nFROM alpine:3.20\nMAINTAINER me\nCOPY --from=0 /app /app\nUSER 1000\n";
    let file = write(&dir, "Dockerfile", text.as_bytes());
    let out = run(&["check", "--fix", "--format", "json", &file], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fixed 2 findings (MaintainerDeprecated, NumericStageReference)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"me\"\nCOPY --from=build /app /app\nUSER 1000\n"
    );
    assert_eq!(rules_in(&out), Vec::<String>::new(), "nothing left");
    assert_eq!(out.status.code(), Some(0));
    // Nothing temporary is left behind.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // Standard input cannot be fixed in place.
    let out = run(&["check", "--fix", "-"], Some(text.as_bytes()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fix cannot rewrite standard input"));
}

#[test]
fn select_ignore_and_configuration_files() {
    let dir = scratch("select");
    let text = "FROM python\nRUN pip install flask\nCOPY --from=0 /a /b\n";
    let file = write(&dir, "svc/Dockerfile", text.as_bytes());
    // --select runs only the named rules (aliases work), default-off ones included.
    let out = Command::new(bin())
        .args([
            "check",
            "--format",
            "json",
            "--select",
            "DL3006,PipUnpinned",
            &file,
        ])
        .output()
        .unwrap();
    assert_eq!(rules_in(&out), ["UnpinnedBaseImage", "PipUnpinned"]);
    let out = Command::new(bin())
        .args([
            "check", "--format", "json", "--select", "ALL", "--ignore", "DL3006", &file,
        ])
        .output()
        .unwrap();
    let all = rules_in(&out);
    assert!(
        all.contains(&"PipUnpinned".to_owned()) && !all.contains(&"UnpinnedBaseImage".to_owned()),
        "{all:?}"
    );
    // A configuration file above the Dockerfile, at the repository root, sets levels.
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    write(
        &dir,
        ".dockerfile-ls.toml",
        b"[rules]\nPipNoCacheDir = \"error\"\nUnpinnedBaseImage = \"off\"\n",
    );
    let out = Command::new(bin())
        .args(["check", "--format", "json", &file])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let pip = v
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "PipNoCacheDir")
        .unwrap();
    assert_eq!(pip["severity"], "error");
    assert!(!rules_in(&out).contains(&"UnpinnedBaseImage".to_owned()));
    assert_eq!(out.status.code(), Some(1));
    // A broken one is an error naming the file and line.
    write(
        &dir,
        ".dockerfile-ls.toml",
        b"[rules]\nPipNoCacheDir = \"error\"\nPipNoCache = \"off\"\n",
    );
    let out = Command::new(bin()).args(["check", &file]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            ".dockerfile-ls.toml: line 3: PipNoCache: unknown rule (did you mean `PipNoCacheDir`?)"
        ),
        "{stderr}"
    );
    // --no-config skips it; unknown ids on the command line are errors too.
    let out = Command::new(bin())
        .args(["check", "--no-config", "--select", "DL3006", &file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new(bin())
        .args(["check", "--select", "Nope", &file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_dockerignore_is_found_in_the_context() {
    let dir = scratch("context");
    let file = write(
        &dir,
        "Dockerfile",
        b"FROM node:22\nWORKDIR /app\nCOPY . .\nUSER node\n",
    );
    write(&dir, "package.json", b"{}");
    let out = run(&["check", "--format", "json", &file], None);
    assert_eq!(rules_in(&out), ["MissingDockerignore"]);
    write(&dir, ".dockerignore", b"node_modules\n");
    let out = run(&["check", "--format", "json", &file], None);
    assert_eq!(rules_in(&out), Vec::<String>::new());
}
