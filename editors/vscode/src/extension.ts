// The VS Code client of dockerfile-ls: finds the binary, starts it on stdio for the built-in
// `dockerfile` language, passes the settings, and adds the commands (restart, show output,
// open a rule's docs, show the stage graph).

import * as cp from "node:child_process";
import * as fs from "node:fs";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  type Executable,
  type LanguageClientOptions,
  LanguageClient,
  type StaticFeature,
} from "vscode-languageclient/node";
import {
  bundledPath,
  defaultInput,
  findServer,
  nodeDeps,
  notFoundMessage,
  versionMismatch,
} from "./lookup";
import { LAUNCH_KEYS, launchSettings, ruleIdsOf, serverEnv, serverSettings } from "./settings";

const SECTION = "dockerfile-ls";

let client: LanguageClient | undefined;
let serverPath: string | undefined;
let output: vscode.LogOutputChannel;
let extensionDir: string;
let extensionVersion: string;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionDir = context.extensionPath;
  extensionVersion = String(context.extension.packageJSON?.version ?? "");
  output = vscode.window.createOutputChannel("Dockerfile LS", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("dockerfile-ls.restart", restart),
    vscode.commands.registerCommand("dockerfile-ls.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("dockerfile-ls.openRuleDocs", openRuleDocs),
    vscode.commands.registerCommand("dockerfile-ls.showStageGraph", showStageGraph),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (LAUNCH_KEYS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) {
        await restart();
      } else if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [SECTION]: currentServerSettings() },
        });
      }
    }),
    { dispose: () => void client?.stop() },
  );
  if (process.env.DOCKERFILE_LS_VSCODE_TEST_LOG) {
    // What the editor shows, however it got it (pulled or pushed).
    context.subscriptions.push(
      vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) {
          const diagnostics = vscode.languages
            .getDiagnostics(uri)
            .filter((d) => d.source === "dockerfile-ls");
          recordForTests({
            event: "diagnostics",
            uri: uri.toString(),
            diagnostics: diagnostics.map((d) => ({
              code: typeof d.code === "object" ? d.code.value : d.code,
              source: d.source,
              line: d.range.start.line,
              message: d.message,
            })),
          });
        }
      }),
    );
  }
  await restart();
}

/** The Compose and Bake files the server checks (it decides by file name). */
export const BUILD_FILE_PATTERNS = [
  "**/{compose,docker-compose}.{yml,yaml}",
  "**/{compose,docker-compose}.*.{yml,yaml}",
  "**/docker-bake*.{hcl,json}",
];

/** `.dockerignore` and a Dockerfile's own `<name>.dockerignore`. */
export const IGNORE_FILE_PATTERNS = ["**/.dockerignore", "**/*.dockerignore"];

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function currentServerSettings() {
  return serverSettings(vscode.workspace.getConfiguration().get(SECTION));
}

async function restart(): Promise<void> {
  if (client) {
    const old = client;
    client = undefined;
    try {
      await old.stop();
    } catch (e) {
      output.warn(`stopping the server: ${String(e)}`);
    }
  }
  const config = vscode.workspace.getConfiguration(SECTION);
  const launch = launchSettings((k) => config.get(k));
  const result = await findServer(defaultInput(launch.serverPath, extensionDir), nodeDeps);
  if (!result.found) {
    serverPath = undefined;
    const message = notFoundMessage(result);
    output.error(message);
    const choice = await vscode.window.showErrorMessage(message, "Open Settings", "Show Output");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.server.path`);
    } else if (choice === "Show Output") {
      output.show(true);
    }
    return;
  }
  const found = result.found;
  serverPath = found.path;
  output.info(`using ${found.version} at ${found.path} (${found.source})`);
  for (const r of result.rejected) output.warn(`skipped ${r.path}: ${r.reason}`);
  const lookupInput = defaultInput(launch.serverPath, extensionDir);
  const bundled = bundledPath(lookupInput);
  const bundledVersion =
    found.source !== "bundled" && nodeDeps.isFile(bundled) ? await nodeDeps.version(bundled) : undefined;
  const mismatch = versionMismatch(
    found,
    typeof bundledVersion === "string" ? { path: bundled, version: bundledVersion } : undefined,
    extensionVersion,
  );
  if (mismatch) {
    output.warn(mismatch);
    void vscode.window.showWarningMessage(mismatch);
  }

  const exe: Executable = {
    command: found.path,
    args: launch.extraArgs,
    options: { env: serverEnv(launch.logLevel, process.env) },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "dockerfile" },
      { scheme: "untitled", language: "dockerfile" },
      // Compose and Bake files, whatever language another extension gives them: the server
      // checks their targets, arguments and secrets against the Dockerfiles they build.
      ...BUILD_FILE_PATTERNS.map((pattern) => ({ scheme: "file", pattern })),
      // Ignore files (VS Code gives them the `ignore` language): checked against the build
      // context they apply to and the Dockerfiles built with it.
      ...IGNORE_FILE_PATTERNS.map((pattern) => ({ scheme: "file", pattern })),
    ],
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: currentServerSettings(),
    middleware: {
      workspace: {
        // The server pulls its section; hand it over in the server's shape.
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) return answer;
          return params.items.map((item, i) =>
            item.section === SECTION ? serverSettings(answer[i]) : answer[i],
          );
        },
      },
    },
  };
  const c = new LanguageClient(SECTION, "Dockerfile LS", { run: exe, debug: exe }, clientOptions);
  c.registerFeature(stageGraphFeature);
  client = c;
  try {
    await c.start();
    recordForTests({ event: "started", version: found.version });
  } catch (e) {
    const message = `dockerfile-ls did not start: ${String(e)}`;
    output.error(message);
    void vscode.window.showErrorMessage(message, "Show Output").then((choice) => {
      if (choice) output.show(true);
    });
  }
}

/** Tells the server that this client runs `dockerfile-ls.showStageGraph` (code lens). */
const stageGraphFeature: StaticFeature = {
  fillClientCapabilities(capabilities) {
    capabilities.experimental = {
      ...(capabilities.experimental ?? {}),
      dockerfileLs: { stageGraphCommand: true },
    };
  },
  initialize() {},
  getState() {
    return { kind: "static" };
  },
  clear() {},
};

/** Opens the documentation of a rule: the one given, or of a diagnostic under the cursor. */
async function openRuleDocs(ruleId?: unknown): Promise<void> {
  let id = typeof ruleId === "string" ? ruleId : undefined;
  if (!id) {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const all = vscode.languages.getDiagnostics(editor.document.uri);
    const pos = editor.selection.active;
    let here = all.filter((d) => d.range.contains(pos));
    if (here.length === 0) here = all.filter((d) => d.range.start.line === pos.line);
    const ids = ruleIdsOf(here);
    if (ids.length === 0) {
      void vscode.window.showInformationMessage("No dockerfile-ls diagnostic under the cursor.");
      return;
    }
    id = ids.length === 1 ? ids[0] : await vscode.window.showQuickPick(ids, { title: "Rule" });
    if (!id) return;
  }
  if (!serverPath) {
    void vscode.window.showErrorMessage("dockerfile-ls is not running.");
    return;
  }
  const path = serverPath;
  const docs = await new Promise<string | Error>((resolve) => {
    cp.execFile(path, ["rules", id], { timeout: 5000 }, (err, stdout, stderr) =>
      resolve(err ? new Error(stderr.trim() || err.message) : stdout),
    );
  });
  if (docs instanceof Error) {
    void vscode.window.showErrorMessage(docs.message);
    return;
  }
  const doc = await vscode.workspace.openTextDocument({ language: "markdown", content: docs });
  await vscode.commands.executeCommand("markdown.showPreview", doc.uri);
}

/** Shows the stage graph of a build targeting `target` (default: the last stage). */
async function showStageGraph(uri?: unknown, target?: unknown): Promise<void> {
  const docUri =
    typeof uri === "string" ? uri : vscode.window.activeTextEditor?.document.uri.toString();
  if (!client?.isRunning() || !docUri) return;
  let answer: { svg?: string } | null;
  try {
    answer = await client.sendRequest("dockerfile-ls/stageGraph", {
      textDocument: { uri: docUri },
      target: typeof target === "string" ? target : null,
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`Stage graph: ${String(e)}`);
    return;
  }
  if (!answer?.svg) return;
  const title = `Stages${typeof target === "string" ? ` → ${target}` : ""}`;
  const panel = vscode.window.createWebviewPanel("dockerfile-ls.stageGraph", title, {
    viewColumn: vscode.ViewColumn.Beside,
    preserveFocus: true,
  });
  // An <img> of the SVG: nothing in the picture can run, and no script is allowed at all.
  const data = Buffer.from(answer.svg, "utf8").toString("base64");
  panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline';">
<style>body { background: #fff; margin: 0; padding: 1em; } img { max-width: 100%; }</style>
</head><body><img alt="stage graph" src="data:image/svg+xml;base64,${data}"></body></html>`;
}

/** With DOCKERFILE_LS_VSCODE_TEST_LOG set, appends what the client saw to that file (JSON lines). */
function recordForTests(event: object): void {
  const file = process.env.DOCKERFILE_LS_VSCODE_TEST_LOG;
  if (!file) return;
  try {
    fs.appendFileSync(file, `${JSON.stringify(event)}\n`);
  } catch (e) {
    output.warn(`test log: ${String(e)}`);
  }
}
