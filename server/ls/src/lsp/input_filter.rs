//! Keeps one bad message from ending the session.
//!
//! tower-lsp-server decodes stdin with tokio-util's `FramedRead`, which stops for good after
//! the first message it cannot decode (bad JSON, bad UTF-8, a missing `Content-Length`): the
//! server would then exit. This filter sits between stdin and the server. It splits the input
//! at `Content-Length` boundaries, passes every well-formed JSON-RPC message through untouched,
//! and replaces a malformed one with a request to `dockerfile-ls/invalidMessage`, which
//! answers with the JSON-RPC error the specification asks for (-32700 parse error, -32600
//! invalid request) and `id: null`. The server itself still does all the real decoding.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// The internal method that replies to a malformed message with an error.
pub const INVALID_MESSAGE: &str = "dockerfile-ls/invalidMessage";

/// JSON-RPC's "Parse error".
const PARSE_ERROR: i64 = -32700;
/// JSON-RPC's "Invalid Request".
const INVALID_REQUEST: i64 = -32600;

/// Copies LSP messages from `input` to `output` until `input` ends, replacing malformed ones.
pub async fn forward(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut reader = BufReader::new(input);
    loop {
        let Some(length) = read_headers(&mut reader).await else {
            return;
        };
        let body = match length {
            Ok(len) => {
                let mut body = vec![0; len];
                if reader.read_exact(&mut body).await.is_err() {
                    return;
                }
                check(body)
            }
            Err(what) => substitute(PARSE_ERROR, &what),
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
        {
            return;
        }
        if output.flush().await.is_err() {
            return;
        }
    }
}

/// Reads one header block. `None` at the end of the input; `Err` for a block without a usable
/// `Content-Length`.
async fn read_headers(
    reader: &mut (impl AsyncBufReadExt + Unpin),
) -> Option<Result<usize, String>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if seen_header {
                return Some(
                    length.unwrap_or_else(|| {
                        Err("message without a Content-Length header".to_owned())
                    }),
                );
            }
            continue;
        }
        seen_header = true;
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("invalid Content-Length: {}", value.trim())),
            );
        }
    }
}

/// The body itself if it is a JSON-RPC 2.0 message, else a substitute.
fn check(body: Vec<u8>) -> Vec<u8> {
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(m)) if m.get("jsonrpc").and_then(Value::as_str) == Some("2.0") => body,
        Ok(_) => substitute(INVALID_REQUEST, "not a JSON-RPC 2.0 message object"),
        Err(e) => substitute(PARSE_ERROR, &format!("invalid JSON: {e}")),
    }
}

fn substitute(code: i64, message: &str) -> Vec<u8> {
    tracing::warn!("malformed message from the client: {message}");
    let req = json!({ "jsonrpc": "2.0", "id": null, "method": INVALID_MESSAGE, "params": { "code": code, "message": message } });
    serde_json::to_vec(&req).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(input: &[u8]) -> String {
        let mut out = Vec::new();
        forward(input, &mut out).await;
        String::from_utf8_lossy(&out).into_owned()
    }

    #[tokio::test]
    async fn passes_good_messages_and_replaces_bad_ones() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: {}\r\n\r\n{good}Content-Length: 3\r\n\r\n{{x}}X-Junk: 1\r\n\r\nContent-Length: 2\r\n\r\n[]",
            good.len()
        );
        let out = run(input.as_bytes()).await;
        assert!(out.starts_with(&format!("Content-Length: {}\r\n\r\n{good}", good.len())));
        assert_eq!(out.matches(INVALID_MESSAGE).count(), 3, "{out}");
        assert!(out.contains("-32700") && out.contains("-32600"));
    }
}
