//! Incremental sync: changes applied in order, fast bursts, full replacements.

use dockerfile_ls_tests::{range, summarize};
use serde_json::{Value, json};

use super::{URI, started};

/// (line, UTF-16 column) of a byte offset in an LF-only text.
fn pos(text: &str, byte: usize) -> (u32, u32) {
    let before = &text[..byte];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        u32::try_from(line).unwrap(),
        u32::try_from(text[line_start..byte].encode_utf16().count()).unwrap(),
    )
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A tiny deterministic generator, so a failure reproduces.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % (n as u64).max(1)).unwrap()
    }
}

const SNIPPETS: &[&str] = &[
    "a",
    " ",
    "\n",
    " \\\n",
    "COPY --from=0 /a /b\n",
    "FROM alpine AS é𝄞\n",
    "FROM golang AS build\n",
    "RUN <<EOF\n",
    "EOF\n",
    "# comment\n",
    "--from=build",
    "${X}",
    "\"",
    "é",
    "𝄞",
    "RUNN",
    "ENV A\n",
    "[\"x\"]",
];

const START: &str = "# syntax=docker/dockerfile:1\nARG V=1\nFROM golang:${V} AS build\nRUN --mount=type=cache,target=/x \\\n    go build\nFROM alpine AS run\nCOPY --from=build /out /app\nCOPY --from=0 /a /b\nCMD [\"/app\"]\n";

#[test]
fn a_burst_of_edits_ends_where_a_fresh_open_of_the_final_text_does() {
    let mut c = started();
    let mut text = START.to_owned();
    c.open(URI, 0, &text);
    // Ask for the tree first: from then on the server keeps it up to date edit by edit.
    let _ = dockerfile_ls_tests::syntax_tree(&mut c, URI);
    let mut rng = Lcg(0x5eed);
    let edits = 300;
    for v in 1..=edits {
        let start = floor_boundary(&text, rng.next(text.len() + 1));
        let end = floor_boundary(&text, start + rng.next(12));
        let insert = SNIPPETS[rng.next(SNIPPETS.len())];
        let (sl, sc) = pos(&text, start);
        let (el, ec) = pos(&text, end);
        text.replace_range(start..end, insert);
        c.change(URI, v, range(sl, sc, el, ec), insert);
    }
    let incremental = c.wait_diagnostics(URI, edits);
    let fresh_uri = "file:///work/fresh/Dockerfile";
    c.open(fresh_uri, 1, &text);
    let fresh = c.wait_diagnostics(fresh_uri, 1);
    assert_eq!(
        summarize(&incremental),
        summarize(&fresh),
        "final text:\n{text}"
    );
    // The tree-sitter tree, maintained with Tree::edit and incremental reparses, equals a
    // fresh parse of the final text.
    let (a, b) = (
        dockerfile_ls_tests::syntax_tree(&mut c, URI),
        dockerfile_ls_tests::syntax_tree(&mut c, fresh_uri),
    );
    dockerfile_ls_tests::assert_same_tree(&a, &b);
}

#[test]
fn several_changes_in_one_notification_apply_in_order() {
    let mut c = started();
    c.open(URI, 1, "FROM alpine\n");
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [
            { "range": range(1, 0, 1, 0), "text": "COPY --from=9 /a /b\n" },
            // Against the text left by the first change: replace the `9` with `3`.
            { "range": range(1, 12, 1, 13), "text": "3" },
            { "range": range(0, 5, 0, 11), "text": "busybox" },
        ]}),
    );
    let d = c.wait_diagnostics(URI, 2);
    assert_eq!(
        summarize(&d),
        vec![
            "StageIndexOutOfRange@1:12-1:13 there is no stage 3 in this Dockerfile: the only stage is 0"
        ]
    );
}

#[test]
fn a_full_replacement_resets_the_document() {
    let mut c = started();
    c.open(URI, 1, "FROM alpine\nRUNN x\n");
    assert_eq!(c.wait_diagnostics(URI, 1).len(), 1);
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [ { "text": "FROM alpine\n" }, { "range": range(1, 0, 1, 0), "text": "FOO\n" } ] }),
    );
    let d = c.wait_diagnostics(URI, 2);
    assert_eq!(
        summarize(&d),
        vec!["UnknownInstruction@1:0-1:3 unknown instruction: FOO"]
    );
}

#[test]
fn stale_versions_are_ignored() {
    let mut c = started();
    c.open(URI, 5, "FROM alpine\n");
    assert!(c.wait_diagnostics(URI, 5).is_empty());
    c.change(URI, 4, range(0, 0, 0, 0), "RUNN x\n");
    c.change(URI, 6, range(1, 0, 1, 0), "FOO\n");
    let d: Vec<Value> = c.wait_diagnostics(URI, 6);
    assert_eq!(
        summarize(&d),
        vec!["UnknownInstruction@1:0-1:3 unknown instruction: FOO"]
    );
}

#[test]
fn documents_whose_caches_were_freed_still_edit_correctly() {
    let mut c = started();
    // More documents than the server keeps parsed: the first ones lose their tree and
    // instructions, and must be rebuilt from their text when edited again.
    for d in 0..12 {
        let uri = format!("file:///many/{d}/Dockerfile");
        c.open(
            &uri,
            1,
            "FROM alpine AS base\nFROM alpine\nCOPY --from=base /a /b\n",
        );
        assert!(c.wait_diagnostics(&uri, 1).is_empty());
    }
    let first = "file:///many/0/Dockerfile";
    c.change(first, 2, range(2, 12, 2, 16), "bsae");
    let d = c.wait_diagnostics(first, 2);
    assert_eq!(
        summarize(&d),
        vec![
            "StageNameTypo@2:12-2:16 no stage is named `bsae`, so it is pulled as an image; did you mean the stage `base`?"
        ]
    );
    c.open(
        "file:///fresh/Dockerfile",
        1,
        "FROM alpine AS base\nFROM alpine\nCOPY --from=bsae /a /b\n",
    );
    assert_eq!(
        dockerfile_ls_tests::syntax_tree(&mut c, first),
        dockerfile_ls_tests::syntax_tree(&mut c, "file:///fresh/Dockerfile")
    );
}
