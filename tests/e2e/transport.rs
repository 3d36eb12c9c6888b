//! The process lifecycle and the transport under hostile or careless clients: `exit` ends the
//! process at once even with stdin open or a request of ours unanswered; every malformed
//! message is answered and the next one served; oversized messages are refused without
//! allocating them; `$/cancelRequest` is honoured and a slow request holds up no other.

use std::time::{Duration, Instant};

use dockerfile_ls_tests::{Client, server_binary};
use serde_json::{Value, json};

use super::{URI, push_caps, started};

#[test]
fn exit_ends_the_process_with_stdin_still_open() {
    let mut c = started();
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    c.notify("exit", Value::Null);
    let status = c.wait_exit_with_stdin_open(Duration::from_secs(5));
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(0),
        "still running after exit"
    );

    let mut c = started();
    c.notify("exit", Value::Null);
    let status = c.wait_exit_with_stdin_open(Duration::from_secs(5));
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(1),
        "exit without shutdown is 1"
    );
}

#[test]
fn exit_ends_the_process_when_our_request_was_never_answered() {
    let mut c = Client::spawn();
    // A client that allows dynamic registration makes the server ask it
    // `client/registerCapability` after `initialized`; this client never answers.
    let mut caps = push_caps();
    caps["workspace"] =
        json!({ "didChangeWatchedFiles": { "dynamicRegistration": true }, "configuration": true });
    c.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": caps }),
    );
    c.notify("initialized", json!({}));
    c.wait_for(|m| m["method"] == "client/registerCapability");
    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null);
    c.notify("exit", Value::Null);
    let status = c.wait_exit_with_stdin_open(Duration::from_secs(5));
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(0),
        "still running after exit"
    );
}

fn alive(c: &mut Client) {
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 1 } }),
    );
    assert!(
        r.get("error").is_none(),
        "the server stopped answering: {r}"
    );
}

fn error_for_null_id(c: &mut Client) -> Value {
    c.wait_for(|m| m["id"].is_null() && m.get("error").is_some() && m.get("method").is_none())
}

#[test]
fn every_malformed_shape_is_answered_then_the_next_message_served() {
    let mut c = started();
    c.open(URI, 1, "FROM alpine:3.22\n");
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let cases: Vec<(String, i64)> = vec![
        ("Content-Length: abc\r\n\r\n".to_owned(), -32700),
        (
            frame(r#"{"jsonrpc":"2.0","id":[1],"method":"textDocument/hover"}"#),
            -32600,
        ),
        (
            frame(r#"{"jsonrpc":"2.0","id":1.5,"method":"textDocument/hover"}"#),
            -32600,
        ),
        (frame(r#"{"jsonrpc":"2.0","id":9,"method":42}"#), -32600),
        (frame("{not json"), -32700),
        (frame("[1,2]"), -32600),
        (
            "Content-Length: 18446744073709551615\r\n\r\n".to_owned(),
            -32600,
        ),
        ("Content-Length: 100000000000\r\n\r\n".to_owned(), -32600),
    ];
    for (raw, code) in cases {
        c.send_raw(raw.as_bytes());
        let e = error_for_null_id(&mut c);
        assert_eq!(e["error"]["code"], code, "{raw:?}: {e}");
        alive(&mut c);
    }
    // Truncated: the declared length runs past the body into the next message, which is
    // still answered.
    let next = r#"{"jsonrpc":"2.0","id":777,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///work/Dockerfile"},"position":{"line":0,"character":1}}}"#;
    c.send_raw(
        format!(
            "Content-Length: 60\r\n\r\n{{\"jsonrpc\":\"2.0\",\"method\":\r\n{}",
            frame(next)
        )
        .as_bytes(),
    );
    assert_eq!(error_for_null_id(&mut c)["error"]["code"], -32700);
    let r = c.wait_for(|m| m["id"] == 777);
    assert!(r["result"]["contents"].is_object(), "{r}");
    alive(&mut c);
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}

/// Issue #25, items 1–3: an id beyond 64 signed bits is answered (it made the server exit),
/// stray bytes between frames, a body without its header and a bad header followed by its
/// body no longer deafen the server, and a request in the `$/` namespace is answered with
/// MethodNotFound.
#[test]
fn huge_ids_stray_bytes_and_dollar_requests_are_answered() {
    let mut c = started();
    c.open(URI, 1, "FROM alpine:3.22\n");
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    c.send_raw(
        frame(r#"{"jsonrpc":"2.0","id":9223372036854775813,"method":"textDocument/hover","params":{}}"#)
            .as_bytes(),
    );
    assert_eq!(error_for_null_id(&mut c)["error"]["code"], -32600);
    alive(&mut c);

    let hover = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
    for stray in [
        format!("{}xyz", frame("{}")),
        hover.to_owned(),
        format!("Content-Length: abc\r\n\r\n{hover}"),
    ] {
        c.send_raw(stray.as_bytes());
        alive(&mut c);
        alive(&mut c);
        // What was malformed was answered with an error and `id: null`; nothing else is left.
        while let Some(m) = c.recv(Duration::from_millis(100)) {
            assert!(
                m.get("method").is_some() || (m["id"].is_null() && m.get("error").is_some()),
                "{stray:?} left {m}"
            );
        }
    }

    c.send_raw(frame(r#"{"jsonrpc":"2.0","id":45,"method":"$/unknown"}"#).as_bytes());
    let r = c.wait_for(|m| m["id"] == 45);
    assert_eq!(r["error"]["code"], -32601, "{r}");
    alive(&mut c);
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn oversized_messages_are_refused_without_allocating_them() {
    let bin = server_binary("debug");
    let mut c = Client::spawn_with(&bin, &[], &[("DOCKERFILE_LS_MAX_MESSAGE_BYTES", "4096")]);
    c.initialize(push_caps());
    c.open(URI, 1, "FROM alpine:3.22\n");
    let big = format!(
        r#"{{"jsonrpc":"2.0","method":"x","params":{{"t":"{}"}}}}"#,
        "z".repeat(100_000)
    );
    c.send_raw(format!("Content-Length: {}\r\n\r\n{big}", big.len()).as_bytes());
    let e = error_for_null_id(&mut c);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("larger than the limit"),
        "{e}"
    );
    // A header line that never ends is cut off too.
    c.send_raw(format!("X-Junk: {}\r\n\r\n", "j".repeat(100_000)).as_bytes());
    error_for_null_id(&mut c);
    alive(&mut c);
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn slow_requests_hold_up_nothing_and_can_be_cancelled() {
    let bin = server_binary("debug");
    let mut c = Client::spawn_with(&bin, &[], &[("DOCKERFILE_LS_TEST_HOOKS", "1")]);
    c.initialize(push_caps());
    c.open(URI, 1, "FROM alpine:3.22 AS base\nFROM base\n");
    let slow = c.request_async("dockerfile-ls/debugSleep", json!({ "ms": 5000 }));
    let t = Instant::now();
    let r = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 1, "character": 6 } }),
    );
    assert!(r["result"].is_array(), "{r}");
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "definition waited {:?} behind a slow request",
        t.elapsed()
    );
    c.notify("$/cancelRequest", json!({ "id": slow }));
    let cancelled = c.wait_for(|m| m.get("id") == Some(&json!(slow)));
    assert_eq!(cancelled["error"]["code"], -32800, "{cancelled}");
    assert!(
        t.elapsed() < Duration::from_secs(4),
        "the cancellation was not honoured at once"
    );
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}
