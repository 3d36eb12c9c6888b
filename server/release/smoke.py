#!/usr/bin/env python3
"""Runs a built dockerfile-ls binary the three ways a user does, and fails loudly if one breaks.

    python3 server/release/smoke.py BINARY [--runner CMD] [--expect-version V] [--reference BIN]

1. `--version` names dockerfile-ls, the expected version and a commit;
2. `check --format json examples` finds what the reference binary (the host's own build) finds
   on the repository's examples: a cross-built binary must not analyse differently;
3. an LSP session on stdio: initialize, didOpen of a Dockerfile, its publishDiagnostics (the
   same as the reference binary's), shutdown, exit (status 0).

`--runner` runs the binary under an emulator (`qemu-aarch64`, `wine`). Python's standard library
only: this runs before any venv exists.
"""

import argparse
import json
import os
import pathlib
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fail(msg):
    print(f"smoke: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def run(cmd, timeout=120):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=timeout)


def findings(cmd):
    # Status 1 is "found errors"; 2 and up are failures of the command itself.
    out = run(cmd + ["check", "--format", "json", "examples"])
    if out.returncode not in (0, 1):
        fail(f"check exited {out.returncode}: {out.stderr.decode(errors='replace')[-2000:]}")
    try:
        items = json.loads(out.stdout)
    except ValueError as e:
        fail(f"check printed no JSON ({e}): {out.stdout[:300]!r}")
    # Windows prints its own path separator; the findings are otherwise the same.
    return sorted(
        (f["file"].replace("\\", "/"), f["line"], f["column"], f["rule"]) for f in items
    )


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    if length is None:
        fail("a message without Content-Length")
    return json.loads(stream.read(length))


def lsp_session(cmd, wine=False):
    """The session's serverInfo.version and the (line, code) of each diagnostic."""
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    path = os.path.join(ROOT, "examples", "Dockerfile")
    # Under wine the file is Z:\… (wine maps / to Z:), and a Windows editor sends its URI so.
    uri = "file:///Z:" + pathlib.PurePosixPath(path).as_posix() if wine else pathlib.Path(path).as_uri()
    with open(path, encoding="utf-8") as f:
        text = f.read()

    def send(obj):
        proc.stdin.write(frame(obj))
        proc.stdin.flush()

    def until(pred, what, deadline=60):
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            msg = read_message(proc.stdout)
            if msg is None:
                fail(f"the server closed its output waiting for {what}: "
                     f"{proc.stderr.read().decode(errors='replace')[-2000:]}")
            if pred(msg):
                return msg
        fail(f"no {what} within {deadline} s")

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    init = until(lambda m: m.get("id") == 1, "initialize response")
    info = init.get("result", {}).get("serverInfo", {})
    if info.get("name") != "dockerfile-ls" or "hoverProvider" not in init["result"]["capabilities"]:
        fail(f"initialize answered {json.dumps(init)[:400]}")
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}})
    diags = until(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                  and m["params"]["uri"] == uri, "publishDiagnostics")
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    until(lambda m: m.get("id") == 2, "shutdown response")
    send({"jsonrpc": "2.0", "method": "exit"})
    try:
        status = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("the server did not exit after `exit`")
    if status != 0:
        fail(f"the server exited with {status} after shutdown and exit")
    found = sorted((d["range"]["start"]["line"], d.get("code")) for d in diags["params"]["diagnostics"])
    return info.get("version"), found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--runner", default="", help="emulator command line, e.g. qemu-aarch64")
    ap.add_argument("--expect-version", help="the version --version must name")
    ap.add_argument("--reference", help="a host binary whose `check` findings must be the same")
    a = ap.parse_args()
    cmd = shlex.split(a.runner) + [os.path.abspath(a.binary)]

    started = time.monotonic()
    out = run(cmd + ["--version"])
    line = out.stdout.decode(errors="replace").strip()
    words = line.split(" ", 2)
    if out.returncode != 0 or words[0] != "dockerfile-ls" or len(words) < 3:
        fail(f"--version printed {line!r} (status {out.returncode})")
    if a.expect_version and words[1] != a.expect_version:
        fail(f"--version says {words[1]}, expected {a.expect_version}")

    found = findings(cmd)
    if not found:
        fail("check found nothing in examples/ (they have known findings)")
    if a.reference:
        expected = findings([os.path.abspath(a.reference)])
        if found != expected:
            fail(f"check differs from the reference binary:\n  got {found}\n  expected {expected}")

    version, diags = lsp_session(cmd, wine="wine" in a.runner)
    if not diags:
        fail("the LSP session published no diagnostics for examples/Dockerfile (it has some)")
    if a.reference:
        _, expected = lsp_session([os.path.abspath(a.reference)])
        if diags != expected:
            fail(f"LSP diagnostics differ from the reference binary:\n  got {diags}\n  expected {expected}")
    same = " (same as the host build)" if a.reference else ""
    print(f"smoke: ok: {line}; check: {len(found)} findings{same}; LSP: serverInfo {version}, "
          f"{len(diags)} diagnostics{same}, clean exit; {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
