#!/usr/bin/env bash
# Every test of the project, in the order a failure is cheapest to see:
# formatting, lints, then unit, property, snapshot and end-to-end tests (they drive the real
# binary over JSON-RPC), then the differential test of our instruction model against
# BuildKit's own parser (PyPI `dockerfile`, installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo build --workspace --locked
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked
else
  cargo test --workspace --locked
fi



python3 -c "import dockerfile" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check "dockerfile==3.4.0"
python3 tests/differential/compare.py target/debug/dockerfile-ls
