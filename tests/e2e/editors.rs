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
