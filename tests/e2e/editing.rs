//! Hover, completion (with resolve), references, document highlights and rename over the
//! real binary: what `initialize` advertises, both position encodings on non-ASCII text, the
//! plain-text fallback, and empty answers (never errors) for unknown documents and
//! out-of-range positions.

use dockerfile_ls_tests::Client;
use serde_json::{Value, json};

use super::URI;

/// `é` is 2 UTF-8 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 units.
const TEXT: &str = "# é𝄞\nFROM golang:1.25 AS build\nARG VERSION=1\nRUN --mount=type=secret,id=x echo é𝄞 $VERSION\nFROM alpine:3.22\nCOPY --from=0 /a /b\nCOPY --from=build /c /d\n";

fn client(encoding: &str, markdown: bool) -> Client {
    let mut c = Client::spawn();
    let format = if markdown {
        json!(["markdown", "plaintext"])
    } else {
        json!(["plaintext"])
    };
    let init = c.initialize(json!({
        "general": { "positionEncodings": [encoding] },
        "textDocument": {
            "hover": { "contentFormat": format },
            "completion": { "completionItem": { "snippetSupport": true, "documentationFormat": format } },
            "rename": { "prepareSupport": true }
        },
        "workspace": { "workspaceEdit": { "documentChanges": true } }
    }));
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], encoding);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["referencesProvider"], true);
    assert_eq!(caps["documentHighlightProvider"], true);
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    assert_eq!(caps["completionProvider"]["resolveProvider"], true);
    assert!(
        caps["completionProvider"]["triggerCharacters"]
            .as_array()
            .unwrap()
            .contains(&json!("$"))
    );
    c.open(URI, 1, TEXT);
    c
}

fn at(c: &mut Client, method: &str, line: u32, character: u32, extra: Value) -> Value {
    let mut params = json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    c.request(method, params)
}

#[test]
fn hover_in_both_encodings() {
    // `$VERSION` on line 3 starts after `é𝄞 `: UTF-8 column 41, UTF-16 column 38.
    for (enc, col) in [("utf-8", 41), ("utf-16", 38)] {
        let mut c = client(enc, true);
        let h = at(&mut c, "textDocument/hover", 3, col + 2, json!({}));
        let r = &h["result"];
        assert_eq!(r["contents"]["kind"], "markdown", "{enc}");
        let text = r["contents"]["value"].as_str().unwrap();
        assert!(
            text.contains("ARG `VERSION`") && text.contains("Value: `1`"),
            "{enc}: {text}"
        );
        assert_eq!(
            r["range"]["start"],
            json!({ "line": 3, "character": col }),
            "{enc}"
        );
        // The secret mount type explains itself.
        let h = at(&mut c, "textDocument/hover", 3, 19, json!({}));
        assert!(
            h["result"]["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("type=secret")
        );
        c.shutdown();
    }
}

#[test]
fn hover_falls_back_to_plain_text_and_answers_nothing_gracefully() {
    let mut c = client("utf-16", false);
    let h = at(&mut c, "textDocument/hover", 5, 12, json!({}));
    let contents = &h["result"]["contents"];
    assert_eq!(contents["kind"], "plaintext");
    let text = contents["value"].as_str().unwrap();
    assert!(
        text.contains("stage build") && !text.contains("**") && !text.contains("```"),
        "{text}"
    );
    // Out-of-range positions are clamped, unknown documents answered with null.
    let far = at(&mut c, "textDocument/hover", 999, 999, json!({}));
    assert!(far.get("error").is_none(), "{far}");
    let unknown = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nope/Dockerfile" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(unknown["result"], Value::Null);
    for method in [
        "textDocument/completion",
        "textDocument/references",
        "textDocument/documentHighlight",
        "textDocument/prepareRename",
    ] {
        let r = c.request(method, json!({ "textDocument": { "uri": "file:///nope/Dockerfile" }, "position": { "line": 0, "character": 0 }, "context": { "includeDeclaration": true } }));
        assert_eq!(r["result"], Value::Null, "{method}: {r}");
    }
    c.shutdown();
}

#[test]
fn completion_and_resolve() {
    let mut c = client("utf-16", true);
    // After `COPY --from=` on line 5: the earlier named stage.
    let r = at(&mut c, "textDocument/completion", 5, 12, json!({}));
    let items = r["result"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["build"]);
    assert_eq!(
        items[0]["textEdit"]["range"]["start"],
        json!({ "line": 5, "character": 12 })
    );
    // A new line: instruction keywords as snippets, documentation on resolve.
    c.change(URI, 2, dockerfile_ls_tests::range(7, 0, 7, 0), "FR");
    let r = at(&mut c, "textDocument/completion", 7, 2, json!({}));
    let from = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "FROM")
        .unwrap()
        .clone();
    assert_eq!(from["insertTextFormat"], 2, "snippet");
    assert!(from.get("documentation").is_none_or(Value::is_null));
    let resolved = c.request("completionItem/resolve", from);
    assert!(
        resolved["result"]["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("Every stage begins with FROM")
    );
    c.shutdown();
}

#[test]
fn references_highlights_and_rename() {
    let mut c = client("utf-8", true);
    let refs = at(
        &mut c,
        "textDocument/references",
        6,
        13,
        json!({ "context": { "includeDeclaration": true } }),
    );
    let lines: Vec<u64> = refs["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lines,
        [1, 5, 6],
        "the declaration, --from=0 and --from=build"
    );
    let hl = at(&mut c, "textDocument/documentHighlight", 1, 22, json!({}));
    let kinds: Vec<u64> = hl["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_u64().unwrap())
        .collect();
    assert_eq!(kinds, [3, 2, 2], "write, then reads");
    let prep = at(&mut c, "textDocument/prepareRename", 6, 14, json!({}));
    assert_eq!(prep["result"]["placeholder"], "build");
    let edit = at(
        &mut c,
        "textDocument/rename",
        6,
        14,
        json!({ "newName": "compile" }),
    );
    let doc_edit = &edit["result"]["documentChanges"][0];
    assert_eq!(doc_edit["textDocument"]["version"], 1, "versioned");
    let edits = doc_edit["edits"].as_array().unwrap();
    assert_eq!(
        edits.len(),
        2,
        "the name and --from=build; --from=0 stays numeric"
    );
    assert!(edits.iter().all(|e| e["newText"] == "compile"));
    let refused = at(
        &mut c,
        "textDocument/rename",
        6,
        14,
        json!({ "newName": "9lives" }),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a valid stage name"),
        "{refused}"
    );
    // A refusal is RequestFailed (the request was fine, it cannot be done), and upper case
    // is refused with the lower-case name to use (issue #25, item 11).
    assert_eq!(refused["error"]["code"], -32803, "{refused}");
    let upper = at(
        &mut c,
        "textDocument/rename",
        6,
        14,
        json!({ "newName": "ABC" }),
    );
    assert_eq!(upper["error"]["code"], -32803, "{upper}");
    assert!(
        upper["error"]["message"]
            .as_str()
            .unwrap()
            .contains("use `abc`"),
        "{upper}"
    );
    c.shutdown();
}
