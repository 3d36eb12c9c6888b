#!/usr/bin/env bash
# Builds what we ship, in one step: the release binary and the platform VSIX with that binary
# inside, into target/dist/.
#   bash editors/dist.sh            # for this machine (linux-x64, linux-arm64, darwin-arm64, …)
# Needs cargo, and Node with npm (the extension's packages come from its lockfile).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export npm_config_cache="${npm_config_cache:-$root/target/npm-cache}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64 ;;
  Linux-aarch64) platform=linux-arm64 ;;
  Darwin-arm64) platform=darwin-arm64 ;;
  Darwin-x86_64) platform=darwin-x64 ;;
  *) echo "dist: no VSIX platform for $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac

cargo build --release --locked -p dockerfile-ls
mkdir -p target/dist editors/vscode/bundled
cp target/release/dockerfile-ls "target/dist/dockerfile-ls-$platform"
cp target/release/dockerfile-ls editors/vscode/bundled/dockerfile-ls

stamp=editors/vscode/node_modules/.dockerfile-ls-lock
if ! { [ -f "$stamp" ] && cmp -s editors/vscode/package-lock.json "$stamp"; }; then
  (cd editors/vscode && npm ci --no-audit --no-fund)
  cp editors/vscode/package-lock.json "$stamp"
fi
vsix=$root/target/dist/dockerfile-ls-$platform.vsix
(cd editors/vscode && npx vsce package --target "$platform" --out "$vsix")
echo "dist: target/dist/dockerfile-ls-$platform and $(basename "$vsix")"
