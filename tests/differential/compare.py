#!/usr/bin/env python3
"""Differential test: our instruction model against BuildKit's own Dockerfile parser.

The PyPI package `dockerfile` wraps BuildKit's Go parser. For every fixture under
tests/fixtures/valid and tests/fixtures/grammar-gaps (all accepted by BuildKit), the
instructions `dockerfile-ls syntax --format json` prints must equal BuildKit's, field by field:
keyword, start and end line, flags, value, JSON form, heredocs and the ONBUILD trigger. Every
fixture under tests/fixtures/invalid must be rejected by us (exit status 1).

Usage: compare.py PATH/TO/dockerfile-ls [FIXTURES_DIR]
Prints one line per mismatch and a closing "N passed, M failed" line; exits 1 on any mismatch.
"""
import json
import pathlib
import subprocess
import sys

import dockerfile


def buildkit(path):
    out = []
    for c in dockerfile.parse_file(str(path)):
        out.append({
            "instruction": c.cmd.upper(),
            "sub_instruction": c.sub_cmd.upper() if c.sub_cmd else None,
            "start_line": c.start_line,
            "end_line": c.end_line,
            "flags": list(c.flags),
            "value": list(c.value),
            "json": c.json,
            "heredocs": [{"name": h.name, "content": h.content} for h in c.heredocs],
        })
    return out


def ours(binary, path):
    p = subprocess.run([binary, "syntax", "--format", "json", str(path)], capture_output=True, text=True)
    return p.returncode, (json.loads(p.stdout) if p.stdout.strip() else []), p.stderr


def main():
    binary = sys.argv[1]
    root = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else pathlib.Path(__file__).parent.parent / "fixtures")
    passed = failed = 0
    valid = sorted(list((root / "valid").rglob("*.Dockerfile")) + list((root / "grammar-gaps").glob("*.Dockerfile")))
    for path in valid:
        name = path.relative_to(root)
        try:
            expected = buildkit(path)
        except Exception as e:  # noqa: BLE001 - any parser error means the fixture is not valid
            print(f"FAIL {name}: BuildKit rejects this 'valid' fixture: {e}")
            failed += 1
            continue
        code, got, err = ours(binary, path)
        problems = []
        if code != 0:
            problems.append(f"we report errors where BuildKit accepts: {err.strip()}")
        for i, (e, g) in enumerate(zip(expected, got)):
            if e["instruction"] == "" or e["instruction"] not in KNOWN:
                # BuildKit's parser keeps unknown words; the build rejects them later.
                continue
            for k in e:
                if e[k] != g.get(k):
                    problems.append(f"instruction {i + 1} ({e['instruction']} line {e['start_line']}): {k}: BuildKit {e[k]!r}, ours {g.get(k)!r}")
        if len(expected) != len(got):
            problems.append(f"{len(expected)} instructions in BuildKit, {len(got)} in ours")
        if problems:
            failed += 1
            for p in problems:
                print(f"FAIL {name}: {p}")
        else:
            passed += 1
    for path in sorted((root / "invalid").rglob("*.Dockerfile")):
        code, _, err = ours(binary, path)
        if code == 1 and err.strip():
            passed += 1
        else:
            failed += 1
            print(f"FAIL {path.relative_to(root)}: expected errors, got exit {code}")
    print(f"differential: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


KNOWN = {"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
         "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"}

if __name__ == "__main__":
    main()
