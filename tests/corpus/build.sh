#!/usr/bin/env bash
# Rebuilds the real-world corpus outside the repository: each Git repository given (a clone or
# a bare mirror) is exported at its HEAD, whole (its Dockerfiles with their real build contexts
# and ignore files, Compose and Bake files), into OUT/<name>/.
#   bash tests/corpus/build.sh OUT REPO...      # e.g. OUT=/tmp/corpus, REPO=path/to/moby.git
# The corpus this project was measured on, and how, is in tests/corpus/README.md.
set -euo pipefail
out=$1
shift
mkdir -p "$out"
for repo in "$@"; do
  name=$(basename "$(dirname "$repo")")
  [ "$(basename "$repo")" = repo ] || name=$(basename "$repo" .git)
  rm -rf "${out:?}/$name"
  mkdir -p "$out/$name"
  # A mirror may lack its largest files: what could be read is kept.
  if git -C "$repo" archive HEAD | tar -x -C "$out/$name" 2>/dev/null; then
    echo "corpus: $name at $(git -C "$repo" rev-parse --short HEAD)"
  else
    echo "corpus: $name at $(git -C "$repo" rev-parse --short HEAD) (incomplete: some files could not be read)"
  fi
done
