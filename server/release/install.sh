#!/bin/sh
# Installs the dockerfile-ls release binary for this Linux or macOS machine, after checking the
# archive against its published SHA-256 checksum.
#
#   curl -fsSL https://github.com/dockerfile-ls/dockerfile-ls/releases/latest/download/install.sh | sh
#   sh install.sh [--version X.Y.Z] [--to DIR]
#
# --version  a released version (default: the latest release)
# --to       where the binary goes (default: $DOCKERFILE_LS_INSTALL_DIR, else ~/.local/bin)
# DOCKERFILE_LS_DOWNLOAD_URL replaces the download address (a mirror; the tests serve one).
# POSIX sh, curl or wget, tar, and sha256sum or shasum. Nothing is written outside DIR, and
# nothing at all when the checksum does not match.
set -eu

repo_url="https://github.com/dockerfile-ls/dockerfile-ls"
version=""
dir="${DOCKERFILE_LS_INSTALL_DIR:-$HOME/.local/bin}"

say() { printf 'dockerfile-ls install: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --version) [ $# -ge 2 ] || die "--version needs a value"; version="${2#v}"; shift 2 ;;
    --to) [ $# -ge 2 ] || die "--to needs a directory"; dir="$2"; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0" 2>/dev/null | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done

case "$(uname -s)" in
  Linux) os=unknown-linux-musl ;;
  Darwin) os=apple-darwin ;;
  *) die "no release binary for $(uname -s): on Windows use install.ps1; elsewhere \`cargo install dockerfile-ls\`" ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) die "no release binary for $(uname -m); \`cargo install dockerfile-ls\` builds one" ;;
esac
target="$arch-$os"
archive="dockerfile-ls-$target.tar.gz"

if [ -n "${DOCKERFILE_LS_DOWNLOAD_URL:-}" ]; then
  base="${DOCKERFILE_LS_DOWNLOAD_URL%/}"
elif [ -n "$version" ]; then
  base="$repo_url/releases/download/v$version"
else
  base="$repo_url/releases/latest/download"
fi

fetch() { # URL FILE
  if command -v curl >/dev/null 2>&1; then
    curl --proto '=https,http,file' -fsSL "$1" -o "$2"
  elif command -v wget >/dev/null 2>&1; then
    wget -q "$1" -O "$2"
  else
    die "needs curl or wget"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    die "needs sha256sum or shasum to check the download"
  fi
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT INT TERM

say "downloading $base/$archive"
fetch "$base/$archive" "$tmp/$archive" || die "download failed: $base/$archive"
fetch "$base/$archive.sha256" "$tmp/$archive.sha256" || die "download failed: $base/$archive.sha256"
expected="$(cut -d' ' -f1 < "$tmp/$archive.sha256")"
actual="$(sha256_of "$tmp/$archive")"
[ -n "$expected" ] && [ "$expected" = "$actual" ] ||
  die "checksum mismatch for $archive: expected ${expected:-nothing}, got $actual; nothing was installed"

tar -xzf "$tmp/$archive" -C "$tmp" dockerfile-ls || die "the archive has no dockerfile-ls binary"
"$tmp/dockerfile-ls" --version >/dev/null 2>&1 || die "the downloaded binary does not run on this machine"
mkdir -p "$dir"
# Into place in one rename, so a running server keeps its old file and no half-copied binary
# is ever on PATH.
cp "$tmp/dockerfile-ls" "$dir/.dockerfile-ls.new"
chmod 755 "$dir/.dockerfile-ls.new"
mv -f "$dir/.dockerfile-ls.new" "$dir/dockerfile-ls"
say "installed $("$dir/dockerfile-ls" --version) to $dir/dockerfile-ls"
case ":$PATH:" in
  *":$dir:"*) ;;
  *) say "$dir is not on PATH: add it (e.g. export PATH=\"$dir:\$PATH\" in your shell's profile)" ;;
esac
