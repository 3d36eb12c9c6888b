//! Outline, folding, selection ranges, workspace symbols and semantic tokens over the real
//! binary, in both position encodings on non-ASCII text.

use dockerfile_ls_tests::{Client, range};
use serde_json::{Value, json};

use super::{URI, push_caps, started};

const TEXT: &str = "# é𝄞 notes\n# more\nARG V=1\nFROM golang:1.25 AS build\nRUN echo é𝄞 \\\n    $V\nFROM alpine:3.22\nCOPY --from=build /a /b\n";

fn doc(c: &mut Client, method: &str, extra: Value) -> Value {
    let mut params = json!({ "textDocument": { "uri": URI } });
    if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    c.request(method, params)["result"].clone()
}

#[test]
fn outline_folding_and_selection() {
    let mut c = started();
    c.open(URI, 1, TEXT);
    let syms = doc(&mut c, "textDocument/documentSymbol", json!({}));
    let names: Vec<&str> = syms
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ARG V=1", "build", "stage 1"]);
    assert_eq!(syms[1]["detail"], "FROM golang:1.25");
    assert_eq!(syms[1]["children"][0]["name"], "RUN echo é𝄞 $V");
    assert_eq!(syms[0]["children"][0]["name"], "V");
    let folds = doc(&mut c, "textDocument/foldingRange", json!({}));
    let f: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(f, [(0, 1), (3, 5), (4, 5), (6, 7)]);
    let sel = doc(
        &mut c,
        "textDocument/selectionRange",
        json!({ "positions": [{ "line": 7, "character": 14 }] }),
    );
    assert_eq!(
        sel[0]["range"],
        json!({ "start": { "line": 7, "character": 12 }, "end": { "line": 7, "character": 17 } })
    );
    assert_eq!(
        sel[0]["parent"]["range"]["start"]["character"], 5,
        "then the whole flag"
    );
    let ws = c.request("workspace/symbol", json!({ "query": "bui" }));
    assert_eq!(ws["result"][0]["name"], "build");
    assert_eq!(ws["result"][0]["location"]["uri"], URI);
    let unknown = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": "file:///nope/Dockerfile" } }),
    );
    assert_eq!(unknown["result"], Value::Null);
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}

fn decode(data: &Value) -> Vec<(u64, u64, u64, u64)> {
    let mut out = Vec::new();
    let (mut line, mut col) = (0, 0);
    for t in data.as_array().unwrap().chunks(5) {
        let (dl, ds, len, ty) = (
            t[0].as_u64().unwrap(),
            t[1].as_u64().unwrap(),
            t[2].as_u64().unwrap(),
            t[3].as_u64().unwrap(),
        );
        line += dl;
        col = if dl == 0 { col + ds } else { ds };
        out.push((line, col, len, ty));
    }
    out
}

#[test]
fn semantic_tokens_full_delta_and_range_in_both_encodings() {
    for (enc, v_col) in [("utf-16", 4), ("utf-8", 4)] {
        let mut c = Client::spawn();
        let mut caps = push_caps();
        caps["general"]["positionEncodings"] = json!([enc]);
        c.initialize(caps);
        c.open(URI, 1, TEXT);
        let full = doc(&mut c, "textDocument/semanticTokens/full", json!({}));
        let tokens = decode(&full["data"]);
        // The comment on line 0: its length counts é𝄞 in the encoding's units.
        let comment_len = if enc == "utf-16" { 11 } else { 14 };
        assert_eq!(tokens[0], (0, 0, comment_len, 5), "{enc}: {tokens:?}");
        // `$V` on the continued line 5 is a variable (type 4).
        assert!(tokens.contains(&(5, v_col, 2, 4)), "{enc}: {tokens:?}");
        // A delta after an edit carries only the change.
        let id = full["resultId"].as_str().unwrap().to_owned();
        c.change(URI, 2, range(7, 0, 7, 0), "USER 1000\n");
        c.wait_diagnostics(URI, 2);
        let delta = doc(
            &mut c,
            "textDocument/semanticTokens/full/delta",
            json!({ "previousResultId": id }),
        );
        let edits = delta["edits"].as_array().unwrap();
        assert_eq!(edits.len(), 1, "{delta}");
        assert!(
            edits[0]["data"].as_array().unwrap().len() < full["data"].as_array().unwrap().len()
        );
        // A range holds only the tokens that start in it.
        let r = doc(
            &mut c,
            "textDocument/semanticTokens/range",
            json!({ "range": range(3, 0, 3, 30) }),
        );
        let lines: Vec<u64> = decode(&r["data"]).iter().map(|t| t.0).collect();
        assert!(
            !lines.is_empty() && lines.iter().all(|l| *l == 3),
            "{lines:?}"
        );
        c.drain_notifications();
        assert_eq!(c.shutdown().code(), Some(0));
    }
}

#[test]
fn formatting_document_range_and_on_type() {
    let mut c = started();
    let text = "from alpine:3.22 as base  \nrun apk add \\\n  curl\nCMD [\"a\",\"b\"]\n";
    c.open(URI, 1, text);
    let opts = json!({ "tabSize": 4, "insertSpaces": true });
    let edits = doc(
        &mut c,
        "textDocument/formatting",
        json!({ "options": opts }),
    );
    let new_texts: Vec<&str> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["newText"].as_str().unwrap())
        .collect();
    assert_eq!(
        new_texts,
        ["FROM", "AS", "", "RUN", "    ", "[\"a\", \"b\"]"],
        "{edits}"
    );
    let ranged = doc(
        &mut c,
        "textDocument/rangeFormatting",
        json!({ "options": opts, "range": range(3, 0, 3, 5) }),
    );
    assert_eq!(
        ranged.as_array().unwrap().len(),
        1,
        "only the CMD line: {ranged}"
    );
    // A line break after a continuation: the new line gets the continuation indent.
    c.change(URI, 2, range(2, 6, 2, 6), " \\\n");
    let typed = doc(
        &mut c,
        "textDocument/onTypeFormatting",
        json!({ "options": opts, "position": { "line": 3, "character": 0 }, "ch": "\n" }),
    );
    assert_eq!(typed[0]["newText"], "    ", "{typed}");
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn format_indent_setting_wins_over_the_tab_size() {
    let text = "RUN a \\\n  b\n";
    let opts = json!({ "tabSize": 4, "insertSpaces": true });
    // 2 spaces from initializationOptions, then 0 (keep) pushed with didChangeConfiguration.
    let mut c = Client::spawn();
    c.initialize_with(push_caps(), json!({ "format": { "indent": 2 } }));
    c.open(URI, 1, text);
    let edits = doc(
        &mut c,
        "textDocument/formatting",
        json!({ "options": opts }),
    );
    assert_eq!(edits, json!([]), "already indented by 2: {edits}");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "dockerfile-ls": { "format": { "indent": 3 } } } }),
    );
    let edits = doc(
        &mut c,
        "textDocument/formatting",
        json!({ "options": opts }),
    );
    assert_eq!(edits[0]["newText"], "   ", "{edits}");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "dockerfile-ls": { "format": { "indent": 0 } } } }),
    );
    let edits = doc(
        &mut c,
        "textDocument/formatting",
        json!({ "options": opts }),
    );
    assert_eq!(edits, json!([]), "0 keeps the indentation: {edits}");
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn stage_graph_lens_for_clients_with_the_command() {
    let mut c = Client::spawn();
    let mut caps = push_caps();
    caps["experimental"] = json!({ "dockerfileLs": { "stageGraphCommand": true } });
    c.initialize(caps);
    c.open(
        URI,
        1,
        "FROM alpine AS build\nFROM scratch\nCOPY --from=build /a /a\n",
    );
    let lenses = doc(&mut c, "textDocument/codeLens", json!({}));
    let graph: Vec<&Value> = lenses
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["command"]["title"] == "stage graph")
        .collect();
    assert_eq!(graph.len(), 2, "{lenses}");
    assert_eq!(
        graph[0]["command"]["command"],
        "dockerfile-ls.showStageGraph"
    );
    assert_eq!(graph[0]["command"]["arguments"], json!([URI, "build"]));
    assert_eq!(graph[1]["command"]["arguments"], json!([URI, "1"]));
    // What the command then asks: the graph of a build targeting the unnamed stage 1.
    let answer = c.request(
        "dockerfile-ls/stageGraph",
        json!({ "textDocument": { "uri": URI }, "target": "1" }),
    );
    assert_eq!(answer["result"]["graph"]["target"], "stage 1", "{answer}");
    assert!(answer["result"]["svg"].as_str().unwrap().contains("<svg"));
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn inlay_hints_lenses_links_and_signatures() {
    let dir = std::env::temp_dir().join(format!("dfls-links-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("app.py"), "print('hi')\n").unwrap();
    let uri = format!("file://{}/Dockerfile", dir.display());
    let text = "ARG V=3.22\nFROM alpine:${V} AS build\nFROM scratch\nCOPY --from=0 /a /b\nCOPY app.py missing.py /app/\nCMD [\"/app\"]\n";
    let mut c = started();
    c.open(&uri, 1, text);
    let at = |c: &mut Client, method: &str, extra: Value| {
        let mut params = json!({ "textDocument": { "uri": uri } });
        if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        c.request(method, params)["result"].clone()
    };
    let hints = at(
        &mut c,
        "textDocument/inlayHint",
        json!({ "range": range(0, 0, 9, 0) }),
    );
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, [" = alpine:3.22", " #0", " build"]);
    // Only hints inside the range (issue #25, item 10): line 1 alone holds the first two
    // (the `#0` sits at the end of `AS build`), not the one on line 3.
    let line1 = at(
        &mut c,
        "textDocument/inlayHint",
        json!({ "range": range(1, 0, 1, 30) }),
    );
    let lines: Vec<u64> = line1
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["position"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 1], "{line1}");
    // `FROM ` alone: the stage starts there, but its hints sit further on.
    let start = at(
        &mut c,
        "textDocument/inlayHint",
        json!({ "range": range(1, 0, 1, 5) }),
    );
    assert_eq!(start, json!([]), "{start}");
    let reversed = c.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": range(3, 0, 1, 0) }),
    );
    assert_eq!(reversed["error"]["code"], -32602, "{reversed}");
    let lenses = at(&mut c, "textDocument/codeLens", json!({}));
    let titles: Vec<&str> = lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["used by 1 stage", "final stage: what `docker build` builds"]
    );
    let links = at(&mut c, "textDocument/documentLink", json!({}));
    let targets: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets.len(), 1, "only the file that exists: {targets:?}");
    assert!(targets[0].ends_with("/app.py"));
    let sig = at(
        &mut c,
        "textDocument/signatureHelp",
        json!({ "position": { "line": 4, "character": 6 } }),
    );
    assert!(
        sig["signatures"][0]["label"]
            .as_str()
            .unwrap()
            .starts_with("COPY"),
        "{sig}"
    );
    // `COPY app.py missing.py /app/` is the plain form, with the cursor on a source.
    assert_eq!(sig["activeSignature"], 0, "{sig}");
    let param = sig["activeParameter"].as_u64().unwrap_or(99) as usize;
    assert_eq!(
        sig["signatures"][0]["parameters"][param]["label"], "<src>...",
        "{sig}"
    );
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stage_graph_request() {
    let mut c = started();
    c.open(URI, 1, "FROM golang:1.25 AS build\nFROM build AS test\nFROM scratch\nCOPY --from=build /out /app\n");
    let r = c.request(
        "dockerfile-ls/stageGraph",
        json!({ "textDocument": { "uri": URI } }),
    );
    let g = &r["result"]["graph"];
    assert_eq!(g["target"], "stage 2");
    assert_eq!(
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "stage")
            .count(),
        3
    );
    assert!(r["result"]["svg"].as_str().unwrap().starts_with("<?xml"));
    assert!(
        r["result"]["mermaid"]
            .as_str()
            .unwrap()
            .contains("class s1 unreached")
    );
    let bad = c.request(
        "dockerfile-ls/stageGraph",
        json!({ "textDocument": { "uri": URI }, "target": "nope" }),
    );
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    // A document without stages: an empty graph and no picture, not an error.
    c.open("file:///work/empty.Dockerfile", 1, "# nothing yet\n");
    let empty = c.request(
        "dockerfile-ls/stageGraph",
        json!({ "textDocument": { "uri": "file:///work/empty.Dockerfile" } }),
    );
    assert_eq!(empty["result"]["graph"]["nodes"], json!([]), "{empty}");
    assert_eq!(empty["result"]["svg"], Value::Null, "{empty}");
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}
