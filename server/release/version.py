#!/usr/bin/env python3
"""The version being released, checked in every place that states it.

    python3 server/release/version.py                 # check; print `version=X.Y.Z`
    python3 server/release/version.py --tag vX.Y.Z    # also: the tag names that version, and
                                                      # CHANGELOG.md has its section
    python3 server/release/version.py --notes FILE    # write that section (release notes)

The places: the workspace `Cargo.toml`, the VS Code extension's `package.json`, the Zed
extension's `extension.toml` and `Cargo.toml`, the Mason package's source id. They must agree,
or a release would ship an extension that downloads another version's server. Also checked:
the Mason package names exactly the archives of the targets the release workflow builds. The test
command runs the first form; the release workflow the second and third.
"""

import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def toml_version(rel, section):
    """`version = "…"` in the given `[section]` of a TOML file ("" before any table; no TOML
    parser: the standard library has one only from Python 3.11, and these files are ours)."""
    current = ""
    for line in read(rel).splitlines():
        line = line.strip()
        if line.startswith("["):
            current = line.strip("[]").strip()
        elif current == section:
            m = re.fullmatch(r'version\s*=\s*"([^"]+)"', line)
            if m:
                return m.group(1)
    return None


def places():
    mason = re.search(r"id:\s*pkg:github/[^@\s]+@v(\S+)", read("editors/neovim/mason/packages/dockerfile-ls/package.yaml"))
    return {
        "Cargo.toml [workspace.package]": toml_version("Cargo.toml", "workspace.package"),
        "editors/vscode/package.json": json.loads(read("editors/vscode/package.json")).get("version"),
        "editors/zed/extension.toml": toml_version("editors/zed/extension.toml", ""),
        "editors/zed/Cargo.toml": toml_version("editors/zed/Cargo.toml", "package"),
        "editors/neovim/mason/packages/dockerfile-ls/package.yaml": mason.group(1) if mason else None,
    }


def release_targets():
    """The Rust targets the release workflow builds (its matrix's `target:` lines)."""
    return re.findall(r"^\s*- target:\s*(\S+)", read(".github/workflows/release.yml"), re.M)


def check_asset_names():
    """Mason's assets are exactly the archives the workflow's targets produce."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from package import archive_name

    mason = read("editors/neovim/mason/packages/dockerfile-ls/package.yaml")
    files = sorted(re.findall(r"^\s*file:\s*(\S+)", mason, re.M))
    expected = sorted(archive_name(t) for t in release_targets())
    if not expected or files != expected:
        sys.exit(f"version: Mason's assets {files} are not the workflow's archives {expected}")


def changelog_section(version):
    """The text under `## [version]` up to the next `## ` heading, or None."""
    text = read("CHANGELOG.md")
    m = re.search(rf"^## \[{re.escape(version)}\][^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return m.group(1).strip() if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tag")
    ap.add_argument("--notes")
    a = ap.parse_args()

    found = places()
    versions = set(found.values())
    if None in versions or len(versions) != 1:
        listing = "\n".join(f"  {k}: {v}" for k, v in found.items())
        sys.exit(f"version: the places that state the version disagree:\n{listing}")
    (version,) = versions
    check_asset_names()
    if not re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", version):
        sys.exit(f"version: {version} is not a semantic version")
    if a.tag is not None:
        if a.tag != f"v{version}":
            sys.exit(f"version: the tag {a.tag} does not name the version {version} (v{version})")
        if changelog_section(version) is None:
            sys.exit(f"version: CHANGELOG.md has no `## [{version}]` section")
    elif changelog_section("Unreleased") is None and changelog_section(version) is None:
        sys.exit(f"version: CHANGELOG.md has neither `## [Unreleased]` nor `## [{version}]`")
    if a.notes:
        notes = changelog_section(version) or changelog_section("Unreleased") or ""
        with open(a.notes, "w", encoding="utf-8") as f:
            f.write(notes + "\n")
    print(f"version={version}")


if __name__ == "__main__":
    main()
