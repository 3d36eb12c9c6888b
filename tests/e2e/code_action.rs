//! Code actions (quick-fixes, "ignore here", fix all) and configuration (editor settings,
//! `.dockerfile-ls.toml`), over the real binary.

use dockerfile_ls_tests::{Client, range};
use serde_json::{Value, json};

use super::{URI, push_caps, started};

const TEXT: &str =
    "FROM golang:1.23\nRUN go build -o /out/app .\nFROM alpine\nCOPY --from=0 /out/app /app\n";

fn actions(c: &mut Client, uri: &str, r: Value, only: Option<&[&str]>) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let resp = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": r, "context": context }),
    );
    resp["result"].as_array().cloned().unwrap_or_default()
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn numeric_reference_quick_fix_names_the_stage() {
    let mut c = started();
    c.open(URI, 1, TEXT);
    let diags = c.wait_diagnostics(URI, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "NumericStageReference")
        .expect("finding");
    assert!(
        d["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/docs/rules/NumericStageReference.md")
    );
    let got = actions(&mut c, URI, range(3, 12, 3, 12), None);
    let fix = &got[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(
        fix["title"],
        "Name stage 0 `build` and reference it by name"
    );
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "NumericStageReference");
    assert_eq!(
        fix["edit"]["changes"][URI],
        json!([
            { "range": range(0, 16, 0, 16), "newText": " AS build" },
            { "range": range(3, 12, 3, 13), "newText": "build" }
        ])
    );
    let ignore = got
        .iter()
        .find(|a| a["title"] == "Ignore NumericStageReference for this instruction")
        .expect("ignore action");
    assert_eq!(
        ignore["edit"]["changes"][URI][0]["newText"],
        "# check=skip=NumericStageReference\n"
    );
    // No source actions unless asked for.
    assert!(got.iter().all(|a| a["kind"] == "quickfix"));
}

#[test]
fn fix_all_is_one_minimal_versioned_edit() {
    let mut c = Client::spawn();
    let mut caps = push_caps();
    caps["workspace"] = json!({ "workspaceEdit": { "documentChanges": true } });
    c.initialize(caps);
    let text = "from golang AS Build\nFROM alpine\nCOPY --from=0 /a /b\nMAINTAINER me\n";
    c.open(URI, 3, text);
    c.wait_diagnostics(URI, 3);
    let got = actions(&mut c, URI, range(0, 0, 0, 0), Some(&["source.fixAll"]));
    assert_eq!(got.len(), 1, "{got:?}");
    let a = &got[0];
    assert_eq!(a["kind"], "source.fixAll.dockerfile-ls");
    let change = &a["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 3);
    assert_eq!(change["edits"].as_array().unwrap().len(), 1);
    // Nothing fixable: no action.
    c.change(
        URI,
        4,
        range(0, 0, 4, 0),
        "FROM alpine AS runtime\nRUN true\n",
    );
    c.wait_diagnostics(URI, 4);
    assert!(
        actions(
            &mut c,
            URI,
            range(0, 0, 0, 0),
            Some(&["source.fixAll.dockerfile-ls"])
        )
        .is_empty()
    );
}

#[test]
fn bad_initialization_options_are_shown_not_swallowed() {
    let mut c = Client::spawn();
    c.initialize_with(
        push_caps(),
        json!({ "rules": { "NoSuchRule": "off" }, "format": { "indent": "tab" } }),
    );
    let mut shown = Vec::new();
    while shown.len() < 2 {
        let m = c.wait_for(|m| m["method"] == "window/showMessage");
        shown.push(m["params"]["message"].as_str().unwrap().to_owned());
    }
    assert!(shown[0].contains("NoSuchRule"), "{shown:?}");
    assert!(shown[1].contains("format.indent"), "{shown:?}");
    // The rest of the settings still apply, and the server works.
    c.open(URI, 1, TEXT);
    assert!(!c.wait_diagnostics(URI, 1).is_empty());
}

#[test]
fn editor_settings_change_severities_and_switch_rules_off() {
    let mut c = started();
    c.open(URI, 1, TEXT);
    assert!(codes(&c.wait_diagnostics(URI, 1)).contains(&"NumericStageReference".to_owned()));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "dockerfile-ls": { "rules": { "NumericStageReference": "off" } } } }),
    );
    let after = c.wait_diagnostics(URI, 1);
    assert!(
        !codes(&after).contains(&"NumericStageReference".to_owned()),
        "{after:?}"
    );
}

#[test]
fn settings_are_pulled_when_the_client_supports_configuration() {
    let section = json!({ "rules": { "NumericStageReference": "error" } });
    pulled_settings_apply(section.clone());
    // Some clients (Zed) answer with the object that holds the section.
    pulled_settings_apply(json!({ "dockerfile-ls": section }));
}

fn pulled_settings_apply(answer: Value) {
    let mut c = Client::spawn();
    let mut caps = push_caps();
    caps["workspace"] = json!({ "configuration": true });
    c.initialize(caps);
    let req = c.wait_for(|m| m["method"] == "workspace/configuration");
    assert_eq!(req["params"]["items"][0]["section"], "dockerfile-ls");
    c.send(&json!({
        "jsonrpc": "2.0",
        "id": req["id"],
        "result": [answer]
    }));
    c.open(URI, 1, TEXT);
    // The settings may land just after the open: the server then publishes again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let diags = c.wait_diagnostics(URI, 1);
        let d = diags.iter().find(|d| d["code"] == "NumericStageReference");
        if d.is_some_and(|d| d["severity"] == 1) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{diags:?}");
    }
}

#[test]
fn config_file_is_found_up_to_the_workspace_folder_and_its_errors_are_shown() {
    let dir = std::env::temp_dir().join(format!("dfls-config-{}", std::process::id()));
    let sub = dir.join("svc");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        dir.join(".dockerfile-ls.toml"),
        "[rules]\nNumericStageReference = \"info\"\n",
    )
    .unwrap();
    let uri = format!("file://{}/Dockerfile", sub.display());
    // The workspace folder bounds the search (no configuration above it applies).
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({ "processId": null, "capabilities": super::push_caps(),
                "workspaceFolders": [{ "uri": format!("file://{}", dir.display()), "name": "w" }] }),
    );
    c.notify("initialized", json!({}));
    c.open(&uri, 1, TEXT);
    let diags = c.wait_diagnostics(&uri, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "NumericStageReference")
        .expect("finding");
    assert_eq!(d["severity"], 3, "info");
    std::fs::write(dir.join(".dockerfile-ls.toml"), "[rules]\nNope = \"off\"\n").unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [] }));
    let m = c.wait_for(|m| m["method"] == "window/showMessage");
    let msg = m["params"]["message"].as_str().unwrap();
    assert!(
        msg.contains(".dockerfile-ls.toml:2") && msg.contains("Nope"),
        "{msg}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dockerignore_is_created_with_a_resource_operation() {
    let dir = std::env::temp_dir().join(format!("dfls-ignore-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("package.json"), "{}").unwrap();
    let uri = format!("file://{}/Dockerfile", dir.display());
    let mut c = Client::spawn();
    let mut caps = push_caps();
    caps["workspace"] =
        json!({ "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] } });
    c.initialize(caps);
    c.open(&uri, 1, "FROM node:22\nCOPY . .\n");
    let diags = c.wait_diagnostics(&uri, 1);
    assert!(
        codes(&diags).contains(&"MissingDockerignore".to_owned()),
        "{diags:?}"
    );
    let got = actions(&mut c, &uri, range(1, 5, 1, 6), None);
    let create = got
        .iter()
        .find(|a| a["title"] == "Create a .dockerignore")
        .expect("the create action");
    let ops = create["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create");
    assert!(ops[0]["uri"].as_str().unwrap().ends_with("/.dockerignore"));
    assert_eq!(ops[0]["options"]["ignoreIfExists"], true);
    assert!(
        ops[1]["edits"][0]["newText"]
            .as_str()
            .unwrap()
            .contains("**/node_modules")
    );
    // A client that cannot create files is not offered the action.
    let mut c2 = started();
    c2.open(&uri, 1, "FROM node:22\nCOPY . .\n");
    c2.wait_diagnostics(&uri, 1);
    let got = actions(&mut c2, &uri, range(1, 5, 1, 6), None);
    assert!(got.iter().all(|a| a["title"] != "Create a .dockerignore"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn quick_fixes_resolve_lazily_for_clients_that_can() {
    let mut c = Client::spawn();
    let mut caps = push_caps();
    caps["textDocument"]["codeAction"] = json!({ "resolveSupport": { "properties": ["edit"] } });
    caps["workspace"] = json!({ "workspaceEdit": { "documentChanges": true } });
    let init = c.initialize(caps);
    assert_eq!(
        init["capabilities"]["codeActionProvider"]["resolveProvider"],
        true
    );
    c.open(URI, 1, TEXT);
    c.wait_diagnostics(URI, 1);
    let got = actions(&mut c, URI, range(3, 12, 3, 13), Some(&["quickfix"]));
    let fix = got
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Name stage 0"))
        .expect("the naming fix")
        .clone();
    assert!(
        fix.get("edit").is_none_or(Value::is_null),
        "sent without its edit: {fix}"
    );
    let resolved = c.request("codeAction/resolve", fix.clone());
    let edits = &resolved["result"]["edit"]["documentChanges"][0]["edits"];
    assert_eq!(edits.as_array().map(Vec::len), Some(2), "{resolved}");
    // After a change, the old action is refused with ContentModified.
    c.change(URI, 2, range(0, 0, 0, 0), "# x\n");
    let stale = c.request("codeAction/resolve", fix);
    assert_eq!(stale["error"]["code"], -32801, "{stale}");
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn a_whole_file_request_stays_bounded() {
    // 400 numeric references to one stage: each finding's fix rewrites all 400, so answering
    // every fix in full would be 160,000 edits.
    let mut text = String::from("FROM golang:1.23\nFROM alpine\n");
    for _ in 0..400 {
        text.push_str("COPY --from=0 /a /b\n");
    }
    let mut c = started();
    c.open(URI, 1, &text);
    c.wait_diagnostics(URI, 1);
    let t = std::time::Instant::now();
    let got = actions(&mut c, URI, range(0, 0, 500, 0), None);
    let edits: usize = got
        .iter()
        .filter_map(|a| a["edit"]["changes"][URI].as_array())
        .map(Vec::len)
        .sum();
    assert!(edits <= 10_000, "{edits} edits");
    assert!(
        got.len() >= 400,
        "every finding keeps its ignore-here action: {}",
        got.len()
    );
    assert!(
        t.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        t.elapsed()
    );
    c.drain_notifications();
    assert_eq!(c.shutdown().code(), Some(0));
}
