//! Go to definition from every stage reference form.

use dockerfile_ls_tests::Client;
use serde_json::{Value, json};

use super::{URI, started};

const TEXT: &str = "ARG BASE=alpine\nFROM golang AS build\nRUN go build\nFROM node AS assets\nFROM build AS test\nFROM ${BASE}\nCOPY --from=build /a /b\nCOPY --from=1 /c /d\nRUN --mount=type=cache,from=assets,target=/x true\nCOPY --from=nginx:1 /e /f\n";

fn definition(c: &mut Client, line: u32, character: u32) -> Value {
    let r = c.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }),
    );
    r["result"].clone()
}

fn target_start(v: &Value) -> (u64, u64) {
    let r = &v[0]["targetSelectionRange"]["start"];
    (
        r["line"].as_u64().unwrap(),
        r["character"].as_u64().unwrap(),
    )
}

#[test]
fn every_reference_form_leads_to_its_stage() {
    let mut c = started();
    c.open(URI, 1, TEXT);
    assert_eq!(
        target_start(&definition(&mut c, 6, 14)),
        (1, 15),
        "COPY --from=build"
    );
    assert_eq!(
        target_start(&definition(&mut c, 7, 12)),
        (3, 13),
        "COPY --from=1"
    );
    assert_eq!(
        target_start(&definition(&mut c, 8, 30)),
        (3, 13),
        "RUN --mount=from=assets"
    );
    assert_eq!(
        target_start(&definition(&mut c, 4, 6)),
        (1, 15),
        "FROM build"
    );
    assert_eq!(
        target_start(&definition(&mut c, 5, 9)),
        (0, 4),
        "${{BASE}} to its ARG"
    );
    let link = &definition(&mut c, 6, 14)[0];
    assert_eq!(link["originSelectionRange"]["start"]["character"], 12);
    assert_eq!(link["targetRange"]["end"]["line"], 1, "the whole FROM line");
    assert_eq!(link["targetUri"], URI);
    assert_eq!(
        definition(&mut c, 9, 14),
        Value::Null,
        "an image is not a stage"
    );
    assert_eq!(
        definition(&mut c, 2, 2),
        Value::Null,
        "nothing under the cursor"
    );
}

#[test]
fn plain_locations_for_clients_without_link_support() {
    let mut c = Client::spawn();
    c.initialize(json!({}));
    c.open(URI, 1, TEXT);
    let r = definition(&mut c, 7, 12);
    assert_eq!(r["uri"], URI);
    assert_eq!(r["range"]["start"], json!({ "line": 3, "character": 13 }));
}
