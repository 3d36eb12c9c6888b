#!/usr/bin/env bash
# The system packages of tests/system-packages.txt: installs the missing ones (as root, with
# apt-get; `apt-get update` only when an install fails), then checks every line again and
# fails naming the one still missing. Without root or apt-get it installs nothing and stops
# with the one command to run.
#   bash tests/system-packages.sh           # install what is missing, then check
#   bash tests/system-packages.sh --check   # only check
# DOCKERFILE_LS_SYSTEM_PACKAGES=skip skips both (a machine that is not Debian, whose owner
# installed the equivalents).
set -euo pipefail
list="$(dirname "$0")/system-packages.txt"
[ "${DOCKERFILE_LS_SYSTEM_PACKAGES:-}" = skip ] && exit 0

have_dpkg=false
command -v dpkg-query >/dev/null 2>&1 && have_dpkg=true

# present PACKAGE [COMMAND]: installed as a Debian package, or COMMAND is on PATH.
present() {
  if [ -n "${2:-}" ] && command -v "$2" >/dev/null 2>&1; then return 0; fi
  $have_dpkg && [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# missing: the packages of the list that are not present, one per line.
missing() {
  local pkg rest cmd
  sed 's/#.*//' "$list" | while read -r pkg rest; do
    [ -n "$pkg" ] || continue
    cmd=${rest#cmd=}
    [ "$cmd" = "$rest" ] && cmd=
    present "$pkg" "$cmd" || echo "$pkg"
  done
}

mapfile -t need < <(missing)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "${1:-}" = --check ]; then
  echo "system packages: missing ${need[*]} (tests/system-packages.txt; bash tests/system-packages.sh installs them)" >&2
  exit 1
fi
if ! $have_dpkg || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages: the tests need ${need[*]} (listed in tests/system-packages.txt), and this" >&2
  echo "script can install them only as root on Debian. Install them, then run the tests again:" >&2
  echo "  sudo apt-get install ${need[*]}" >&2
  echo "(elsewhere install their equivalents and set DOCKERFILE_LS_SYSTEM_PACKAGES=skip)" >&2
  exit 1
fi

note=
[[ " ${need[*]} " == *" chromium "* ]] && note="; chromium and its libraries are 100-200 MB"
echo "== system packages: installing ${need[*]} (apt-get$note)"
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null; }
install || { apt-get update -q >/dev/null && install; } || {
  echo "system packages: apt-get install ${need[*]} failed (its message is above)" >&2
  exit 1
}

mapfile -t still < <(missing)
if [ ${#still[@]} -gt 0 ]; then
  for pkg in "${still[@]}"; do
    echo "system packages: $pkg is still missing after apt-get install (tests/system-packages.txt)" >&2
  done
  exit 1
fi
