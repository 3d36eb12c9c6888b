#!/usr/bin/env bash
# Builds what we ship into target/dist/: the release archive of the server for a Rust target
# (server/release/package.py: binary, LICENSE, README, CHANGELOG and a .sha256) and the VS Code
# package for the matching VS Code platform, with that binary inside.
#   bash editors/dist.sh                        # this machine (Linux: the static musl build)
#   bash editors/dist.sh RUST_TARGET            # a target this machine builds (cross or native)
#   bash editors/dist.sh --vsix VSCODE_TARGET BINARY   # only a VSIX around a built binary
#   bash editors/dist.sh --universal            # the VSIX without a binary (uses PATH)
# The release workflow (.github/workflows/release.yml) calls the last three. Needs cargo,
# Python 3, and Node with npm (the extension's packages come from its lockfile).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export npm_config_cache="${npm_config_cache:-$root/target/npm-cache}"

# The VS Code platform whose users run a binary of the Rust target (the musl builds are static,
# so one Linux binary serves every distribution, Alpine's `alpine-*` platforms included).
vscode_target() {
  case "$1" in
    x86_64-unknown-linux-musl | x86_64-unknown-linux-gnu) echo linux-x64 ;;
    aarch64-unknown-linux-musl | aarch64-unknown-linux-gnu) echo linux-arm64 ;;
    x86_64-apple-darwin) echo darwin-x64 ;;
    aarch64-apple-darwin) echo darwin-arm64 ;;
    x86_64-pc-windows-msvc | x86_64-pc-windows-gnu) echo win32-x64 ;;
    aarch64-pc-windows-msvc) echo win32-arm64 ;;
    *) echo "dist: no VS Code platform for $1" >&2; return 2 ;;
  esac
}

host_target() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo x86_64-unknown-linux-musl ;;
    Linux-aarch64) echo aarch64-unknown-linux-musl ;;
    Darwin-arm64) echo aarch64-apple-darwin ;;
    Darwin-x86_64) echo x86_64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64) echo x86_64-pc-windows-msvc ;;
    *) echo "dist: no release target for $(uname -s)-$(uname -m)" >&2; return 2 ;;
  esac
}

# vsix VSCODE_TARGET [BINARY]: the VSIX for that platform with BINARY bundled (none: universal).
vsix() {
  local platform=$1 binary=${2:-} out
  rm -rf editors/vscode/bundled
  if [ -n "$binary" ]; then
    mkdir -p editors/vscode/bundled
    case "$platform" in
      win32-*) cp "$binary" editors/vscode/bundled/dockerfile-ls.exe ;;
      *) cp "$binary" editors/vscode/bundled/dockerfile-ls && chmod 755 editors/vscode/bundled/dockerfile-ls ;;
    esac
  fi
  local stamp=editors/vscode/node_modules/.dockerfile-ls-lock
  if ! { [ -f "$stamp" ] && cmp -s editors/vscode/package-lock.json "$stamp"; }; then
    (cd editors/vscode && npm ci --no-audit --no-fund)
    cp editors/vscode/package-lock.json "$stamp"
  fi
  mkdir -p target/dist
  if [ "$platform" = universal ]; then
    out=$root/target/dist/dockerfile-ls-universal.vsix
    (cd editors/vscode && npx vsce package --out "$out")
  else
    out=$root/target/dist/dockerfile-ls-$platform.vsix
    (cd editors/vscode && npx vsce package --target "$platform" --out "$out")
  fi
  echo "dist: target/dist/$(basename "$out")"
}

case "${1:-}" in
  --vsix)
    [ $# -eq 3 ] || { echo "usage: editors/dist.sh --vsix VSCODE_TARGET BINARY" >&2; exit 2; }
    vsix "$2" "$3"
    ;;
  --universal)
    vsix universal
    ;;
  *)
    target=${1:-$(host_target)}
    platform=$(vscode_target "$target")
    command -v rustup >/dev/null 2>&1 && rustup target add "$target" >/dev/null
    python3 server/release/package.py "$target"
    exe=dockerfile-ls
    case "$target" in *windows*) exe=dockerfile-ls.exe ;; esac
    vsix "$platform" "target/$target/release/$exe"
    ;;
esac
