//! Diagnostics: pushed with the document version, pulled when the client can, cleared on close.

use dockerfile_ls_tests::{Client, summarize};
use serde_json::json;

use super::{URI, started};

const TEXT: &str = "FROM golang AS builder\nRUN go build -o /app\nFROM alpine\nCOPY --from=buidler /app /app\nCOPY --from=5 /x /y\nRUNN true\n";

#[test]
fn did_open_publishes_versioned_diagnostics_with_precise_ranges() {
    let mut c = started();
    c.open(URI, 7, TEXT);
    let d = c.wait_diagnostics(URI, 7);
    assert_eq!(
        summarize(&d),
        vec![
            "StageNameTypo@3:12-3:19 no stage is named `buidler`, so it is pulled as an image; did you mean the stage `builder`?",
            "StageIndexOutOfRange@4:12-4:13 there is no stage 5 in this Dockerfile: stages are numbered 0 to 1",
            "UnknownInstruction@5:0-5:4 unknown instruction: RUNN (did you mean RUN?)",
        ]
    );
    assert_eq!(d[0]["source"], "dockerfile-ls");
    assert_eq!(d[0]["severity"], 2);
    assert_eq!(d[2]["severity"], 1);
    let related = &d[0]["relatedInformation"][0];
    assert_eq!(
        related["location"]["range"]["start"],
        json!({ "line": 0, "character": 15 })
    );
    assert_eq!(related["location"]["uri"], URI);
}

#[test]
fn did_close_clears_diagnostics() {
    let mut c = started();
    c.open(URI, 1, TEXT);
    assert_eq!(c.wait_diagnostics(URI, 1).len(), 3);
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["diagnostics"] == json!([])
    });
    assert_eq!(m["params"]["uri"], URI);
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut c = Client::spawn();
    let r =
        c.initialize(json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }));
    // Build files and Dockerfiles depend on each other.
    assert_eq!(
        r["capabilities"]["diagnosticProvider"]["interFileDependencies"],
        true
    );
    c.open(URI, 1, TEXT);
    let r = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert_eq!(r["result"]["kind"], "full");
    assert_eq!(r["result"]["items"].as_array().map(Vec::len), Some(3));
    // A pull client gets no pushed diagnostics.
    c.drain_notifications();
    assert!(
        c.backlog
            .iter()
            .all(|m| m["method"] != "textDocument/publishDiagnostics")
    );
}

#[test]
fn a_clean_file_publishes_an_empty_list() {
    let mut c = started();
    c.open(URI, 3, "FROM alpine:3.20\nRUN echo hi\n");
    assert!(c.wait_diagnostics(URI, 3).is_empty());
}
