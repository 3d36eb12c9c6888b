//! Property: after any sequence of edits, the incrementally maintained document (rope edits,
//! `Tree::edit`, reparse with the old tree) equals a fresh parse of the final text: the same
//! text, the same tree (every node's kind and byte range), the same instructions and model.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use dockerfile_analysis::document::tree_fingerprint;
use dockerfile_analysis::{BuildConfig, Document, Edit, TextRange};
use proptest::prelude::*;

const START: &str = "# syntax=docker/dockerfile:1\nARG V=1\nFROM golang:${V} AS build\nRUN --mount=type=cache,target=/x \\\n    go build\nRUN <<EOF\necho é𝄞\nEOF\nFROM alpine AS run\nCOPY --from=build /out /app\r\nCOPY --from=0 /a /b\nCMD [\"/app\"]\n";

const SNIPPETS: &[&str] = &[
    "",
    "a",
    " ",
    "\n",
    "\r\n",
    "\r",
    " \\\n",
    "COPY --from=0 /a /b\n",
    "FROM alpine AS é\n",
    "RUN <<EOF\n",
    "EOF\n",
    "# c\n",
    "--from=build",
    "${X}",
    "\"",
    "é",
    "𝄞",
    "ENV A\n",
    "[\"x\"]",
    "\u{feff}",
    "\t",
];

fn edits() -> impl Strategy<Value = Vec<(usize, usize, usize)>> {
    prop::collection::vec((0usize..10_000, 0usize..16, 0usize..SNIPPETS.len()), 1..24)
}

fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn check(edits: &[(usize, usize, usize)], reparse_each: bool) {
    let mut doc = Document::new(START);
    // Parse first, so that every edit below goes through Tree::edit and an incremental reparse.
    doc.reparse();
    assert!(doc.tree().is_some());
    let mut text = START.to_owned();
    for &(at, len, snip) in edits {
        let start = boundary(&text, at % (text.len() + 1));
        let end = boundary(&text, start + len);
        let insert = SNIPPETS[snip];
        text.replace_range(start..end, insert);
        doc.apply_edit(&Edit {
            range: TextRange::new(start, end),
            insert: insert.to_owned(),
        });
        if reparse_each {
            doc.reparse();
        }
        // Snapshots now and then, so that instructions are rescanned incrementally from the
        // state of an earlier snapshot, over one edit or several.
        if (at + len) % 3 == 0 {
            let _ = doc.parsed();
        }
    }
    let config = BuildConfig::default();
    let incremental = doc.analysis(&config);
    let fresh = Document::new(&text).analysis(&config);
    assert_eq!(incremental.text().to_string(), text);
    // tree-sitter's error recovery is path-dependent: after edits through broken states, an
    // ERROR node can wrap a different span than in a fresh parse of the same text. Where the
    // grammar parses cleanly, the trees must be identical; elsewhere both must report errors.
    // (Nothing semantic reads the tree, so this never reaches a diagnostic.)
    let fresh_tree = fresh.tree().unwrap();
    if fresh_tree.root_node().has_error() {
        assert!(
            incremental.tree().unwrap().root_node().has_error(),
            "error lost for:\n{text:?}"
        );
        assert_eq!(
            incremental.tree().unwrap().root_node().byte_range(),
            fresh_tree.root_node().byte_range()
        );
    } else {
        assert_eq!(
            tree_fingerprint(incremental.tree()),
            tree_fingerprint(fresh.tree()),
            "tree differs for:\n{text:?}"
        );
    }
    assert_eq!(incremental.parsed(), fresh.parsed());
    assert_eq!(incremental.model(), fresh.model());
    assert_eq!(incremental.variables(), fresh.variables());
    assert_eq!(incremental.diagnostics(), fresh.diagnostics());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn reparse_after_every_edit(e in edits()) {
        check(&e, true);
    }

    #[test]
    fn one_reparse_after_a_batch(e in edits()) {
        check(&e, false);
    }
}

#[test]
fn out_of_range_and_mid_character_edits_are_clamped() {
    let mut doc = Document::new("é𝄞\n");
    // Inside `é` (byte 1) and past the end: snapped to a char boundary and clamped.
    doc.apply_edit(&Edit {
        range: TextRange::new(1, 999),
        insert: "x".to_owned(),
    });
    assert_eq!(doc.text().to_string(), "x");
    doc.apply_edit(&Edit {
        range: TextRange::new(50, 60),
        insert: "\nFROM a".to_owned(),
    });
    assert_eq!(doc.text().to_string(), "x\nFROM a");
    let a = doc.analysis(&BuildConfig::default());
    assert_eq!(a.parsed().instructions.len(), 2);
}
