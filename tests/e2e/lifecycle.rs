//! initialize, shutdown and exit.

use dockerfile_ls_tests::Client;
use serde_json::{Value, json};

use super::push_caps;

#[test]
fn initialize_advertises_what_works() {
    let mut c = Client::spawn();
    let r = c.initialize(push_caps());
    let caps = &r["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["definitionProvider"], true);
    assert!(
        caps.get("diagnosticProvider").is_none(),
        "no pull diagnostics for a push-only client"
    );
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["referencesProvider"], true);
    assert_eq!(caps["documentHighlightProvider"], true);
    assert_eq!(
        caps["renameProvider"], true,
        "no prepareRename for a client that does not send it"
    );
    assert_eq!(caps["completionProvider"]["resolveProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["workspaceSymbolProvider"], true);
    assert_eq!(caps["foldingRangeProvider"], true);
    assert_eq!(caps["selectionRangeProvider"], true);
    assert_eq!(caps["semanticTokensProvider"]["full"]["delta"], true);
    assert_eq!(caps["semanticTokensProvider"]["range"], true);
    assert_eq!(caps["documentFormattingProvider"], true);
    assert_eq!(caps["documentRangeFormattingProvider"], true);
    assert_eq!(
        caps["documentOnTypeFormattingProvider"]["firstTriggerCharacter"],
        "\n"
    );
    assert_eq!(caps["inlayHintProvider"], true);
    assert_eq!(caps["codeLensProvider"]["resolveProvider"], false);
    assert_eq!(caps["documentLinkProvider"]["resolveProvider"], false);
    assert!(caps["signatureHelpProvider"]["triggerCharacters"].is_array());
    for unimplemented in [
        "callHierarchyProvider",
        "colorProvider",
        "typeHierarchyProvider",
    ] {
        assert!(
            caps.get(unimplemented).is_none(),
            "nothing unimplemented is advertised: {unimplemented}"
        );
    }
    assert_eq!(r["serverInfo"]["name"], "dockerfile-ls");
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn shutdown_then_exit_is_status_0() {
    let mut c = Client::spawn();
    c.initialize(push_caps());
    assert_eq!(c.shutdown().code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let mut c = Client::spawn();
    c.initialize(push_caps());
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().code(), Some(1));
}

#[test]
fn stdio_flag_and_client_process_id_are_accepted() {
    let bin = dockerfile_ls_tests::server_binary("debug");
    let mut c = Client::spawn_with(&bin, &["--stdio", "--clientProcessId=1"], &[]);
    let r = c.initialize(json!({}));
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(c.shutdown().code(), Some(0));
}
