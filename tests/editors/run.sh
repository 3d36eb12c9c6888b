#!/usr/bin/env bash
# Every editor test: Zed (extension crate and wasm build), Neovim 0.11 (headless, both
# encodings), VS Code (unit tests, VSIX, code-server). Helix's snippet is checked by the
# e2e tests (tests/e2e/editors.rs). Expects the debug build of the server (run-all.sh makes it).
set -euo pipefail
cd "$(dirname "$0")"
bash zed.sh
bash neovim.sh
bash vscode.sh
