//! Keeps bad input from ending, deafening or exhausting the server.
//!
//! tower-lsp-server decodes stdin with tokio-util's `FramedRead`, which stops for good after
//! the first message it cannot decode, and trusts `Content-Length` with its allocation. This
//! filter sits between stdin and the server and:
//! - splits the input at `Content-Length` boundaries, with header lines capped at
//!   [`MAX_HEADER_LINE`] bytes and bodies at [`Limits::max_message`] (64 MiB unless
//!   `DOCKERFILE_LS_MAX_MESSAGE_BYTES` says otherwise): a larger body is skipped as it streams
//!   past, never allocated;
//! - passes every well-formed JSON-RPC 2.0 message through untouched;
//! - replaces a malformed one (bad header, bad JSON, an `id` that is not an integer, string or
//!   null, a `method` that is not a string) with a request to `dockerfile-ls/invalidMessage`,
//!   which the server answers with the JSON-RPC error the specification asks for (-32700
//!   parse error, -32600 invalid request) and `id: null`;
//! - resynchronises after a truncated or oversized message: valid JSON never holds a raw line
//!   break inside a string, so a line that starts with `Content-Length:` inside a body that
//!   does not parse is the start of the next message; and where stray bytes come before a
//!   header (after a body shorter than its data, a body sent without a header), the next
//!   message starts where `Content-Length:` does;
//! - answers a request in the `$/` namespace (only notifications there may be ignored) with
//!   MethodNotFound, and an integer `id` beyond 64 signed bits (which the server cannot
//!   decode) with Invalid Request;
//! - tells the server when `exit` arrives, so it can end even if the client keeps stdin open
//!   or never answered a request of ours.
//!
//! The server itself still does all the real decoding.

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The internal method that replies to a malformed message with an error.
pub const INVALID_MESSAGE: &str = "dockerfile-ls/invalidMessage";

/// JSON-RPC's "Parse error".
const PARSE_ERROR: i64 = -32700;
/// JSON-RPC's "Invalid Request".
const INVALID_REQUEST: i64 = -32600;
/// JSON-RPC's "Method not found".
const METHOD_NOT_FOUND: i64 = -32601;

/// The input buffer's capacity kept between messages.
const KEEP_BUFFER: usize = 64 * 1024;

/// The longest header line read; a longer one is skipped and answered with a parse error.
pub const MAX_HEADER_LINE: usize = 8 * 1024;

/// How large a message may be.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest body accepted, in bytes.
    pub max_message: usize,
}

impl Limits {
    /// 64 MiB, or `DOCKERFILE_LS_MAX_MESSAGE_BYTES`.
    #[must_use]
    pub fn from_env() -> Limits {
        let max_message = std::env::var("DOCKERFILE_LS_MAX_MESSAGE_BYTES")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(64 << 20);
        Limits { max_message }
    }
}

/// A reader with a buffer that can be read line by line with a cap, in exact amounts, and
/// pushed back into.
struct Input<R> {
    inner: R,
    buf: Vec<u8>,
    eof: bool,
}

impl<R: AsyncRead + Unpin> Input<R> {
    /// Reads more input into the buffer; false at the end.
    async fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        let mut chunk = [0u8; 16 * 1024];
        match self.inner.read(&mut chunk).await {
            Ok(0) | Err(_) => {
                self.eof = true;
                false
            }
            Ok(n) => {
                self.buf
                    .extend_from_slice(chunk.get(..n).unwrap_or_default());
                true
            }
        }
    }

    /// The next line without its line break. `Some(None)`: the line was longer than `limit`
    /// (it is skipped up to its end, or up to a `Content-Length:` inside it: a long body sent
    /// without a header runs into the next message, which starts there). `None`: the input
    /// ended.
    async fn line(&mut self, limit: usize) -> Option<Option<Vec<u8>>> {
        const HEADER: &[u8] = b"Content-Length:";
        // Whether bytes of this line were dropped already (it is too long).
        let mut too_long = false;
        loop {
            let newline = self.buf.iter().position(|&b| b == b'\n');
            let long = match newline {
                Some(i) => i > limit,
                None => self.buf.len() > limit,
            };
            if too_long || long {
                let end = newline.unwrap_or(self.buf.len());
                let head = self.buf.get(..end).unwrap_or_default();
                if let Some(at) = find_ignore_case(head, HEADER).filter(|&at| at > 0 || too_long) {
                    self.buf.drain(..at);
                    return Some(None);
                }
                if let Some(i) = newline {
                    self.buf.drain(..=i);
                    return Some(None);
                }
                // Keep a tail that may hold the start of a header.
                let keep = HEADER.len() - 1;
                self.buf.drain(..self.buf.len().saturating_sub(keep));
                too_long = true;
            } else if let Some(i) = newline {
                let mut line: Vec<u8> = self.buf.drain(..=i).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Some(Some(line));
            }
            if !self.fill().await {
                return None;
            }
        }
    }

    /// Exactly `n` bytes, or None if the input ends first.
    async fn exact(&mut self, n: usize) -> Option<Vec<u8>> {
        while self.buf.len() < n {
            if !self.fill().await {
                return None;
            }
        }
        let body = self.buf.drain(..n).collect();
        // A large message grew the buffer to its size: give that back once it has passed
        // (a 20 MB didOpen would otherwise keep 20 MB here for the rest of the session).
        if self.buf.capacity() > KEEP_BUFFER && self.buf.len() <= KEEP_BUFFER {
            self.buf.shrink_to(KEEP_BUFFER);
        }
        Some(body)
    }

    /// Skips `n` bytes as they stream past, stopping early where a line starts with
    /// `Content-Length:` (the next message; the skipped body starts a line too). Returns
    /// false if the input ended.
    async fn skip(&mut self, mut n: usize) -> bool {
        let mut line_start = true;
        loop {
            if let Some(at) = header_at(&self.buf, line_start)
                && at <= n
            {
                self.buf.drain(..at);
                return true;
            }
            let take = n.min(self.buf.len());
            // Keep a short tail while more is to come: a header may straddle two reads.
            let keep = if take < n { 16.min(take) } else { 0 };
            let dropped = take - keep;
            if dropped > 0 {
                line_start = self.buf.get(dropped - 1) == Some(&b'\n');
                self.buf.drain(..dropped);
                n -= dropped;
            }
            if n == 0 {
                return true;
            }
            if !self.fill().await {
                return false;
            }
        }
    }

    fn unread(&mut self, bytes: &[u8]) {
        let mut v = bytes.to_vec();
        v.extend_from_slice(&self.buf);
        self.buf = v;
    }
}

/// Where a line starting with `Content-Length:` begins in `bytes`; position 0 counts when it
/// starts a line.
fn header_at(bytes: &[u8], line_start: bool) -> Option<usize> {
    let pat = b"Content-Length:";
    if line_start
        && bytes
            .get(..pat.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(pat))
    {
        return Some(0);
    }
    next_header(bytes)
}

/// Where `pat` first occurs in `bytes`, ignoring ASCII case.
fn find_ignore_case(bytes: &[u8], pat: &[u8]) -> Option<usize> {
    bytes
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
}

/// Where a line starting with `Content-Length:` begins in `bytes` (not at position 0).
fn next_header(bytes: &[u8]) -> Option<usize> {
    let pat = b"\nContent-Length:";
    bytes
        .windows(pat.len())
        .position(|w| w.eq_ignore_ascii_case(pat))
        .map(|i| i + 1)
}

/// Copies LSP messages from `input` to `output` until `input` ends, replacing malformed ones;
/// calls `on_exit` when an `exit` notification goes through.
pub async fn forward(
    input: impl AsyncRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
    limits: Limits,
    mut on_exit: impl FnMut(),
) {
    let mut input = Input {
        inner: input,
        buf: Vec::new(),
        eof: false,
    };
    loop {
        let Some(length) = read_headers(&mut input).await else {
            return;
        };
        let body = match length {
            Ok(len) if len > limits.max_message => {
                // Answer first: the client may wait for the answer before sending more.
                let refusal = substitute(
                    INVALID_REQUEST,
                    &format!(
                        "message of {len} bytes is larger than the limit of {} (DOCKERFILE_LS_MAX_MESSAGE_BYTES)",
                        limits.max_message
                    ),
                );
                if !write(&mut output, &refusal).await || !input.skip(len).await {
                    return;
                }
                continue;
            }
            Ok(len) => {
                let Some(body) = input.exact(len).await else {
                    return;
                };
                match check(&body) {
                    Checked::Good { exit } => {
                        if exit {
                            on_exit();
                        }
                        body
                    }
                    Checked::Unknown(id, method) => {
                        answer(id, METHOD_NOT_FOUND, &format!("unknown request `{method}`"))
                    }
                    Checked::Bad(code, msg) => {
                        // A truncated message swallowed the start of the next one.
                        if code == PARSE_ERROR
                            && let Some(at) = next_header(&body)
                        {
                            input.unread(body.get(at..).unwrap_or_default());
                        }
                        substitute(code, &msg)
                    }
                }
            }
            Err(what) => substitute(PARSE_ERROR, &what),
        };
        if !write(&mut output, &body).await {
            return;
        }
    }
}

/// Writes one framed message; false when the server end is gone.
async fn write(output: &mut (impl AsyncWrite + Unpin), body: &[u8]) -> bool {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    output.write_all(header.as_bytes()).await.is_ok()
        && output.write_all(body).await.is_ok()
        && output.flush().await.is_ok()
}

/// Reads one header block. `None` at the end of the input; `Err` for a block without a usable
/// `Content-Length`.
async fn read_headers<R: AsyncRead + Unpin>(input: &mut Input<R>) -> Option<Result<usize, String>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut seen_header = false;
    loop {
        let Some(line) = input.line(MAX_HEADER_LINE).await? else {
            let too_long = format!("header line longer than {MAX_HEADER_LINE} bytes");
            if header_at(&input.buf, true) == Some(0) {
                // The long line ran into the next message's header: it starts there.
                return Some(Err(too_long));
            }
            length = Some(Err(too_long));
            seen_header = true;
            continue;
        };
        // Stray bytes before a header (after a body shorter than its data, or a body sent
        // without a header): the message starts where `Content-Length:` does.
        if let Some(at) = find_ignore_case(&line, b"Content-Length:").filter(|&at| at > 0) {
            let mut rest = line.get(at..).unwrap_or_default().to_vec();
            rest.extend_from_slice(b"\r\n");
            input.unread(&rest);
            return Some(Err("stray bytes before a message header".to_owned()));
        }
        let text = String::from_utf8_lossy(&line);
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
            && !matches!(length, Some(Err(_)))
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

enum Checked {
    Good {
        exit: bool,
    },
    Bad(i64, String),
    /// A request (with this id) for a method that no server handles.
    Unknown(Value, String),
}

/// Whether a body is a JSON-RPC 2.0 message of a shape the server can answer.
fn check(body: &[u8]) -> Checked {
    let m = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => m,
        Ok(_) => return Checked::Bad(INVALID_REQUEST, "not a JSON-RPC message object".into()),
        Err(e) => return Checked::Bad(PARSE_ERROR, format!("invalid JSON: {e}")),
    };
    if m.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Checked::Bad(INVALID_REQUEST, "`jsonrpc` must be \"2.0\"".into());
    }
    let id_ok = match m.get("id") {
        None | Some(Value::Null | Value::String(_)) => true,
        // The server keeps integer ids as i64: a larger one would not decode.
        Some(Value::Number(n)) => n.is_i64(),
        Some(_) => false,
    };
    if !id_ok {
        return Checked::Bad(
            INVALID_REQUEST,
            "`id` must be a string or an integer that fits in 64 signed bits".into(),
        );
    }
    match m.get("method") {
        Some(Value::String(method)) => {
            if !matches!(
                m.get("params"),
                None | Some(Value::Object(_) | Value::Array(_) | Value::Null)
            ) {
                return Checked::Bad(
                    INVALID_REQUEST,
                    "`params` must be an object or an array".into(),
                );
            }
            // Only notifications in the `$/` namespace may be ignored; the server would
            // leave a request there unanswered.
            if method.starts_with("$/")
                && let Some(id) = m.get("id").filter(|id| !id.is_null())
            {
                return Checked::Unknown(id.clone(), method.clone());
            }
            Checked::Good {
                exit: method == "exit",
            }
        }
        Some(_) => Checked::Bad(INVALID_REQUEST, "`method` must be a string".into()),
        // A response to one of our requests.
        None if m.contains_key("result") || m.contains_key("error") => {
            Checked::Good { exit: false }
        }
        None => Checked::Bad(INVALID_REQUEST, "neither a request nor a response".into()),
    }
}

/// A request that the server answers with the error `code` and `id: null`.
fn substitute(code: i64, message: &str) -> Vec<u8> {
    tracing::warn!("malformed message from the client: {message}");
    answer(Value::Null, code, message)
}

/// A request with `id` that the server answers with the error `code`.
fn answer(id: Value, code: i64, message: &str) -> Vec<u8> {
    let req = json!({ "jsonrpc": "2.0", "id": id, "method": INVALID_MESSAGE, "params": { "code": code, "message": message } });
    serde_json::to_vec(&req).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run_with(input: &[u8], max_message: usize) -> (String, usize) {
        let mut out = Vec::new();
        let mut exits = 0;
        forward(input, &mut out, Limits { max_message }, || exits += 1).await;
        (String::from_utf8_lossy(&out).into_owned(), exits)
    }

    async fn run(input: &[u8]) -> String {
        run_with(input, 1 << 20).await.0
    }

    fn msg(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const GOOD: &str = r#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;

    #[tokio::test]
    async fn passes_good_messages_and_replaces_bad_ones() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "{}Content-Length: 3\r\n\r\n{{x}}X-Junk: 1\r\n\r\nContent-Length: 2\r\n\r\n[]",
            msg(good)
        );
        let out = run(input.as_bytes()).await;
        assert!(out.starts_with(&msg(good)));
        assert_eq!(out.matches(INVALID_MESSAGE).count(), 3, "{out}");
        assert!(out.contains("-32700") && out.contains("-32600"));
    }

    #[tokio::test]
    async fn every_malformed_shape_is_answered_and_the_next_message_served() {
        for bad in [
            "Content-Length: abc\r\n\r\n".to_owned(),
            msg(r#"{"jsonrpc":"2.0","id":[1],"method":"x"}"#),
            msg(r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#),
            msg(r#"{"jsonrpc":"2.0","id":1,"method":5}"#),
            msg(r#"{"jsonrpc":"2.0","id":1,"method":"x","params":3}"#),
            msg(r#"{"jsonrpc":"1.0","id":1,"method":"x"}"#),
            msg(r#"{"jsonrpc":"2.0"}"#),
            "Content-Length: 18446744073709551615\r\n\r\n".to_owned(),
            "Content-Length: 100000000000\r\n\r\n".to_owned(),
            format!("X-Long: {}\r\n\r\n", "a".repeat(MAX_HEADER_LINE * 3)),
            // Truncated: the declared length runs into the next message.
            "Content-Length: 40\r\n\r\n{\"jsonrpc\":\"2.0\"\r\n".to_owned(),
        ] {
            let input = format!("{bad}{}", msg(GOOD));
            let out = run(input.as_bytes()).await;
            assert_eq!(
                out.matches(INVALID_MESSAGE).count(),
                1,
                "{bad:?} gave {out}"
            );
            assert!(
                out.ends_with(&msg(GOOD)),
                "{bad:?} lost the next message: {out}"
            );
        }
    }

    /// Stray bytes between frames, a body without its header and a bad header followed by its
    /// body: each is answered once, and every later message is served.
    #[tokio::test]
    async fn stray_bytes_and_headerless_bodies_do_not_deafen() {
        let body = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        for bad in [
            format!("{}xyz", msg("{}")),
            body.to_owned(),
            format!("{body}\r\n"),
            format!("Content-Length: abc\r\n\r\n{body}"),
            format!("{{\"t\":\"{}\"}}", "z".repeat(MAX_HEADER_LINE * 2)),
        ] {
            let input = format!("{bad}{}{}", msg(GOOD), msg(GOOD));
            let out = run(input.as_bytes()).await;
            assert!(
                out.ends_with(&format!("{}{}", msg(GOOD), msg(GOOD))),
                "{:?} deafened the filter: {out}",
                bad.get(..60.min(bad.len()))
            );
            assert!(out.matches(INVALID_MESSAGE).count() <= 2, "{out}");
        }
    }

    #[tokio::test]
    async fn ids_beyond_64_signed_bits_are_invalid_requests() {
        let input = msg(r#"{"jsonrpc":"2.0","id":9223372036854775813,"method":"shutdown"}"#);
        let out = run(input.as_bytes()).await;
        assert!(
            out.contains(INVALID_MESSAGE) && out.contains("-32600"),
            "{out}"
        );
        assert!(out.contains(r#""id":null"#), "{out}");
    }

    #[tokio::test]
    async fn unknown_dollar_requests_are_answered_with_their_id() {
        let input = format!(
            "{}{}",
            msg(r#"{"jsonrpc":"2.0","id":45,"method":"$/unknown"}"#),
            msg(r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#)
        );
        let out = run(input.as_bytes()).await;
        assert!(
            out.contains(r#""id":45"#) && out.contains("-32601"),
            "{out}"
        );
        // A `$/` notification passes through.
        assert!(out.contains("$/cancelRequest"), "{out}");
    }

    #[tokio::test]
    async fn oversized_bodies_are_skipped_not_allocated() {
        let big = format!(
            r#"{{"jsonrpc":"2.0","method":"x","params":{{"t":"{}"}}}}"#,
            "z".repeat(5000)
        );
        let input = format!("{}{}", msg(&big), msg(GOOD));
        let (out, _) = run_with(input.as_bytes(), 1000).await;
        assert!(out.contains("larger than the limit"), "{out}");
        assert!(out.ends_with(&msg(GOOD)));
    }

    #[tokio::test]
    async fn exit_is_reported() {
        let input = msg(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let (_, exits) = run_with(input.as_bytes(), 1000).await;
        assert_eq!(exits, 1);
    }
}
