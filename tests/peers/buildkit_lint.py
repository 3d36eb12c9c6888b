#!/usr/bin/env python3
"""BuildKit's lint tests against dockerfile-ls: every `checkLinterWarnings` case of BuildKit's
frontend/dockerfile/dockerfile_check_test.go (its Dockerfile, build arguments and
.dockerignore), run through `dockerfile-ls check`, its findings of BuildKit's checks compared
with the warnings the case expects (rule and line; rule and message for the cases BuildKit
checks across every target, whose lines it does not compare).

    python3 tests/peers/buildkit_lint.py BINARY path/to/dockerfile_check_test.go [-v]

Not part of the test command: it needs a checkout of moby/buildkit, which the test machines
cannot download. `-v` also prints the cases that agree but word a message differently.
"""
import json, os, re, subprocess, sys, tempfile

BIN = sys.argv[1]
SRC = open(sys.argv[2]).read()
VERBOSE = "-v" in sys.argv

rules = json.loads(subprocess.run([BIN, "rules", "--format", "json"], capture_output=True).stdout)
BK = {r["id"] for r in rules if r["buildkit_check"]}

def go_string(s, i):
    """Parses a Go string literal at s[i] (backtick or double quote); returns (value, end)."""
    if s[i] == "`":
        j = s.index("`", i + 1)
        return s[i + 1:j], j + 1
    if s[i] == '"':
        j = i + 1
        out = ""
        while s[j] != '"':
            if s[j] == "\\":
                n = s[j + 1]
                out += {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(n, n)
                j += 2
            else:
                out += s[j]
                j += 1
        return out, j + 1
    raise ValueError(s[i:i + 40])

def expr_value(s, i):
    """The Dockerfile bytes an expression at s[i] gives (Unix variants)."""
    s2 = s[i:]
    m = re.match(r"\[\]byte\(\s*", s2)
    if m:
        return expr_value(s, i + m.end())
    m = re.match(r"integration\.UnixOrWindows\(\s*", s2)
    if m:
        return expr_value(s, i + m.end())
    m = re.match(r"fmt\.Appendf\(nil,\s*", s2)
    if m:
        fmt, end = go_string(s, i + m.end())
        args_m = re.match(r"\s*,\s*([^)]*)\)", s[end:])
        args = [a.strip() for a in args_m.group(1).split(",")] if args_m else []
        vals = []
        for a in args:
            if a.startswith('"'):
                vals.append(go_string(a, 0)[0])
            else:
                vals.append(VARS.get(a, "alpine"))
        out = fmt.replace("%%", "\0")
        for v in vals:
            out = re.sub(r"%[sv]", lambda _: v, out, count=1)
        return out.replace("\0", "%")
    if s2[:1] in "`\"":
        return go_string(s, i)[0]
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)", s2)
    if m and m.group(1) in VARS:
        return VARS[m.group(1)]
    return None

VARS = {}
cases = []
pos = 0
assign = re.compile(r"\b(dockerfile|dockerignore|baseImg|dockerfile2)\s*:?=\s*")
call = re.compile(r"checkLinterWarnings\(t, sb, &lintTestParams\{")
i = 0
while True:
    a = assign.search(SRC, i)
    c = call.search(SRC, i)
    if not c:
        break
    if a and a.start() < c.start():
        v = expr_value(SRC, a.end())
        if v is not None:
            VARS[a.group(1)] = v
        i = a.end()
        continue
    # the params block: up to the matching brace
    depth, j = 1, c.end()
    while depth:
        ch = SRC[j]
        if ch == "`":
            j = SRC.index("`", j + 1)
        elif ch == '"':
            _, j = go_string(SRC, j)
            continue
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        j += 1
    block = SRC[c.end():j - 1]
    func = re.findall(r"^func (test\w+)", SRC[:c.start()], re.M)[-1]
    m = re.search(r"Dockerfile:\s*", block)
    df = None
    if m:
        df = expr_value(block, m.end())
    ign = None
    m = re.search(r"DockerIgnore:\s*", block)
    if m:
        ign = expr_value(block, m.end())
    # BuildKit checks the warnings of a build of the target (progress) and of every target
    # (unmarshal, line not compared); `check` lints every stage, so the second set is ours.
    unmarshal = False
    um = re.search(r"UnmarshalWarnings:", block)
    if um:
        unmarshal = True
        block = block[um.end():]
    warnings = []
    for w in re.finditer(r"makeLintWarning\(\"(\w+)\", (\d+)\)", block):
        warnings.append(("MultipleInstructionsDisallowed", int(w.group(2)), None))
    for w in re.finditer(r"\{\s*RuleName:\s*\"(\w+)\".*?Line:\s*(\d+)", block, re.S):
        body = w.group(0)
        dm = re.search(r"Detail:\s*", body)
        detail = None
        if dm:
            try:
                detail = expr_value(body, dm.end())
            except Exception:
                detail = None
        warnings.append((w.group(1), int(w.group(2)), detail))
    args = dict(re.findall(r"\"build-arg:(\w+)\":\s*\"([^\"]*)\"", block))
    target = re.search(r"\"target\":\s*\"([^\"]*)\"", block)
    cases.append((func, df, ign, sorted(warnings, key=lambda w: (w[1], w[0])), args, target.group(1) if target else None, unmarshal))
    i = j

agree = 0
total = 0
for func, df, ign, warnings, args, target, unmarshal in cases:
    if df is None:
        print(f"?? {func}: Dockerfile not parsed")
        continue
    total += 1
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "Dockerfile"), "w").write(df)
        if ign is not None:
            open(os.path.join(d, ".dockerignore"), "w").write(ign)
        cmd = [BIN, "check", "--format", "json", "--no-config"]
        for k, v in args.items():
            cmd += ["--build-arg", f"{k}={v}"]
        cmd.append(os.path.join(d, "Dockerfile"))
        out = subprocess.run(cmd, capture_output=True, text=True)
        got = sorted(((f["rule"], f["line"], f["message"]) for f in json.loads(out.stdout or "[]") if f["rule"] in BK), key=lambda w: (w[1], w[0]))
    if unmarshal:
        want_rl = sorted((w[0], w[2]) for w in warnings)
        got_rl = sorted((g[0], g[2]) for g in got)
    else:
        want_rl = sorted((w[0], w[1]) for w in warnings)
        got_rl = sorted((g[0], g[1]) for g in got)
    ok = want_rl == got_rl
    detail_diff = [(w, g) for w, g in zip(warnings, got) if ok and w[2] is not None and w[2] != g[2]]
    if ok:
        agree += 1
    if not ok or (VERBOSE and detail_diff):
        print(f"{'OK ' if ok else 'XX '}{func}{' (target '+target+')' if target else ''}{' args '+str(args) if args else ''}")
        if not ok:
            print("   want:", want_rl)
            print("   got: ", got_rl)
        for w, g in detail_diff:
            print(f"   detail: want {w[2]!r}\n           got  {g[2]!r}")
print(f"{agree} of {total} cases agree (rule and line of BuildKit's checks)")
