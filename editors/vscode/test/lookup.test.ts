import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type LookupDeps,
  type LookupInput,
  candidates,
  expandHome,
  findServer,
  notFoundMessage,
  versionMismatch,
  versionNumber,
} from "../src/lookup";

/** A file system with `files`, where the binaries in `working` print a version. */
function fakeDeps(files: string[], working: string[]): LookupDeps & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    isFile: (p) => files.includes(p),
    version: async (p) => {
      ran.push(p);
      return working.includes(p) ? "dockerfile-ls 0.1.0" : new Error("exec format error");
    },
  };
}

function input(over: Partial<LookupInput> = {}): LookupInput {
  return {
    env: { PATH: "/usr/bin:/opt/bin" },
    extensionDir: "/ext",
    platform: "linux",
    homeDir: "/home/u",
    ...over,
  };
}

test("order: env variable, setting, bundled, PATH", () => {
  const deps = fakeDeps(["/opt/bin/dockerfile-ls"], []);
  const c = candidates(
    input({ env: { PATH: "/usr/bin:/opt/bin", DOCKERFILE_LS_PATH: "/env/dls" }, settingPath: "~/bin/dls" }),
    deps,
  );
  assert.deepEqual(c, [
    { source: "env", path: "/env/dls" },
    { source: "setting", path: "/home/u/bin/dls" },
    { source: "bundled", path: "/ext/bundled/dockerfile-ls" },
    { source: "path", path: "/opt/bin/dockerfile-ls" },
  ]);
});

test("the bundled binary wins over PATH when it runs", async () => {
  const deps = fakeDeps(
    ["/ext/bundled/dockerfile-ls", "/usr/bin/dockerfile-ls"],
    ["/ext/bundled/dockerfile-ls", "/usr/bin/dockerfile-ls"],
  );
  const r = await findServer(input(), deps);
  assert.equal(r.found?.source, "bundled");
  assert.equal(r.found?.version, "dockerfile-ls 0.1.0");
});

test("a bundled binary that does not run falls back to PATH", async () => {
  const deps = fakeDeps(["/ext/bundled/dockerfile-ls", "/usr/bin/dockerfile-ls"], ["/usr/bin/dockerfile-ls"]);
  const r = await findServer(input(), deps);
  assert.equal(r.found?.path, "/usr/bin/dockerfile-ls");
  assert.equal(r.rejected.length, 1);
  assert.match(r.rejected[0]?.reason ?? "", /exec format/);
});

test("a chosen path that does not exist is an error, not a fallback", async () => {
  const deps = fakeDeps(["/usr/bin/dockerfile-ls"], ["/usr/bin/dockerfile-ls"]);
  const r = await findServer(input({ settingPath: "/nope/dockerfile-ls" }), deps);
  assert.equal(r.found, undefined);
  assert.deepEqual(deps.ran, []);
  const msg = notFoundMessage(r);
  assert.match(msg, /setting dockerfile-ls\.server\.path does not point to a working/);
  assert.match(msg, /\/nope\/dockerfile-ls \(no such file\)/);
});

test("a chosen binary that fails --version is an error", async () => {
  const deps = fakeDeps(["/env/dls", "/usr/bin/dockerfile-ls"], ["/usr/bin/dockerfile-ls"]);
  const r = await findServer(input({ env: { PATH: "/usr/bin", DOCKERFILE_LS_PATH: "/env/dls" } }), deps);
  assert.equal(r.found, undefined);
  assert.match(notFoundMessage(r), /DOCKERFILE_LS_PATH/);
});

test("nothing anywhere: says how to install and what was tried", async () => {
  const r = await findServer(input(), fakeDeps([], []));
  assert.equal(r.found, undefined);
  const msg = notFoundMessage(r);
  assert.match(msg, /was not found/);
  assert.match(msg, /cargo install dockerfile-ls/);
  assert.match(msg, /dockerfile-ls\.server\.path/);
});

test("Windows: .exe, ';' separated PATH", () => {
  const deps = fakeDeps(["C:\\tools/dockerfile-ls.exe"], []);
  const c = candidates(input({ platform: "win32", env: { Path: "C:\\x;C:\\tools" } }), deps);
  assert.equal(c.at(-1)?.source, "path");
  assert.match(c[0]?.path ?? "", /dockerfile-ls\.exe$/);
});

test("home expansion", () => {
  assert.equal(expandHome("~", "/h"), "/h");
  assert.equal(expandHome("~/x", "/h"), "/h/x");
  assert.equal(expandHome("/a/~/b", "/h"), "/a/~/b");
});

test("the version number is read from the --version line, commit or not", () => {
  assert.equal(versionNumber("dockerfile-ls 0.1.0"), "0.1.0");
  assert.equal(versionNumber("dockerfile-ls 1.2.3 (0123456789ab 2026-12-07)\n"), "1.2.3");
  assert.equal(versionNumber("hadolint 2.12"), undefined);
});

test("a configured server of another version than the bundled one is warned about", () => {
  const chosen = { source: "setting" as const, path: "/opt/dls", version: "dockerfile-ls 0.1.0 (abc 2026-01-01)" };
  const bundled = { path: "/ext/bundled/dockerfile-ls", version: "dockerfile-ls 0.2.0 (def 2026-12-07)" };
  const m = versionMismatch(chosen, bundled, "0.2.0");
  assert.ok(m?.includes("version 0.1.0"), m);
  assert.ok(m?.includes("bundled with the extension is 0.2.0"), m);
  // Same version (another commit): nothing to say.
  assert.equal(versionMismatch(chosen, { ...bundled, version: "dockerfile-ls 0.1.0" }, "0.2.0"), undefined);
  // The bundled server itself is never compared.
  assert.equal(versionMismatch({ ...bundled, source: "bundled" }, undefined, "9.9.9"), undefined);
});

test("without a bundled server (universal VSIX), PATH's server is compared with the extension", () => {
  const onPath = { source: "path" as const, path: "/usr/bin/dockerfile-ls", version: "dockerfile-ls 0.1.0" };
  assert.ok(versionMismatch(onPath, undefined, "0.2.0")?.includes("the extension is version 0.2.0"));
  assert.equal(versionMismatch(onPath, undefined, "0.1.0"), undefined);
});
