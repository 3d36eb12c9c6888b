//! Arbitrary edit sequences: the incrementally edited and reparsed document must equal a fresh
//! parse of the final text (text, tree, instructions, model, diagnostics).
#![no_main]

use arbitrary::Arbitrary;
use dockerfile_analysis::document::tree_fingerprint;
use dockerfile_analysis::{BuildConfig, Document, TextEdit, TextRange};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    start: String,
    edits: Vec<(u16, u8, String, bool)>,
}

fuzz_target!(|input: Input| {
    let mut doc = Document::new(&input.start);
    doc.reparse();
    let mut text = input.start.clone();
    for (at, len, insert, reparse) in input.edits.iter().take(64) {
        let mut start = usize::from(*at) % (text.len() + 1);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + usize::from(*len)).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(start..end, insert);
        doc.apply_edit(&TextEdit {
            range: TextRange::new(start, end),
            new_text: insert.clone(),
        });
        if *reparse {
            doc.reparse();
        }
    }
    let config = BuildConfig::default();
    let a = doc.analysis(&config);
    let b = Document::new(&text).analysis(&config);
    assert_eq!(a.text().to_string(), text);
    // Error recovery is path-dependent: only clean trees must be identical.
    if b.tree().is_some_and(|t| !t.root_node().has_error()) {
        assert_eq!(tree_fingerprint(a.tree()), tree_fingerprint(b.tree()));
    }
    assert_eq!(a.parsed(), b.parsed());
    assert_eq!(a.model(), b.model());
});
