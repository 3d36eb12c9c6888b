#!/usr/bin/env python3
"""hadolint's rule specs against dockerfile-ls: each ruleCatches / ruleCatchesNot /
onBuildRuleCatches / onBuildRuleCatchesNot assertion of hadolint's test/Hadolint/Rule/DL*Spec.hs
whose code is an alias of one of our rules, with its Dockerfile (a string literal, or
`Text.unlines` of a list; ONBUILD variants wrap each RUN as hadolint's helper does; a snippet
without FROM gets `FROM base`), run through `dockerfile-ls check --select <rule>`.

    python3 tests/peers/hadolint_specs.py BINARY path/to/hadolint/test/Hadolint/Rule [DLxxxx] [-v]

Not part of the test command: it needs a checkout of hadolint/hadolint, which the test machines
cannot download. Where we differ from hadolint on purpose, the rule's page says why.
"""
import json, os, re, subprocess, sys, tempfile, glob, collections

BIN = sys.argv[1]
SPECS = sys.argv[2]
only = sys.argv[3] if len(sys.argv) > 3 else None

rules = json.loads(subprocess.run([BIN, "rules", "--format", "json"], capture_output=True).stdout)
alias = {}
for r in rules:
    for a in r["aliases"]:
        alias[a] = r["id"]

def hs_string(s, i):
    assert s[i] == '"'
    j, out = i + 1, ""
    while s[j] != '"':
        if s[j] == "\\":
            n = s[j + 1]
            if n in " \n\t":  # string gap: \   \
                k = s.index("\\", j + 1)
                j = k + 1
                continue
            out += {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "'": "'"}.get(n, n)
            j += 2
        else:
            out += s[j]
            j += 1
    return out, j + 1

def hs_list(s, i):
    """A list of string literals at s[i] == '['."""
    assert s[i] == "["
    items, j = [], i + 1
    while True:
        while s[j] in " \n\t,":
            j += 1
        if s[j] == "]":
            return items, j + 1
        if s[j] == '"':
            v, j = hs_string(s, j)
            items.append(v)
        else:
            return None, j

cases = []
for path in sorted(glob.glob(os.path.join(SPECS, "DL*Spec.hs"))):
    src = open(path).read()
    lists = {}
    for m in re.finditer(r"let\s+(\w+)\s*=\s*\[", src):
        items, _ = hs_list(src, m.end() - 1)
        if items is not None:
            lists[(m.start(), m.group(1))] = items
    for m in re.finditer(r"\b(onBuildRuleCatchesNot|onBuildRuleCatches|ruleCatchesNot|ruleCatches)\s+\"(\w+)\"\s*", src):
        kind, code = m.group(1), m.group(2)
        rest = src[m.end():]
        text = None
        if rest.startswith('"'):
            text, _ = hs_string(src, m.end())
        else:
            u = re.match(r"\$\s*Text\.unlines\s+(\w+|\[)", rest)
            if u and u.group(1) == "[":
                items, _ = hs_list(src, m.end() + u.end() - 1)
                text = "\n".join(items) + "\n" if items is not None else None
            elif u:
                cands = [(p, v) for (p, n), v in lists.items() if n == u.group(1) and p < m.start()]
                if cands:
                    text = "\n".join(max(cands)[1]) + "\n"
        if text is None:
            continue
        cases.append((os.path.basename(path), kind, code, text))

def run(code, text, onbuild):
    rid = alias.get(code)
    if rid is None:
        return None
    lines = text.split("\n")
    if onbuild:
        lines = [("ONBUILD " + l) if l.lstrip().upper().startswith("RUN") else l for l in lines]
    body = "\n".join(lines)
    if not re.search(r"^\s*FROM\b", body, re.I | re.M):
        body = "FROM base\n" + body
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "Dockerfile")
        open(p, "w").write(body)
        out = subprocess.run([BIN, "check", "--format", "json", "--no-config", "--select", rid, p], capture_output=True, text=True)
        try:
            found = json.loads(out.stdout or "[]")
        except ValueError:
            return "error"
    return sum(1 for f in found if f["rule"] == rid)

per = collections.Counter()
ok = collections.Counter()
fails = []
for spec, kind, code, text in cases:
    if only and code != only:
        continue
    n = run(code, text, kind.startswith("onBuild"))
    if n is None:
        continue
    want_some = not kind.endswith("Not")
    good = (n > 0) if want_some else (n == 0)
    if kind == "onBuildRuleCatches":
        good = n >= 1
    per[code] += 1
    if good:
        ok[code] += 1
    else:
        fails.append((code, kind, text, n))
total, agree = sum(per.values()), sum(ok.values())
for code in sorted(per):
    print(f"{code}: {ok[code]}/{per[code]}")
print(f"{agree} of {total} cases on {len(per)} codes ({100*agree/total:.1f}%)")
if "-v" in sys.argv:
    for code, kind, text, n in fails:
        print(f"--- {code} {kind} (got {n}):\n{text}")
