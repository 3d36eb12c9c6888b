// The VS Code extension inside a real VS Code: code-server (VS Code in the browser) with the
// packaged VSIX installed, driven by Debian's chromium through playwright-core.
//
//   node test.mjs <extension.vsix>
//
// Asserts: the server's diagnostics of the fixture reach the extension (it logs them to the
// file in DOCKERFILE_LS_VSCODE_TEST_LOG) and the status bar counts them; hover shows the
// instruction's docs; the `--from=0` quick fix rewrites the text; a compose file's misspelt
// target is reported with the stage it means; the `.dockerignore` is checked against its
// walked context. Everything lives under
// target/editor-tests/vscode; nothing outside is touched.

import { spawn, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..");
const vsix = path.resolve(process.argv[2] ?? "");
if (!fs.existsSync(vsix)) fail(`usage: node test.mjs <extension.vsix> (got ${vsix})`);

const work = path.join(root, "target", "editor-tests", "vscode");
fs.rmSync(work, { recursive: true, force: true });
const userData = path.join(work, "user-data");
const extensions = path.join(work, "extensions");
const workspace = path.join(work, "workspace");
const testLog = path.join(work, "client-events.jsonl");
fs.mkdirSync(path.join(userData, "User"), { recursive: true });
fs.cpSync(path.join(root, "tests", "editors", "fixtures", "workspace"), workspace, { recursive: true });
fs.writeFileSync(
  path.join(userData, "User", "settings.json"),
  JSON.stringify({
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "security.workspace.trust.enabled": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "chat.disableAIFeatures": true,
    "editor.hover.delay": 100,
  }),
);

const codeServer = path.join(here, "node_modules", ".bin", "code-server");
const env = {
  ...process.env,
  XDG_CONFIG_HOME: path.join(work, "config"),
  XDG_DATA_HOME: path.join(work, "data"),
  DOCKERFILE_LS_VSCODE_TEST_LOG: testLog,
};
const common = ["--user-data-dir", userData, "--extensions-dir", extensions];

step("install the VSIX");
execFileSync(codeServer, [...common, "--install-extension", vsix], { env, stdio: "inherit" });

const port = await freePort();
step(`start code-server on 127.0.0.1:${port}`);
const server = spawn(
  codeServer,
  [
    ...common,
    "--auth", "none",
    "--bind-addr", `127.0.0.1:${port}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    workspace,
  ],
  { env, stdio: ["ignore", "pipe", "pipe"] },
);
let serverLog = "";
server.stdout.on("data", (d) => (serverLog += d));
server.stderr.on("data", (d) => (serverLog += d));

let browser;
let page;
try {
  await waitFor("code-server to listen", () => serverLog.includes("HTTP server listening"), 60_000);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const file = path.join(workspace, "Dockerfile");
  const payload = JSON.stringify([["openFile", `vscode-remote://127.0.0.1:${port}${file}`]]);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  step("open the fixture");
  await page.goto(url);
  await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
  await page.waitForSelector(".monaco-editor .view-lines", { timeout: 60_000 });

  step("diagnostics reach the extension");
  const diags = await waitFor(
    "diagnostics of the Dockerfile",
    () => {
      const events = readEvents().filter((e) => e.event === "diagnostics" && e.uri.endsWith("/Dockerfile"));
      const last = events.at(-1);
      return last && last.diagnostics.length > 0 ? last.diagnostics : undefined;
    },
    60_000,
  );
  const codes = diags.map((d) => `${d.code}@${d.line}`).sort();
  expect(
    JSON.stringify(codes) === JSON.stringify(["NumericStageReference@6", "SecretsUsedInArgOrEnv@7"]),
    `diagnostics: ${JSON.stringify(codes)}`,
  );
  expect(diags.every((d) => d.source === "dockerfile-ls"), "every diagnostic's source is dockerfile-ls");
  const started = readEvents().find((e) => e.event === "started");
  expect(started && /^dockerfile-ls \d/.test(started.version), `the bundled server ran: ${JSON.stringify(started)}`);

  step("the status bar counts them");
  const problems = page.locator("#status\\.problems");
  let label = "";
  await waitFor(
    "2 warnings in the status bar",
    async () => {
      label = (await problems.getAttribute("aria-label")) ?? "";
      // e.g. "Warnings: 2" (VS Code 1.139 leaves out a zero count).
      return /Warnings: 2\b/i.test(label) && !/Errors: [1-9]/i.test(label);
    },
    30_000,
  ).catch((e) => {
    throw new Error(`${e.message} (status bar: ${JSON.stringify(label)})`);
  });
  expect(true, `status bar: ${label}`);

  step("hover shows the docs");
  await goTo(page, 2, 2); // WORKDIR
  await runCommand(page, "Show or Focus Hover");
  const hover = page.locator(".monaco-hover-content").filter({ hasText: "WORKDIR" }).first();
  await hover.waitFor({ state: "visible", timeout: 20_000 });
  const hoverText = await hover.innerText();
  expect(/working directory/i.test(hoverText), `hover text: ${hoverText.slice(0, 200)}`);
  await page.keyboard.press("Escape");

  step("the --from=0 quick fix");
  await goTo(page, 7, 13);
  await runCommand(page, "Quick Fix...");
  const item = page.locator(".action-widget .monaco-list-row").filter({ hasText: "builder" }).first();
  await item.waitFor({ state: "visible", timeout: 20_000 });
  await item.click();
  await runCommand(page, "File: Save");
  await waitFor(
    "the fix on disk",
    () => fs.readFileSync(file, "utf8").includes("COPY --from=builder /out/app /app"),
    20_000,
  );

  step("a compose file's target is checked against the Dockerfile");
  await page.keyboard.press("Control+p");
  const quickOpen = page.locator(".quick-input-widget input");
  await quickOpen.waitFor({ state: "visible", timeout: 10_000 });
  await quickOpen.fill("compose.yaml");
  await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: "compose.yaml" }).first().waitFor({ state: "visible", timeout: 10_000 });
  await page.keyboard.press("Enter");
  const composeDiags = await waitFor(
    "diagnostics of compose.yaml",
    () => {
      const events = readEvents().filter((e) => e.event === "diagnostics" && e.uri.endsWith("/compose.yaml"));
      const last = events.at(-1);
      return last && last.diagnostics.length > 0 ? last.diagnostics : undefined;
    },
    60_000,
  );
  const target = composeDiags.find((d) => d.code === "UnknownBuildTarget");
  expect(
    target && target.line === 4 && target.message.includes("did you mean `builder`"),
    `compose diagnostics: ${JSON.stringify(composeDiags)}`,
  );

  step("the .dockerignore is checked against its build context");
  await page.keyboard.press("Control+p");
  await quickOpen.waitFor({ state: "visible", timeout: 10_000 });
  await quickOpen.fill(".dockerignore");
  await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: ".dockerignore" }).first().waitFor({ state: "visible", timeout: 10_000 });
  await page.keyboard.press("Enter");
  const ignoreDiags = await waitFor(
    "diagnostics of .dockerignore that know the context",
    () => {
      const events = readEvents().filter((e) => e.event === "diagnostics" && e.uri.endsWith("/.dockerignore"));
      const last = events.at(-1);
      return last && last.diagnostics.some((d) => d.code === "IgnorePatternMatchesNothing") ? last.diagnostics : undefined;
    },
    60_000,
  );
  expect(
    ignoreDiags.every((d) => d.source === "dockerfile-ls"),
    `.dockerignore diagnostics: ${JSON.stringify(ignoreDiags)}`,
  );
  step("ok");
} catch (e) {
  if (page) {
    const shot = path.join(work, "failure.png");
    await page.screenshot({ path: shot }).catch(() => {});
    console.error(`screenshot: ${shot}`);
  }
  console.error(`code-server log:\n${serverLog.slice(-4000)}`);
  console.error(`client events:\n${fs.existsSync(testLog) ? fs.readFileSync(testLog, "utf8").slice(-4000) : "(none)"}`);
  fail(e instanceof Error ? e.stack ?? e.message : String(e));
} finally {
  await browser?.close().catch(() => {});
  server.kill("SIGTERM");
}
process.exit(0);

function readEvents() {
  if (!fs.existsSync(testLog)) return [];
  return fs
    .readFileSync(testLog, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
}

async function goTo(page, line, column) {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+g");
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
}

async function runCommand(page, name) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(`>${name}`);
  const row = page.locator(".quick-input-list .monaco-list-row").filter({ hasText: name }).first();
  await row.waitFor({ state: "visible", timeout: 10_000 });
  await page.keyboard.press("Enter");
}

async function waitFor(what, probe, ms) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

function expect(ok, message) {
  if (!ok) throw new Error(`expectation failed: ${message}`);
  console.log(`  ok: ${message}`);
}

function step(s) {
  console.log(`vscode: ${s}`);
}

function fail(message) {
  console.error(`vscode: FAILED: ${message}`);
  process.exit(1);
}
