//! Position encodings: UTF-16 by default, UTF-8 (or UTF-32) when the client offers it.
//! `é` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes, 2 UTF-16 units and 1 code point.

use dockerfile_ls_tests::{Client, range, summarize};
use serde_json::json;

use super::URI;

const TEXT: &str = "FROM alpine AS build\nFROM alpine\nCOPY --chown=é𝄞 --from=build /a /b\n";

/// Opens TEXT, then turns `--from` (which follows the non-ASCII text) into `--frm` with an
/// edit positioned in the negotiated encoding; returns the encoding and the diagnostics.
fn edit_after_non_ascii(offered: &[&str]) -> (String, Vec<String>) {
    let mut c = Client::spawn();
    let r = c.initialize(json!({ "general": { "positionEncodings": offered } }));
    let enc = r["capabilities"]["positionEncoding"]
        .as_str()
        .unwrap()
        .to_owned();
    c.open(URI, 1, TEXT);
    assert!(c.wait_diagnostics(URI, 1).is_empty());
    let col = match enc.as_str() {
        "utf-8" => 20,
        "utf-32" => 16,
        _ => 17,
    };
    c.change(URI, 2, range(2, col, 2, col + 6), "--frm");
    (enc, summarize(&c.wait_diagnostics(URI, 2)))
}

#[test]
fn utf16_is_the_default_and_counts_surrogate_pairs() {
    let (enc, d) = edit_after_non_ascii(&["utf-16"]);
    assert_eq!(enc, "utf-16");
    assert_eq!(
        d,
        vec!["InvalidFlag@2:17-2:22 unknown flag: --frm (did you mean --from?)"]
    );
}

#[test]
fn utf8_is_chosen_when_offered() {
    let (enc, d) = edit_after_non_ascii(&["utf-16", "utf-8"]);
    assert_eq!(enc, "utf-8");
    assert_eq!(
        d,
        vec!["InvalidFlag@2:20-2:25 unknown flag: --frm (did you mean --from?)"]
    );
}

#[test]
fn utf32_when_offered_without_utf8() {
    let (enc, d) = edit_after_non_ascii(&["utf-32", "utf-16"]);
    assert_eq!(enc, "utf-32");
    assert_eq!(
        d,
        vec!["InvalidFlag@2:16-2:21 unknown flag: --frm (did you mean --from?)"]
    );
}

#[test]
fn no_offer_means_utf16() {
    let (enc, _) = edit_after_non_ascii(&[]);
    assert_eq!(enc, "utf-16");
}
