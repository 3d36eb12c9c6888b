//! Bad input never ends the server: malformed JSON, unknown methods and documents,
//! out-of-range positions, and a panic inside a request.

use dockerfile_ls_tests::{Client, range, summarize};
use serde_json::{Value, json};

use super::{URI, push_caps, started};

/// The server still answers a definition request normally.
fn still_alive(c: &mut Client) {
    c.open(
        "file:///alive/Dockerfile",
        1,
        "FROM alpine AS b\nFROM alpine\nCOPY --from=b /x /y\n",
    );
    let r = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": "file:///alive/Dockerfile" }, "position": { "line": 2, "character": 12 } }),
    );
    assert_eq!(
        r["result"][0]["targetSelectionRange"]["start"],
        json!({ "line": 0, "character": 15 })
    );
}

#[test]
fn malformed_json_is_survived() {
    let mut c = started();
    let junk = b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ";
    c.send_raw(format!("Content-Length: {}\r\n\r\n", junk.len()).as_bytes());
    c.send_raw(junk);
    let parse_error = c.wait_for(|m| m["error"]["code"] == -32700);
    assert_eq!(parse_error["id"], Value::Null);
    // Valid JSON that is no JSON-RPC message, and a header block without Content-Length.
    c.send(&json!([1, 2]));
    assert_eq!(
        c.wait_for(|m| m["error"]["code"] == -32600)["id"],
        Value::Null
    );
    c.send_raw(b"X-Garbage: yes\r\n\r\n");
    c.wait_for(|m| m["error"]["code"] == -32700);
    // Invalid UTF-8 in a body.
    c.send_raw(b"Content-Length: 2\r\n\r\n\xff\xfe");
    c.wait_for(|m| m["error"]["code"] == -32700);
    still_alive(&mut c);
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn unknown_methods_get_method_not_found() {
    let mut c = started();
    let r = c.request("textDocument/noSuchThing", json!({}));
    assert_eq!(r["error"]["code"], -32601);
    c.notify("$/noSuchNotification", json!({}));
    still_alive(&mut c);
}

#[test]
fn unknown_documents_and_out_of_range_positions_get_empty_answers() {
    let mut c = started();
    let r = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": "file:///nope" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(r["result"], Value::Null);
    c.open(URI, 1, "FROM alpine\nCOPY /x /y\n");
    for (line, character) in [(1, 9999), (9999, 0), (u32::MAX, u32::MAX)] {
        let r = c.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }),
        );
        assert!(r.get("error").is_none(), "{r}");
    }
    // A change with an out-of-range range is clamped to the end of the text.
    c.change(URI, 2, range(50, 3, 90, 0), "RUNN x\n");
    c.change("file:///not-open", 1, range(0, 0, 0, 0), "x");
    let d = c.wait_diagnostics(URI, 2);
    assert_eq!(
        summarize(&d),
        vec!["UnknownInstruction@2:0-2:4 unknown instruction: RUNN (did you mean RUN?)"]
    );
    still_alive(&mut c);
}

#[test]
fn a_panic_in_a_request_is_an_internal_error_not_a_crash() {
    let bin = dockerfile_ls_tests::server_binary("debug");
    let mut c = Client::spawn_with(&bin, &[], &[("DOCKERFILE_LS_TEST_HOOKS", "1")]);
    c.initialize(push_caps());
    let r = c.request("dockerfile-ls/debugPanic", Value::Null);
    assert_eq!(r["error"]["code"], -32603, "{r}");
    still_alive(&mut c);
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn the_panic_hook_is_off_by_default() {
    let mut c = started();
    let r = c.request("dockerfile-ls/debugPanic", Value::Null);
    assert_eq!(r["error"]["code"], -32601);
}

#[test]
fn requests_before_initialize_are_refused() {
    let mut c = Client::spawn();
    let r = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(r["error"]["code"], -32002, "ServerNotInitialized: {r}");
}
