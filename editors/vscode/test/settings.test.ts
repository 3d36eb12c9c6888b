import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { registry, syncedManifest } from "../scripts/sync-settings";
import { launchSettings, ruleIdsOf, serverEnv, serverSettings } from "../src/settings";

test("server settings drop 'default' rule levels and bad indents", () => {
  const s = serverSettings({
    rules: { RootUser: "off", StageNameCasing: "default", DL3008: "warning", Bad: 3 },
    format: { indent: 2 },
    secrets: { allow: ["GPG_KEY", 3] },
    server: { path: "/x" },
  });
  assert.deepEqual(s, {
    rules: { RootUser: "off", DL3008: "warning" },
    secrets: { allow: ["GPG_KEY"] },
    format: { indent: 2 },
  });
  assert.deepEqual(serverSettings({ format: { indent: -1 } }).format, { indent: null });
  assert.deepEqual(serverSettings({ format: { indent: 2.5 } }).format, { indent: null });
  assert.deepEqual(serverSettings(undefined), {
    rules: {},
    secrets: { allow: [] },
    format: { indent: null },
  });
});

test("launch settings", () => {
  const values: Record<string, unknown> = {
    "server.path": "  ",
    "server.extraArgs": ["--stdio", 3],
    logLevel: "loud",
  };
  assert.deepEqual(
    launchSettings((k) => values[k]),
    { serverPath: undefined, extraArgs: ["--stdio"], logLevel: "warn" },
  );
});

test("RUST_LOG from the log level, unless the user set it", () => {
  assert.equal(serverEnv("debug", { HOME: "/h" }).RUST_LOG, "warn,dockerfile_ls=debug,dockerfile_analysis=debug");
  assert.equal(serverEnv("off", {}).RUST_LOG, "off");
  assert.equal(serverEnv("debug", { RUST_LOG: "trace" }).RUST_LOG, "trace");
  assert.equal(serverEnv("info", { HOME: "/h" }).HOME, "/h");
});

test("rule ids of diagnostics: ours only, once each", () => {
  assert.deepEqual(
    ruleIdsOf([
      { source: "dockerfile-ls", code: "RootUser" },
      { source: "other", code: "X" },
      { source: "dockerfile-ls", code: { value: "StageNameCasing" } },
      { source: "dockerfile-ls", code: "RootUser" },
    ]),
    ["RootUser", "StageNameCasing"],
  );
});

test("package.json has one setting per rule of the server's registry (npm run sync-settings)", () => {
  const manifestPath = path.resolve(__dirname, "..", "package.json");
  const manifest = fs.readFileSync(manifestPath, "utf8");
  const rules = registry();
  assert.ok(rules.length >= 50, `registry has ${rules.length} rules`);
  assert.equal(
    syncedManifest(manifest, rules),
    manifest,
    "the rule settings in package.json are stale: run `npm run sync-settings`",
  );
  const pkg = JSON.parse(manifest);
  const ruleKeys = Object.keys(pkg.contributes.configuration.properties).filter((k) =>
    k.startsWith("dockerfile-ls.rules."),
  );
  assert.equal(ruleKeys.length, rules.length);
});
