//! The editor configurations we ship, run the way the editor would run them (for editors that
//! cannot be installed here). The VS Code and Neovim tests run inside the real editors
//! (tests/editors/).

use std::io::Write;
use std::process::{Command, Stdio};

use dockerfile_ls_tests::{Client, server_binary};
use serde_json::{Value, json};

const HELIX: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../editors/helix/languages.toml"
);

fn helix_config() -> toml::Table {
    let text = std::fs::read_to_string(HELIX).unwrap();
    toml::from_str(&text).unwrap()
}

/// `command` resolved the way Helix does, against a PATH that holds the debug build.
fn on_path(command: &str) -> std::path::PathBuf {
    let bin = server_binary("debug");
    assert_eq!(
        bin.file_name().and_then(|n| n.to_str()),
        Some(command),
        "the snippet runs the binary we build"
    );
    bin
}

#[test]
fn helix_snippet_starts_the_server_and_gets_diagnostics() {
    let config = helix_config();
    let server = &config["language-server"]["dockerfile-ls"];
    let command = server["command"].as_str().unwrap();
    let args: Vec<&str> = server
        .get("args")
        .and_then(toml::Value::as_array)
        .map(|a| a.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default();
    let language = config["language"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"].as_str() == Some("dockerfile"))
        .expect("a [[language]] named dockerfile");
    let servers = language["language-servers"].as_array().unwrap();
    assert_eq!(servers[0].as_str(), Some("dockerfile-ls"));
    let globs: Vec<&str> = language["file-types"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.get("glob").and_then(toml::Value::as_str))
        .collect();
    for g in [
        "Dockerfile.*",
        "Containerfile.*",
        "*.Dockerfile",
        "Dockerfile-*",
    ] {
        assert!(globs.contains(&g), "file-types glob {g}: {globs:?}");
    }

    // Helix's client: UTF-8 offered first, the language name as languageId, `config` (if
    // any) as initializationOptions, and no workspace/configuration answers needed.
    let mut c = Client::spawn_with(&on_path(command), &args, &[]);
    let options = server
        .get("config")
        .map_or(Value::Null, |v| serde_json::to_value(v).unwrap());
    let init = c.initialize_with(
        json!({
            "general": { "positionEncodings": ["utf-8", "utf-32", "utf-16"] },
            "textDocument": { "publishDiagnostics": { "versionSupport": true } }
        }),
        options,
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = "file:///project/Dockerfile.prod";
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": {
            "uri": uri, "languageId": "dockerfile", "version": 1,
            "text": "FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=0 /app /app\n"
        }}),
    );
    let diags = c.wait_diagnostics(uri, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "NumericStageReference" && d["source"] == "dockerfile-ls"),
        "{diags:?}"
    );
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn helix_formatter_command_formats_stdin() {
    let config = helix_config();
    let language = config["language"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"].as_str() == Some("dockerfile"))
        .unwrap();
    let formatter = &language["formatter"];
    let args: Vec<&str> = formatter["args"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(toml::Value::as_str)
        .collect();
    let mut child = Command::new(on_path(formatter["command"].as_str().unwrap()))
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"from alpine:3.22 as base\nrun apk add \\\n  curl\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "FROM alpine:3.22 AS base\nRUN apk add \\\n    curl\n"
    );
}

/// A project with a Dockerfile (stages `builder` and the last one), a compose file and a bake
/// file whose targets are misspelt, and files of the same languages that build nothing.
fn build_project(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dockerfile-ls-editors-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM golang:1.23 AS builder\nFROM scratch\nCOPY --from=builder /a /a\n",
    )
    .unwrap();
    dir
}

/// Opens `file` (with `text`) as `language` and returns its diagnostics' codes and lines.
fn open_and_check(c: &mut Client, uri: &str, language: &str, text: &str) -> Vec<String> {
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
    );
    c.wait_diagnostics(uri, 1)
        .iter()
        .map(|d| {
            format!(
                "{}@{}",
                d["code"].as_str().unwrap_or(""),
                d["range"]["start"]["line"]
            )
        })
        .collect()
}

/// The language ids an editor sends for Compose and Bake files reach the server, which
/// checks them (by file name) and leaves other files of those languages alone.
fn build_files_in_editor(editor: &str, compose_language: &str, bake_language: &str) {
    let dir = build_project(editor);
    let root = format!("file://{}", dir.display());
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": root, "workspaceFolders": [{ "uri": root, "name": "p" }],
                "capabilities": { "textDocument": { "publishDiagnostics": { "versionSupport": true } } } }),
    );
    c.notify("initialized", json!({}));
    let compose = format!("{root}/compose.yaml");
    assert_eq!(
        open_and_check(
            &mut c,
            &compose,
            compose_language,
            "services:\n  app:\n    build:\n      target: bulder\n"
        ),
        ["UnknownBuildTarget@3"],
        "{editor}: compose"
    );
    let bake = format!("{root}/docker-bake.hcl");
    assert_eq!(
        open_and_check(
            &mut c,
            &bake,
            bake_language,
            "target \"app\" {\n  target = \"buidler\"\n}\n"
        ),
        ["UnknownBuildTarget@1"],
        "{editor}: bake"
    );
    // Files of those languages that are no build files get nothing, not even a hover.
    for (name, language) in [
        ("settings.yaml", compose_language),
        ("main.tf", bake_language),
    ] {
        let uri = format!("{root}/{name}");
        c.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": "FROM x\nRUN sudo a\n" } }),
        );
        let hover = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 5 } }),
        );
        assert!(
            hover["result"].is_null(),
            "{editor}: {name} is left alone: {hover}"
        );
    }
    while let Some(m) = c.recv(std::time::Duration::from_millis(200)) {
        let uri = m["params"]["uri"].as_str().unwrap_or("");
        assert!(
            !uri.ends_with(".tf") && !uri.ends_with("settings.yaml"),
            "{editor}: {m}"
        );
    }
    assert_eq!(c.shutdown().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn helix_snippet_serves_compose_and_bake_files() {
    let config = helix_config();
    let languages = config["language"].as_array().unwrap();
    let servers_of = |name: &str| -> Vec<String> {
        languages
            .iter()
            .find(|l| l["name"].as_str() == Some(name))
            .and_then(|l| l["language-servers"].as_array())
            .map(|a| {
                a.iter()
                    .filter_map(toml::Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    // Ours added to Helix's own lists, not replacing them.
    assert_eq!(
        servers_of("docker-compose"),
        [
            "docker-compose-langserver",
            "yaml-language-server",
            "dockerfile-ls"
        ]
    );
    assert_eq!(servers_of("hcl"), ["terraform-ls", "dockerfile-ls"]);
    // Helix's language ids for them: `dockercompose` and `terraform`.
    build_files_in_editor("helix", "dockercompose", "terraform");
}

#[test]
fn zed_extension_serves_compose_and_bake_files() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../editors/zed/extension.toml"
    ))
    .unwrap();
    let manifest: toml::Table = toml::from_str(&text).unwrap();
    let server = &manifest["language_servers"]["dockerfile-ls"];
    let languages: Vec<&str> = server["languages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(toml::Value::as_str)
        .collect();
    assert_eq!(languages, ["Dockerfile", "YAML", "HCL", "JSON"]);
    let ids = &server["language_ids"];
    build_files_in_editor(
        "zed",
        ids["YAML"].as_str().unwrap(),
        ids["HCL"].as_str().unwrap(),
    );
}

/// The language ids editors give ignore files reach the server, which serves `.dockerignore`
/// and `*.dockerignore` by name (even as `dockerfile`, which Neovim calls
/// `Dockerfile.dockerignore`) and leaves `.gitignore` alone.
#[test]
fn ignore_files_in_every_editor() {
    let dir = build_project("ignore-languages");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine\nCOPY . /app\n").unwrap();
    let root = format!("file://{}", dir.display());
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": root,
                "capabilities": { "textDocument": { "publishDiagnostics": { "versionSupport": true } } } }),
    );
    c.notify("initialized", json!({}));
    // VS Code `ignore`, Neovim `gitignore` and `dockerfile`, Helix `git-ignore`, and
    // `plaintext` from an editor with no language for them.
    for (k, (name, language)) in [
        (".dockerignore", "ignore"),
        (".dockerignore", "gitignore"),
        ("Dockerfile.dockerignore", "dockerfile"),
        (".dockerignore", "git-ignore"),
        ("app.dockerignore", "plaintext"),
    ]
    .into_iter()
    .enumerate()
    {
        let uri = format!("{root}/{k}/{name}");
        std::fs::create_dir_all(dir.join(k.to_string())).unwrap();
        let found = open_and_check(&mut c, &uri, language, "[\n");
        assert!(
            found.contains(&"InvalidIgnorePattern@0".to_owned()),
            "{name} as {language}: {found:?}"
        );
    }
    let gitignore = format!("{root}/.gitignore");
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": gitignore, "languageId": "git-ignore", "version": 1, "text": "FROM x\nRUN sudo a\n" } }),
    );
    while let Some(m) = c.recv(std::time::Duration::from_millis(300)) {
        assert_ne!(m["params"]["uri"], gitignore.as_str(), "{m}");
    }
    let config = helix_config();
    let git_ignore = config["language"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"].as_str() == Some("git-ignore"))
        .unwrap();
    assert_eq!(
        git_ignore["language-servers"][0].as_str(),
        Some("dockerfile-ls")
    );
    assert!(
        git_ignore["file-types"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["glob"].as_str() == Some("*.dockerignore"))
    );
    assert_eq!(c.shutdown().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
