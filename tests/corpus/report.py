#!/usr/bin/env python3
"""Per-rule counts of `dockerfile-ls check` findings over a corpus (tests/corpus/build.sh),
for one binary or two (before and after), as a Markdown table.

    python3 tests/corpus/report.py CORPUS BINARY [BINARY_BEFORE] [--sample RULE N]

Files that are broken on purpose (test data of parsers and linters) are left out: paths with
a `testdata`, `testfiles`, `testfiles-negative`, `fixtures` or `test-fixtures` directory; so are templates (paths with
`template`), whose generated Dockerfiles are in the corpus. `--sample RULE N` prints N findings of
RULE (file, line, message) chosen evenly, to judge by reading the files; `--sample error N`
prints error-level findings of any rule; `--save FILE` writes every finding as JSON.
"""
import collections, json, os, subprocess, sys

argv = sys.argv[1:]
sample = None
if "--sample" in argv:
    k = argv.index("--sample")
    sample = (argv[k + 1], int(argv[k + 2]))
    del argv[k:k + 3]
save = None
if "--save" in argv:
    k = argv.index("--save")
    save = argv[k + 1]
    del argv[k:k + 2]
corpus, after = argv[0], argv[1]
before = argv[2] if len(argv) > 2 else None

SKIP = {"testdata", "testfiles", "testfiles-negative", "fixtures", "test-fixtures", "node_modules", ".git"}
# Template sources (dotnet-docker's Cottle templates, docker-library's `.template` files) are
# not Dockerfiles: their generated outputs are in the corpus beside them.
# The same goes for Go templates (`*.tmpl`) and docker-library's jq templates (files that
# open with `{{`, such as mysql's `Dockerfile.oracle`).
def is_template(path):
    if "template" in path.lower() or path.endswith(".tmpl"):
        return True
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(64).lstrip().startswith("{{")
    except OSError:
        return False

def dockerfiles():
    for repo in sorted(os.listdir(corpus)):
        for root, dirs, files in os.walk(os.path.join(corpus, repo)):
            dirs[:] = [d for d in dirs if d not in SKIP]
            for f in files:
                if is_template(os.path.join(root, f)):
                    continue
                if f == "Dockerfile" or f == "Containerfile" or f.startswith("Dockerfile.") and not f.endswith(".dockerignore") or f.endswith(".Dockerfile") or f.endswith(".dockerfile"):
                    yield os.path.join(root, f)
                # Ignore files too: checked against the context they apply to.
                if f.endswith(".dockerignore"):
                    yield os.path.join(root, f)

files = list(dockerfiles())

def run(binary):
    """`check` run from each repository's root, as its CI would run it (so that it reads the
    repository's build files), over that repository's files."""
    binary = os.path.abspath(binary)
    found = []
    by_repo = collections.defaultdict(list)
    for f in files:
        by_repo[os.path.relpath(f, corpus).split(os.sep)[0]].append(f)
    for repo, paths in sorted(by_repo.items()):
        root = os.path.join(corpus, repo)
        rel = [os.path.relpath(p, root) for p in paths]
        for i in range(0, len(rel), 200):
            out = subprocess.run([binary, "check", "--format", "json", "--no-config", *rel[i:i + 200]],
                                 capture_output=True, text=True, cwd=root)
            try:
                for f in json.loads(out.stdout or "[]"):
                    f["file"] = os.path.join(root, f["file"])
                    found.append(f)
            except ValueError:
                pass
    return found

a = run(after)
if save:
    with open(save, "w") as out:
        json.dump(a, out, indent=1)
b = run(before) if before else None
ca = collections.Counter(f["rule"] for f in a)
cb = collections.Counter(f["rule"] for f in b) if b is not None else None
repos = sorted({os.path.relpath(f, corpus).split(os.sep)[0] for f in files})
ignores = sum(1 for f in files if f.endswith(".dockerignore"))
print(f"{len(files) - ignores} Dockerfiles and {ignores} ignore files in {len(repos)} repositories: {', '.join(repos)}\n")
levels = collections.defaultdict(set)
for f in a:
    levels[f["rule"]].add(f["severity"])
level = {r: "/".join(sorted(v)) for r, v in levels.items()}
if cb is None:
    print("| rule | level | findings |\n|---|---|---:|")
    for r, n in ca.most_common():
        print(f"| {r} | {level[r]} | {n} |")
    by_level = collections.Counter(f["severity"] for f in a)
    print(f"| all | | {sum(ca.values())} ({', '.join(f'{n} {l}' for l, n in by_level.most_common())}) |")
else:
    print("| rule | before | after |\n|---|---:|---:|")
    for r in sorted(set(ca) | set(cb), key=lambda r: -max(ca[r], cb[r])):
        print(f"| {r} | {cb[r]} | {ca[r]} |")
    print(f"| all | {sum(cb.values())} | {sum(ca.values())} |")
if sample:
    rule, n = sample
    # `--sample error N`: the findings of error level, whatever their rule.
    hits = [f for f in a if f["rule"] == rule or rule == "error" and f["severity"] == "error"]
    step = max(1, len(hits) // max(1, n))
    print(f"\nsample of {rule} ({len(hits)} findings):")
    for f in hits[::step][:n]:
        print(f"  {os.path.relpath(f['file'], corpus)}:{f['line']}: [{f['rule']}] {f['message']}")
