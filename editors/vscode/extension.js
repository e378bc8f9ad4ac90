// sopc for VS Code: starts `sopc lsp` (a language server over stdio) for SOP files
// (*.sop.yaml, *.sop.yml, *.sop.md) and sopc.yaml. Plain CommonJS, no build step.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

const SECTION = "sopc";
const FILES = "**/{*.sop.yaml,*.sop.yml,*.sop.md,sopc.yaml}";

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;
/** @type {vscode.FileSystemWatcher | undefined} */
let watcher;

/**
 * The executable `sopc.path` names, as a command to run: an absolute path as it is,
 * `~/…` under the home folder, a relative path with a folder in it (`.venv/bin/sopc`)
 * against the first workspace folder, a bare name (`sopc`) as it is, for PATH.
 * @param {string} setting
 * @returns {string}
 */
function resolveCommand(setting) {
  let value = (setting || "").trim() || "sopc";
  const folders = vscode.workspace.workspaceFolders;
  const root = folders && folders.length > 0 && folders[0].uri.scheme === "file"
    ? folders[0].uri.fsPath
    : undefined;
  if (root) {
    value = value.replace(/\$\{workspaceFolder\}/g, root);
  }
  if (value === "~" || value.startsWith("~/") || value.startsWith("~\\")) {
    value = path.join(os.homedir(), value.slice(1));
  }
  if (path.isAbsolute(value)) {
    return value;
  }
  if (/[\\/]/.test(value)) {
    return root ? path.resolve(root, value) : path.resolve(value);
  }
  return value;
}

/**
 * Whether `command` names a file that can be run: the path itself, or a bare name
 * found on PATH (with PATHEXT's endings on Windows).
 * @param {string} command
 * @returns {boolean}
 */
function findable(command) {
  const windows = process.platform === "win32";
  const endings = windows
    ? ["", ...(process.env.PATHEXT || ".EXE;.CMD;.BAT;.COM").split(";").filter(Boolean)]
    : [""];
  const runnable = (file) => {
    try {
      if (!fs.statSync(file).isFile()) {
        return false;
      }
      if (!windows) {
        fs.accessSync(file, fs.constants.X_OK);
      }
      return true;
    } catch {
      return false;
    }
  };
  const candidates = (base) => endings.map((ending) => base + ending);
  if (path.isAbsolute(command) || /[\\/]/.test(command)) {
    return candidates(command).some(runnable);
  }
  const folders = (process.env.PATH || "").split(path.delimiter).filter(Boolean);
  return folders.some((folder) => candidates(path.join(folder, command)).some(runnable));
}

/**
 * Says, in English and in Chinese, that sopc cannot be run and how to set `sopc.path`.
 * @param {string} setting
 * @param {string} command
 * @param {string} [detail]
 */
async function reportMissing(setting, command, detail) {
  const shown = command === setting ? `"${command}"` : `"${setting}" (${command})`;
  const message =
    `sopc not found: ${shown}${detail ? ` — ${detail}` : ""}. ` +
    'Install sopc, or set "sopc.path" in Settings to the sopc executable, ' +
    "for example .venv/bin/sopc (a relative path is taken from the workspace folder). " +
    `/ 找不到 sopc：${shown}。请安装 sopc，或在设置中把 "sopc.path" 设为 sopc 可执行文件的路径，` +
    "例如 .venv/bin/sopc（相对路径从工作区文件夹算起）。";
  const open = "Open Settings / 打开设置";
  const choice = await vscode.window.showErrorMessage(message, open);
  if (choice === open) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "sopc.path");
  }
}

/** Starts the server that `sopc.path` names, unless it cannot be found. */
async function start() {
  const setting = vscode.workspace.getConfiguration(SECTION).get("path", "sopc");
  const command = resolveCommand(setting);
  if (!findable(command)) {
    // Not awaited: the message waits for the user, activation does not.
    void reportMissing(setting, command);
    return;
  }
  const folders = vscode.workspace.workspaceFolders;
  const cwd = folders && folders.length > 0 && folders[0].uri.scheme === "file"
    ? folders[0].uri.fsPath
    : undefined;

  /** @type {import("vscode-languageclient/node").ServerOptions} */
  const serverOptions = {
    command,
    args: ["lsp"],
    transport: TransportKind.stdio,
    options: cwd ? { cwd } : undefined,
  };
  /** @type {import("vscode-languageclient/node").LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: "file", pattern: "**/*.sop.{yaml,yml,md}" },
      { scheme: "file", pattern: "**/sopc.yaml" },
    ],
    synchronize: {
      // Files changed outside the editor (git checkout, another tool) reach the server.
      fileEvents: watcher,
    },
    outputChannel: output,
  };
  client = new LanguageClient(SECTION, "sopc", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const failed = client;
    client = undefined;
    try {
      await failed.dispose();
    } catch {
      // It never ran: nothing to stop.
    }
    const text = error instanceof Error ? error.message : String(error);
    if (/ENOENT|EACCES|Launching server/.test(text)) {
      void reportMissing(setting, command, text);
    } else {
      vscode.window.showErrorMessage(
        `sopc lsp did not start: ${text} / sopc lsp 未能启动：${text}`,
      );
    }
  }
}

/** Stops the running server, if any. */
async function stop() {
  const running = client;
  client = undefined;
  if (running && running.needsStop()) {
    await running.stop();
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  output = vscode.window.createOutputChannel("sopc");
  watcher = vscode.workspace.createFileSystemWatcher(FILES);
  context.subscriptions.push(output, watcher);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("sopc.path")) {
        await stop();
        await start();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      // The workspace's own sopc.path counts from now on.
      await stop();
      await start();
    }),
  );
  await start();
}

/** @returns {Promise<void> | undefined} */
function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, resolveCommand };
