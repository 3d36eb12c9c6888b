//! End-to-end tests: each drives the real `dockerfile-ls` binary over JSON-RPC on stdio.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod builds;
mod cli;
mod cli_safety;
mod code_action;
mod definition;
mod diagnostics;
mod editing;
mod editors;
mod encoding;
mod ignore_files;
mod lifecycle;
mod outline;
mod robustness;
mod sync;
mod transport;

use dockerfile_ls_tests::Client;
use serde_json::{Value, json};

/// Client capabilities of a typical push-diagnostics editor (Neovim 0.11-like).
fn push_caps() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-16"] },
        "textDocument": {
            "publishDiagnostics": { "relatedInformation": true, "versionSupport": true },
            "definition": { "linkSupport": true }
        }
    })
}

/// A started server with `push_caps`.
fn started() -> Client {
    let mut c = Client::spawn();
    c.initialize(push_caps());
    c
}

const URI: &str = "file:///work/Dockerfile";
