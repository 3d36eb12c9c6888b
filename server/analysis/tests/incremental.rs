//! Property: after any sequence of edits, the incrementally maintained document (rope edits,
//! `Tree::edit`, reparse with the old tree) equals a fresh parse of the final text: the same
//! text, the same tree (every node's kind and byte range), the same instructions and model,
//! and the same findings — also when snapshots along the way computed (and the instructions
//! they reused kept) the per-RUN findings.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use dockerfile_analysis::document::tree_fingerprint;
use dockerfile_analysis::{BuildConfig, Document, RuleSettings, TextEdit, TextRange};
use proptest::prelude::*;

const START: &str = "# syntax=docker/dockerfile:1\nARG V=1\nFROM golang:${V} AS build\nRUN --mount=type=cache,target=/x \\\n    go build\nRUN <<EOF\necho é𝄞\nEOF\nRUN apk add curl && pip install x\nFROM alpine AS run\nCOPY --from=build /out /app\r\nCOPY --from=0 /a /b\nRUN apt-get update && apt-get install jq | sudo tee x\nCMD [\"/app\"]\n";

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
    "RUN apk add git\n",
    "RUN apt-get install -y x && yum install y\n",
    "ENV PIP_NO_CACHE_DIR=1\n",
    "SHELL [\"pwsh\", \"-c\"]\n",
    "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
    " && sudo pip install z",
    "FROM build\n",
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
        doc.apply_edit(&TextEdit {
            range: TextRange::new(start, end),
            new_text: insert.to_owned(),
        });
        if reparse_each {
            doc.reparse();
        }
        // Snapshots now and then, so that instructions are rescanned incrementally from the
        // state of an earlier snapshot, over one edit or several.
        match (at + len) % 5 {
            0 => {
                let _ = doc.parsed();
            }
            1 => {
                let _ = doc.analysis(&BuildConfig::default()).diagnostics();
            }
            _ => {}
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

/// Whole lines that change what other instructions mean: the stage a RUN is in, whether the
/// stage ships, its shell, the variables set before it.
const LINES: &[&str] = &[
    "FROM alpine:3.22 AS base\n",
    "FROM base\n",
    "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
    "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
    "SHELL [\"pwsh\", \"-c\"]\n",
    "ENV PIP_NO_CACHE_DIR=1\n",
    "ARG PIP_NO_CACHE_DIR\n",
    "COPY --from=base /a /b\n",
    "RUN apk add curl | tee log\n",
    "RUN apt-get install -y jq=1.6 curl && pip install flask==3.0 x\n",
    "RUN apt-get update && apt-get install -y jq\n",
    "RUN pip install flask && cd /x\n",
    "RUN curl -sL https://x | sh\n",
    "ONBUILD RUN yum install z\n",
    "USER app\n",
    "# escape=`\n",
];

/// Inserts (or, for odd choices, deletes) whole lines, computing the findings after every
/// edit so that each snapshot starts from the per-RUN findings the previous one kept: a rule
/// that declares itself per-RUN but reads the RUN's context shows up as a difference from a
/// fresh analysis.
fn check_lines(edits: &[(usize, usize)]) {
    let config = BuildConfig::default();
    let mut all = RuleSettings::default();
    all.select(["ALL"]).unwrap();
    let mut doc = Document::new(START);
    let _ = doc.analysis(&config).diagnostics();
    let mut text = START.to_owned();
    for &(line, choice) in edits {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i <= text.len())
            .collect();
        let at = starts[line % starts.len()];
        let (range, insert) = if choice % 2 == 1 {
            let end = text[at..].find('\n').map_or(text.len(), |e| at + e + 1);
            (TextRange::new(at, end), String::new())
        } else {
            (
                TextRange::empty(at),
                LINES[(choice / 2) % LINES.len()].to_owned(),
            )
        };
        text.replace_range(range.start..range.end, &insert);
        doc.apply_edit(&TextEdit {
            range,
            new_text: insert,
        });
        let incremental = doc.analysis(&config).diagnostics();
        let fresh = Document::new(&text).analysis(&config).diagnostics();
        assert_eq!(incremental, fresh, "after an edit, for:\n{text}");
        // Every rule, those off by default too (their per-RUN findings are not kept on the
        // instructions, so they take another path).
        let incremental = doc.analysis(&config).diagnostics_with(&all);
        let fresh = Document::new(&text)
            .analysis(&config)
            .diagnostics_with(&all);
        assert_eq!(
            incremental, fresh,
            "after an edit, every rule, for:\n{text}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn findings_after_whole_line_edits(
        e in prop::collection::vec((0usize..40, 0usize..2 * LINES.len()), 1..12)
    ) {
        check_lines(&e);
    }

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
    doc.apply_edit(&TextEdit {
        range: TextRange::new(1, 999),
        new_text: "x".to_owned(),
    });
    assert_eq!(doc.text().to_string(), "x");
    doc.apply_edit(&TextEdit {
        range: TextRange::new(50, 60),
        new_text: "\nFROM a".to_owned(),
    });
    assert_eq!(doc.text().to_string(), "x\nFROM a");
    let a = doc.analysis(&BuildConfig::default());
    assert_eq!(a.parsed().instructions.len(), 2);
}
