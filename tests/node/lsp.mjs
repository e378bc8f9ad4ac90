// VS Code's own protocol library (vscode-languageserver-protocol, the one
// vscode-languageclient 9 speaks through) driving `sopc lsp` as VS Code does:
// initialize with pull diagnostics, open an SOP, pull its diagnostics, change it,
// pull again, ask for code actions and hover. Prints one JSON object.
//
//   node lsp.mjs SOPC ROOT FILE NEWTEXT_FILE
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as rpc from "vscode-languageserver-protocol/node.js";

const [sopc, root, file, fixedFile] = process.argv.slice(2);
const server = spawn(sopc, ["lsp", "--stdio"], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
const connection = rpc.createProtocolConnection(
  new rpc.StreamMessageReader(server.stdout),
  new rpc.StreamMessageWriter(server.stdin),
);
const pushed = [];
connection.onNotification(rpc.PublishDiagnosticsNotification.type, (params) => pushed.push(params));
connection.onRequest(rpc.DiagnosticRefreshRequest.type, () => null);
connection.onRequest(rpc.RegistrationRequest.type, () => null);
connection.listen();

const uri = pathToFileURL(file).href;
const text = readFileSync(file, "utf8");
const init = await connection.sendRequest(rpc.InitializeRequest.type, {
  processId: process.pid,
  rootUri: pathToFileURL(root).href,
  workspaceFolders: [{ uri: pathToFileURL(root).href, name: "sops" }],
  capabilities: {
    general: { positionEncodings: ["utf-16"] },
    textDocument: {
      diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
      synchronization: { didSave: true, dynamicRegistration: true },
      hover: { contentFormat: ["markdown", "plaintext"] },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
    },
    workspace: {
      diagnostics: { refreshSupport: true },
      didChangeWatchedFiles: { dynamicRegistration: true },
      workspaceFolders: true,
    },
  },
});
await connection.sendNotification(rpc.InitializedNotification.type, {});
await connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: "yaml", version: 1, text },
});
const pull = () =>
  connection.sendRequest(rpc.DocumentDiagnosticRequest.type, { textDocument: { uri } });
const before = await pull();
const actions = await connection.sendRequest(rpc.CodeActionRequest.type, {
  textDocument: { uri },
  range: before.items[0].range,
  context: { diagnostics: before.items },
});
const hover = await connection.sendRequest(rpc.HoverRequest.type, {
  textDocument: { uri },
  position: before.items[0].range.start,
});
await connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
  textDocument: { uri, version: 2 },
  contentChanges: [{ text: readFileSync(fixedFile, "utf8") }],
});
const after = await pull();
await connection.sendRequest(rpc.ShutdownRequest.type);
await connection.sendNotification(rpc.ExitNotification.type);
console.log(
  JSON.stringify({
    capabilities: init.capabilities,
    before,
    after,
    actions: actions.map((a) => a.title),
    hover: hover && hover.contents.value,
    pushed: pushed.length,
  }),
);
connection.dispose();
