//! A small LSP client for tests and benchmarks: spawns the real `dockerfile-ls` binary and
//! talks JSON-RPC to it over stdio with `Content-Length` framing.
//!
//! The binary is `$DOCKERFILE_LS_BIN` if set, else the `dockerfile-ls` next to the running
//! test's target directory (build it first: `cargo build -p dockerfile-ls`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::missing_panics_doc
)]

pub mod shapes;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any single wait may take before the test fails (generous: CI machines are slow).
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The server binary to test.
#[must_use]
pub fn server_binary(profile: &str) -> PathBuf {
    if let Ok(p) = std::env::var("DOCKERFILE_LS_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("current exe");
    // target/<profile>/deps/<test> -> target/<profile>/dockerfile-ls
    let target = exe
        .parent()
        .and_then(|p| p.parent())
        .and_then(|p| p.parent())
        .expect("target dir");
    let bin = target
        .join(profile)
        .join(format!("dockerfile-ls{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} does not exist: run `cargo build -p dockerfile-ls{}` first",
        bin.display(),
        if profile == "release" {
            " --release"
        } else {
            ""
        }
    );
    bin
}

/// A running server and the client end of its pipes.
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<(Instant, Value)>,
    /// Messages received but not consumed yet.
    pub backlog: VecDeque<Value>,
    /// When each message of the backlog had been read off the pipe.
    backlog_at: VecDeque<Instant>,
    /// When the message last handed out had been read off the pipe, before it was decoded:
    /// benchmarks time a response to this, not to when its JSON was parsed.
    pub last_arrival: Option<Instant>,
    next_id: i64,
}

fn read_message(r: &mut impl BufRead) -> Option<(Instant, Value)> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    let at = Instant::now();
    Some((at, serde_json::from_slice(&buf).ok()?))
}

/// Best-practice rules that fire on most small test texts (unpinned `FROM a`, no USER, …).
/// Protocol and CLI tests switch them off; the rules' own tests and the fixtures do not.
pub const QUIET_RULES: [&str; 4] = ["UnpinnedBaseImage", "LatestTag", "UnusedStage", "RootUser"];

impl Client {
    /// Spawns the debug build of the server.
    #[must_use]
    pub fn spawn() -> Client {
        Client::spawn_with(&server_binary("debug"), &[], &[])
    }

    /// Spawns `bin` with arguments and extra environment variables.
    #[must_use]
    pub fn spawn_with(bin: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Client {
        let mut cmd = Command::new(bin);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn dockerfile-ls");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_message(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            backlog: VecDeque::new(),
            backlog_at: VecDeque::new(),
            last_arrival: None,
            next_id: 1,
        }
    }

    /// Writes raw bytes to the server.
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    /// Sends one JSON-RPC message.
    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("json");
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        self.send_raw(&framed);
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its response (the whole response object).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// The next message from the server, or None after `timeout`.
    pub fn recv(&mut self, timeout: Duration) -> Option<Value> {
        if let Some(m) = self.backlog.pop_front() {
            self.last_arrival = self.backlog_at.pop_front();
            return Some(m);
        }
        let (at, m) = self.rx.recv_timeout(timeout).ok()?;
        self.last_arrival = Some(at);
        Some(m)
    }

    /// Waits for the first message matching `pred`; others stay in the backlog, in order.
    /// Server-to-client requests (such as `window/workDoneProgress/create`) are answered.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        let mut skipped = VecDeque::new();
        let found = loop {
            if let Some(pos) = self.backlog.iter().position(&pred) {
                self.last_arrival = self.backlog_at.remove(pos);
                break self.backlog.remove(pos);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((at, m)) if pred(&m) => {
                    self.last_arrival = Some(at);
                    break Some(m);
                }
                Ok(m) => skipped.push_back(m),
                Err(_) => break None,
            }
        };
        for (at, m) in skipped {
            self.backlog_at.push_back(at);
            self.backlog.push_back(m);
        }
        found.unwrap_or_else(|| {
            panic!(
                "timed out waiting for a message; unread: {:?}",
                self.backlog
            )
        })
    }

    /// Waits for `publishDiagnostics` for `uri` at `version`.
    pub fn wait_diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Drops every received `publishDiagnostics`/`window/logMessage` not consumed yet.
    pub fn drain_notifications(&mut self) {
        while let Some(m) = self.recv(Duration::from_millis(50)) {
            assert!(
                m.get("id").is_none() || m.get("method").is_some(),
                "an unread response was left: {m}"
            );
        }
    }

    /// `initialize` with these client capabilities, then `initialized`; returns the result.
    /// The best-practice rules in [`QUIET_RULES`] are switched off (through
    /// `initializationOptions`) so that protocol tests see only the findings they are about.
    pub fn initialize(&mut self, capabilities: Value) -> Value {
        let rules: serde_json::Map<String, Value> = QUIET_RULES
            .iter()
            .map(|r| ((*r).to_owned(), json!("off")))
            .collect();
        self.initialize_with(capabilities, json!({ "rules": rules }))
    }

    /// `initialize` with capabilities and `initializationOptions`, then `initialized`.
    pub fn initialize_with(&mut self, capabilities: Value, options: Value) -> Value {
        let r = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options }),
        );
        self.notify("initialized", json!({}));
        r["result"].clone()
    }

    /// Opens a Dockerfile.
    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "dockerfile", "version": version, "text": text } }),
        );
    }

    /// Sends one incremental change.
    pub fn change(&mut self, uri: &str, version: i64, range: Value, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "range": range, "text": text }] }),
        );
    }

    /// Closes stdin and waits for the process to end.
    pub fn wait_exit(&mut self) -> ExitStatus {
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return s;
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the process to end with stdin still open (as Neovim and VS Code keep it);
    /// None if it is still running after `within`.
    pub fn wait_exit_with_stdin_open(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return Some(s);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown(&mut self) -> ExitStatus {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "shutdown result: {r}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// The process id (for memory measurements).
    #[must_use]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A realistic multi-stage Dockerfile of about `lines` lines (a stage every 10 lines, each
/// copying from the previous one), for benchmarks and profiling.
#[must_use]
pub fn generate_dockerfile(lines: usize) -> String {
    let mut out = String::from("# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22\n");
    let mut i = 0;
    while i * 10 + 2 < lines {
        out.push_str(&format!(
            "FROM golang:${{GO_VERSION}} AS build{i}\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download\nENV CGO_ENABLED=0 GOOS=linux\nARG VERSION=dev\nRUN go build -ldflags \"-X main.version=${{VERSION}}\" -o /out/app{i} ./cmd/app\n"
        ));
        if i > 0 {
            out.push_str(&format!("COPY --from=build{} /out /prev\n", i - 1));
        } else {
            out.push_str("COPY go.work /prev\n");
        }
        out.push_str(&format!("LABEL stage=\"{i}\"\n"));
        i += 1;
    }
    out
}

/// `dockerfile-ls/syntaxTree` for `uri`: the result object.
pub fn syntax_tree(c: &mut Client, uri: &str) -> Value {
    c.request(
        "dockerfile-ls/syntaxTree",
        json!({ "textDocument": { "uri": uri } }),
    )["result"]
        .clone()
}

/// An LSP range from (line, character) pairs.
#[must_use]
pub fn range(sl: u32, sc: u32, el: u32, ec: u32) -> Value {
    json!({ "start": { "line": sl, "character": sc }, "end": { "line": el, "character": ec } })
}

/// Renders diagnostics compactly: `code@line:col-line:col message`.
#[must_use]
pub fn summarize(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let r = &d["range"];
            format!(
                "{}@{}:{}-{}:{} {}",
                d["code"].as_str().unwrap_or(""),
                r["start"]["line"],
                r["start"]["character"],
                r["end"]["line"],
                r["end"]["character"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// Asserts that two `dockerfile-ls/syntaxTree` results agree: identical where the grammar
/// parses cleanly; where it does not, both report grammar errors (tree-sitter's error
/// recovery is path-dependent, so an incrementally maintained tree may wrap an ERROR node
/// differently from a fresh parse of the same text).
pub fn assert_same_tree(incremental: &Value, fresh: &Value) {
    assert!(
        incremental["tree"]
            .as_str()
            .is_some_and(|t| t.starts_with("source_file")),
        "{incremental}"
    );
    let fresh_errors = fresh["grammarErrors"].as_array().map_or(0, Vec::len);
    if fresh_errors == 0 {
        assert_eq!(incremental, fresh);
    } else {
        assert!(
            incremental["grammarErrors"]
                .as_array()
                .is_some_and(|e| !e.is_empty()),
            "{incremental}"
        );
    }
}
