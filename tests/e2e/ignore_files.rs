//! `.dockerignore` as a language of its own, over LSP: a project on disk whose context the
//! server walks, its ignore file's diagnostics (with the COPY it breaks as related
//! information), quick-fix, hover, code lens, completion, tokens, folding and formatting;
//! and the `context` command on the same project.

use std::path::{Path, PathBuf};

use dockerfile_ls_tests::Client;
use serde_json::{Value, json};

use super::push_caps;

const DOCKERFILE: &str = "\
FROM node:22-slim
WORKDIR /app
COPY README.md ./
COPY . .
CMD [\"node\", \"server.js\"]
";

const IGNORE: &str = "\
# dependencies
# (installed in the image)
node_modules
!README.md
*.md
/node_modules/
[Local-Only]/
logs
*.md
";

fn project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dockerfile-ls-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, size) in [
        ("Dockerfile", 0),
        ("README.md", 300),
        ("CHANGES.md", 200),
        ("package.json", 40),
        ("server.js", 1000),
        (".env", 20),
        ("node_modules/left-pad/index.js", 5000),
        ("node_modules/left-pad/package.json", 100),
        ("src/app.js", 700),
        ("src/lib/util.js", 300),
    ] {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, vec![b'x'; size]).unwrap();
    }
    std::fs::write(dir.join("Dockerfile"), DOCKERFILE).unwrap();
    std::fs::write(dir.join(".dockerignore"), IGNORE).unwrap();
    dir
}

fn uri(dir: &Path, file: &str) -> String {
    format!("file://{}/{file}", dir.display())
}

fn server(dir: &Path) -> Client {
    let mut c = Client::spawn();
    let mut caps = push_caps();
    caps["textDocument"]["hover"] = json!({ "contentFormat": ["markdown"] });
    c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(dir, "").trim_end_matches('/'),
            "capabilities": caps,
        }),
    );
    c.notify("initialized", json!({}));
    c
}

fn position(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

/// `code line message` per diagnostic, in order.
fn findings(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["code"].as_str().unwrap_or(""),
                d["range"]["start"]["line"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn the_ignore_file_knows_its_context_and_the_dockerfile() {
    let dir = project("ignore-language");
    let ignore = uri(&dir, ".dockerignore");
    let mut c = server(&dir);
    // Language id `ignore`, as VS Code names it; the name decides.
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": ignore, "languageId": "ignore", "version": 1, "text": IGNORE } }),
    );
    // The first answer may come before the walk; the one after it knows the context.
    let diags = loop {
        let d = c.wait_diagnostics(&ignore, 1);
        if d.iter().any(|x| x["code"] == "IgnorePatternMatchesNothing") {
            break d;
        }
    };
    let got = findings(&diags);
    let expect = [
        "SensitiveFileInContext 0 the build context sends environment files, which hold secrets (`**/.env`), and a Dockerfile copies the whole context: add `**/.env` here",
        "UselessIgnoreException 3 this exception does nothing: what it matches is not excluded by the patterns before it, so it re-includes nothing",
        "CopyIgnoredFile 4 excludes `README.md`, which COPY copies (Dockerfile:3): the COPY fails or copies less",
        "RedundantIgnorePattern 5 repeats line 3 (`node_modules`)",
        "InvalidIgnorePattern 6 BuildKit rejects this pattern: syntax error in pattern (the build fails with \"invalid excludepatterns\")",
        "IgnorePatternMatchesNothing 7 `logs` matches nothing in the build context",
        "RedundantIgnorePattern 8 repeats line 5 (`*.md`)",
    ];
    assert_eq!(got, expect, "\n{}", got.join("\n"));
    // The COPY it breaks is related information, in the Dockerfile.
    let copy = diags
        .iter()
        .find(|d| d["code"] == "CopyIgnoredFile")
        .unwrap();
    let rel = &copy["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], uri(&dir, "Dockerfile"));
    assert_eq!(rel["location"]["range"]["start"]["line"], 2);
    // Faded: what does nothing.
    let nothing = diags
        .iter()
        .find(|d| d["code"] == "IgnorePatternMatchesNothing")
        .unwrap();
    assert_eq!(nothing["severity"], 4);
    assert_eq!(nothing["tags"], json!([1]));

    // The quick-fix adds the pattern at the end.
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": ignore }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [] } }),
    );
    let fix = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Add `**/.env` to the ignore file")
        .unwrap_or_else(|| panic!("{actions}"));
    let edit = &fix["edit"]["changes"][&ignore][0];
    assert_eq!(edit["newText"], "**/.env\n");
    assert_eq!(edit["range"]["start"]["line"], 9);

    // Hover: what the pattern does in this context, and the totals on the first line.
    let h = c.request("textDocument/hover", position(&ignore, 2, 3));
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**`node_modules`** — Leaves out `node_modules` and, if it is a directory, everything in it."), "{md}");
    assert!(
        md.contains("Leaves out 2 files (5.1 kB), such as `node_modules/`."),
        "{md}"
    );
    let h = c.request("textDocument/hover", position(&ignore, 0, 3));
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert_eq!(
        md,
        "**Build context**: sends 7 files (2.3 kB); ignores 4 files (5.6 kB)"
    );

    // The code lens says the same.
    let lens = c.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": ignore } }),
    );
    let title = lens["result"][0]["command"]["title"].as_str().unwrap();
    assert!(
        title.ends_with("sends 7 files (2.3 kB); ignores 4 files (5.6 kB)"),
        "{title}"
    );

    // Completion: the context's entries under what is typed, directories first.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": ignore, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": 9, "character": 0 }, "end": { "line": 9, "character": 0 } }, "text": "src/" }] }),
    );
    let items = c.request("textDocument/completion", position(&ignore, 9, 4));
    let labels: Vec<&str> = items["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["src/lib/", "src/app.js"]);

    // Comments fold; tokens mark comments, `!` and wildcards.
    let folds = c.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": ignore } }),
    );
    assert_eq!(folds["result"][0]["startLine"], 0);
    assert_eq!(folds["result"][0]["endLine"], 1);
    let tokens = c.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": ignore } }),
    );
    assert!(tokens["result"]["data"].as_array().unwrap().len() >= 5 * 5);

    // Formatting: trailing space and runs of blank lines only.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": ignore, "version": 3 }, "contentChanges": [{ "text": "node_modules   \n\n\n\n*.log\n" }] }),
    );
    let edits = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": ignore }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    assert_eq!(edits["result"].as_array().unwrap().len(), 3, "{edits}");

    // Hover on the `.` of `COPY . .` in the Dockerfile: what it copies (the context is
    // walked already; the ignore file on disk applies).
    let df = uri(&dir, "Dockerfile");
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": df, "languageId": "dockerfile", "version": 1, "text": DOCKERFILE } }),
    );
    let h = c.request("textDocument/hover", position(&df, 3, 5));
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains(&format!(
            "Copies 7 files (2.3 kB) of the build context `{}` (after `.dockerignore`, which leaves out 4 files, 5.6 kB).",
            dir.display()
        )),
        "{md}"
    );
    c.shutdown();
}

#[test]
fn context_prints_what_a_build_sends() {
    let dir = project("context-command");
    let out = std::process::Command::new(dockerfile_ls_tests::server_binary("debug"))
        .args(["context", dir.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Dockerfile, .dockerignore, package.json, server.js, .env and the two under src/.
    let sent = DOCKERFILE.len() + IGNORE.len() + 40 + 1000 + 20 + 700 + 300;
    assert_eq!(v["sent"], json!({ "files": 7, "bytes": sent }));
    assert_eq!(v["ignored"], json!({ "files": 4, "bytes": 5600 }));
    assert_eq!(
        v["largestFiles"][0],
        json!({ "path": "server.js", "bytes": 1000 })
    );
    assert_eq!(v["largestDirectories"][0]["path"], "src");
    let invalid = v["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pattern"] == "[Local-Only]")
        .unwrap();
    assert_eq!(invalid["error"], "syntax error in pattern");
    let text = std::process::Command::new(dockerfile_ls_tests::server_binary("debug"))
        .args(["context", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("sends           7 files     2.3 kB"),
        "{text}"
    );
    assert!(text.contains("matches nothing"), "{text}");
}

#[test]
fn check_reads_ignore_files_and_format_leaves_them_alone() {
    let dir = project("check-ignore");
    std::fs::write(
        dir.join("compose.yaml"),
        "services:\n  web:\n    build: .   \n",
    )
    .unwrap();
    let bin = dockerfile_ls_tests::server_binary("debug");
    let out = std::process::Command::new(&bin)
        .args(["check", "--format", "json", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let on_ignore: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().unwrap().ends_with(".dockerignore"))
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        on_ignore,
        [
            "SensitiveFileInContext",
            "UselessIgnoreException",
            "CopyIgnoredFile",
            "RedundantIgnorePattern",
            "InvalidIgnorePattern",
            "IgnorePatternMatchesNothing",
            "RedundantIgnorePattern"
        ]
    );
    // The invalid pattern is an error: the build fails, so does `check`.
    assert_eq!(out.status.code(), Some(1));
    // SARIF too.
    let sarif = std::process::Command::new(&bin)
        .args(["check", "--format", "sarif", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert!(
        s["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == "InvalidIgnorePattern")
    );
    // `format` formats Dockerfiles only: not the ignore file, not the compose file.
    let fmt = std::process::Command::new(&bin)
        .args(["format", "--check", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let listed = String::from_utf8(fmt.stdout).unwrap();
    assert!(
        !listed.contains("compose.yaml") && !listed.contains(".dockerignore"),
        "{listed}"
    );
}

/// The watcher of every file's creation and deletion is registered once, when the first
/// ignore file opens — not before (an editor that polls would watch every file of projects
/// where nobody opens one) — and the server keeps serving while the client has not answered.
#[test]
fn the_contexts_watcher_comes_with_the_first_ignore_file() {
    let dir = project("ignore-watch");
    let mut c = Client::spawn();
    let mut caps = push_caps();
    caps["workspace"] = json!({ "didChangeWatchedFiles": { "dynamicRegistration": true } });
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(&dir, "").trim_end_matches('/'), "capabilities": caps }),
    );
    c.notify("initialized", json!({}));
    let first = c.wait_for(|m| m["method"] == "client/registerCapability");
    let globs = |m: &Value| -> Vec<String> {
        m["params"]["registrations"][0]["registerOptions"]["watchers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["globPattern"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(!globs(&first).contains(&"**/*".to_owned()), "{first}");
    let ignore = uri(&dir, ".dockerignore");
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": ignore, "languageId": "ignore", "version": 1, "text": IGNORE } }),
    );
    let second = c.wait_for(|m| m["method"] == "client/registerCapability");
    assert_eq!(globs(&second), ["**/*"]);
    assert_eq!(
        second["params"]["registrations"][0]["registerOptions"]["watchers"][0]["kind"], 5,
        "created and deleted files only"
    );
    // Never answered: the ignore file is served all the same.
    let h = c.request("textDocument/hover", position(&ignore, 2, 3));
    assert!(h["result"]["contents"]["value"].as_str().is_some(), "{h}");
    c.shutdown();
}

/// A client that pulls diagnostics and cannot be asked to pull again (Neovim 0.11): its first
/// pull waits for the context to be counted, so the answer knows it.
#[test]
fn a_pull_without_refresh_gets_the_counted_context() {
    let dir = project("ignore-pull");
    let ignore = uri(&dir, ".dockerignore");
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": null,
                "capabilities": { "textDocument": { "diagnostic": { "dynamicRegistration": false } } } }),
    );
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": ignore, "languageId": "gitignore", "version": 1, "text": IGNORE } }),
    );
    let r = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": ignore } }),
    );
    let codes: Vec<&str> = r["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect();
    assert!(codes.contains(&"IgnorePatternMatchesNothing"), "{r}");
    c.shutdown();
}

#[test]
fn patterns_for_what_gitignore_keeps_out_are_guards() {
    let dir = project("gitignore-guards");
    // The repository's root is above the context; its .gitignore names the build outputs.
    let context = dir.join("app");
    std::fs::create_dir_all(&context).unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".gitignore"), "# outputs\n/.build/\n_release\n").unwrap();
    std::fs::write(context.join("Dockerfile"), "FROM scratch\nCOPY . /\n").unwrap();
    std::fs::write(context.join("main.go"), "package main\n").unwrap();
    std::fs::write(
        context.join(".dockerignore"),
        ".build\n!.build/linux-amd64/\n_release\nnode_modules\nnode_module\n",
    )
    .unwrap();
    let bin = dockerfile_ls_tests::server_binary("debug");
    let out = std::process::Command::new(&bin)
        .args(["check", "--format", "json", context.to_str().unwrap()])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let nothing: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "IgnorePatternMatchesNothing")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    // Only the typo: the build outputs are in .gitignore, node_modules is a usual guard.
    assert_eq!(
        nothing,
        ["`node_module` matches nothing in the build context"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_changed_gitignore_is_read_again() {
    // The repository's .gitignore is above the context, as a walk reads it.
    let dir = project("gitignore-change");
    let context = dir.join("app");
    std::fs::create_dir_all(&context).unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(context.join("Dockerfile"), "FROM scratch\nCOPY . /\n").unwrap();
    let app = uri(&dir, "app");
    let ignore = format!("{app}/.dockerignore");
    let mut c = Client::spawn();
    let mut caps = push_caps();
    caps["workspace"] = json!({ "didChangeWatchedFiles": { "dynamicRegistration": true } });
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(&dir, "").trim_end_matches('/'), "capabilities": caps }),
    );
    c.notify("initialized", json!({}));
    let text = "releases\n";
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": ignore, "languageId": "ignore", "version": 1, "text": text } }),
    );
    let nothing = |d: &[Value]| d.iter().any(|x| x["code"] == "IgnorePatternMatchesNothing");
    // `releases` matches nothing and nothing says it is a build output.
    while !nothing(&c.wait_diagnostics(&ignore, 1)) {}
    // The repository's .gitignore now keeps `releases` out: the pattern is a guard.
    std::fs::write(dir.join(".gitignore"), "releases/\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&dir, ".gitignore"), "type": 1 }] }),
    );
    while nothing(&c.wait_diagnostics(&ignore, 1)) {}
    c.shutdown();
}
