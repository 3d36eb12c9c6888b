#!/usr/bin/env bash
# The Zed extension (editors/zed, its own crate outside the workspace): format and lints, its
# unit tests on the host (binary lookup, settings, extension.toml), and the wasm32-wasip2 build
# Zed loads.
set -euo pipefail
cd "$(dirname "$0")/../.."
manifest=editors/zed/Cargo.toml
target=target/zed
if ! rustup target list --installed | grep -qx wasm32-wasip2; then
  echo "== zed: the wasm32-wasip2 target (rustup, first run only)"
  rustup target add wasm32-wasip2
fi
cargo fmt --manifest-path "$manifest" -- --check
cargo clippy --manifest-path "$manifest" --target-dir "$target" --all-targets --locked -- -D warnings
cargo test --manifest-path "$manifest" --target-dir "$target" --locked
cargo build --manifest-path "$manifest" --target-dir "$target" --locked --release --target wasm32-wasip2
wasm=$target/wasm32-wasip2/release/dockerfile_ls_zed.wasm
# A WebAssembly component starts with "\0asm" and a layer byte of 1 (a core module has 0).
[ "$(head -c 8 "$wasm" | od -An -tx1 | tr -d ' \n')" = "0061736d0d000100" ] \
  || { echo "zed: $wasm is not a WebAssembly component" >&2; exit 1; }
echo "zed: $wasm ($(wc -c <"$wasm") bytes)"
