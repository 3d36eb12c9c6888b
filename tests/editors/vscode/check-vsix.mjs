// Checks a platform VSIX: manifest fields, target platform, the bundle and the server binary
// (present, executable, runs) and that nothing else slipped in.
//
//   node check-vsix.mjs <extension.vsix> <platform>   (platform `universal`: no binary inside)

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const [vsix, platform] = process.argv.slice(2);
if (!vsix || !platform) fail("usage: node check-vsix.mjs <extension.vsix> <platform|universal>");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dfls-vsix-"));
try {
  execFileSync("unzip", ["-q", vsix, "-d", dir]);
  const files = walk(dir).map((f) => path.relative(dir, f)).sort();
  const universal = platform === "universal";
  const expected = [
    "[Content_Types].xml",
    "extension.vsixmanifest",
    "extension/LICENSE.txt",
    ...(universal ? [] : ["extension/bundled/dockerfile-ls"]),
    "extension/out/main.js",
    "extension/package.json",
    "extension/readme.md",
  ];
  check(JSON.stringify(files) === JSON.stringify(expected), `contents: ${files.join(", ")}`);
  const manifest = fs.readFileSync(path.join(dir, "extension.vsixmanifest"), "utf8");
  if (universal) {
    check(!manifest.includes("TargetPlatform="), "no target platform (universal)");
  } else {
    check(manifest.includes(`TargetPlatform="${platform}"`), `target platform ${platform}`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "extension", "package.json"), "utf8"));
  check(pkg.name === "dockerfile-ls" && pkg.publisher === "dockerfile-ls", "name and publisher");
  check(pkg.main === "./out/main.js", "main is the bundle");
  check(pkg.engines?.vscode === "^1.91.0", `engines.vscode ${pkg.engines?.vscode}`);
  check(
    JSON.stringify(pkg.activationEvents) ===
      JSON.stringify([
        "onLanguage:dockerfile",
        "workspaceContains:**/{compose,docker-compose}*.{yml,yaml}",
        "workspaceContains:**/docker-bake*.{hcl,json}",
        "workspaceContains:**/*.dockerignore",
        "workspaceContains:**/.dockerignore",
      ]),
    "activates on dockerfile, and in workspaces with Compose, Bake or ignore files",
  );
  const lang = pkg.contributes?.languages?.[0];
  check(lang?.id === "dockerfile" && !("grammars" in pkg.contributes), "extends the built-in dockerfile language, no grammar");
  check(lang.filenames.includes("Containerfile") && lang.filenamePatterns.includes("Dockerfile.*"), "file names");
  check(!("dependencies" in pkg) || Object.keys(pkg.dependencies).length > 0, "package.json intact");
  const bundle = fs.statSync(path.join(dir, "extension", "out", "main.js"));
  check(bundle.size > 10_000, `bundle is ${bundle.size} bytes`);
  if (!universal) {
    const bin = path.join(dir, "extension", "bundled", "dockerfile-ls");
    check((fs.statSync(bin).mode & 0o111) === 0o111, "the server binary is executable");
    const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
    check(version.startsWith(`dockerfile-ls ${pkg.version} (`), `the server runs: ${version}`);
  }
  console.log(`vsix: ${vsix} is ${(fs.statSync(vsix).size / 1024 / 1024).toFixed(1)} MiB`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

function walk(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

function check(ok, message) {
  if (!ok) fail(message);
  console.log(`  ok: ${message}`);
}

function fail(message) {
  console.error(`vsix: FAILED: ${message}`);
  process.exit(1);
}
