#!/usr/bin/env python3
"""Builds the release archive of dockerfile-ls for one target, with its SHA-256 checksum.

    python3 server/release/package.py TARGET [--out DIR] [--binary PATH]

Builds `cargo build --release --locked -p dockerfile-ls --target TARGET` (unless `--binary`
gives an already built one), then writes into DIR (default `target/dist`):

    dockerfile-ls-TARGET.tar.gz       (`.zip` for Windows targets): the binary, LICENSE,
                                      README.md, CHANGELOG.md, at the archive's top level
    dockerfile-ls-TARGET.tar.gz.sha256  `<hex>  <file name>`, as `sha256sum` writes it
    dockerfile-ls-OS-ARCH[.exe]       the bare binary (and its .sha256), for editors' downloads

The archive names carry no version, so that `releases/latest/download/<name>` always names
the newest one (the installers, Mason and Zed use those addresses). Python's standard library
only, so that the same script runs on the Linux, macOS and Windows runners of the release
workflow and in the test command here.
"""

import argparse
import gzip
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCS = ["LICENSE", "README.md", "CHANGELOG.md"]

# Cross C compilers for the grammars' and jemalloc's C code when the host is not the target
# (Debian's packages; tests/system-packages.txt). Native builds need none.
CROSS_CC = {
    "aarch64-unknown-linux-musl": "aarch64-linux-gnu-gcc",
}


def binary_name(target):
    """`dockerfile-ls-{os}-{arch}[.exe]`: the bare binary, which editors' download code (the
    Zed extension) fetches by OS and architecture and checks against its `.sha256`."""
    arch = target.split("-")[0]
    os_name = "windows" if "windows" in target else "macos" if "apple" in target else "linux"
    return f"dockerfile-ls-{os_name}-{arch}{'.exe' if os_name == 'windows' else ''}"


def archive_name(target):
    return f"dockerfile-ls-{target}.{'zip' if 'windows' in target else 'tar.gz'}"


def build(target):
    env = dict(os.environ)
    cc = CROSS_CC.get(target)
    host = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout
    if cc and f"host: {target}" not in host and shutil.which(cc):
        env.setdefault("CC_" + target.replace("-", "_"), cc)
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "-p", "dockerfile-ls", "--target", target],
        cwd=ROOT, env=env, check=True,
    )
    exe = "dockerfile-ls.exe" if "windows" in target else "dockerfile-ls"
    return os.path.join(ROOT, "target", target, "release", exe)


def write_archive(path, target, binary):
    """The archive, byte-for-byte the same for the same inputs (fixed times and owners)."""
    exe = "dockerfile-ls.exe" if "windows" in target else "dockerfile-ls"
    members = [(exe, binary, 0o755)] + [(d, os.path.join(ROOT, d), 0o644) for d in DOCS]
    epoch = 315532800  # 1980-01-01, the earliest time a zip file can hold
    if path.endswith(".zip"):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, src, mode in members:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = (0o100000 | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(src, "rb") as f:
                    z.writestr(info, f.read())
        return
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, src, mode in members:
            info = tarfile.TarInfo(name)
            info.size = os.path.getsize(src)
            info.mode = mode
            info.mtime = epoch
            info.uname = info.gname = ""
            with open(src, "rb") as f:
                t.addfile(info, f)
    with open(path, "wb") as out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=epoch) as g:
            g.write(raw.getvalue())


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("target")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "dist"))
    ap.add_argument("--binary", help="an already built binary for TARGET (skips the build)")
    a = ap.parse_args()
    binary = a.binary or build(a.target)
    if not os.path.isfile(binary):
        sys.exit(f"package: no binary at {binary}")
    for d in DOCS:
        if not os.path.isfile(os.path.join(ROOT, d)):
            sys.exit(f"package: {d} is missing at the repository's root")
    os.makedirs(a.out, exist_ok=True)
    archive = os.path.join(a.out, archive_name(a.target))
    write_archive(archive, a.target, binary)
    bare = os.path.join(a.out, binary_name(a.target))
    shutil.copyfile(binary, bare)
    os.chmod(bare, 0o755)
    for path in (archive, bare):
        digest = sha256(path)
        with open(path + ".sha256", "w", encoding="ascii", newline="\n") as f:
            f.write(f"{digest}  {os.path.basename(path)}\n")
        print(f"package: {os.path.relpath(path, ROOT)} ({os.path.getsize(path):,} bytes) "
              f"sha256 {digest}")


if __name__ == "__main__":
    main()
