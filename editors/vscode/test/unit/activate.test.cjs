// The packaged bundle (dist/extension.js) activates with VS Code's `vscode` module replaced by
// a recording stub, and degrades as promised: with no `iamx` on PATH, or an `iamx` without the
// language server, it says so once and starts nothing. Run after `npm run build`.

const assert = require('node:assert/strict');
const Module = require('node:module');
const { mkdtempSync, writeFileSync, chmodSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const messages = [];
const settings = { path: '', 'server.enable': true };

// Anything the bundle touches at load time: a callable, constructible, endlessly nested stub.
function anything() {
  const f = function () { return anything(); };
  return new Proxy(f, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : anything()),
    construct: () => anything(),
  });
}
const disposable = { dispose() {} };
const vscode = new Proxy({
  window: {
    createOutputChannel: () => ({ info() {}, warn() {}, error() {}, appendLine() {}, show() {}, dispose() {} }),
    showInformationMessage: (m) => { messages.push(['information', m]); return Promise.resolve(undefined); },
    showWarningMessage: (m) => { messages.push(['warning', m]); return Promise.resolve(undefined); },
  },
  commands: { registerCommand: () => disposable, executeCommand: () => Promise.resolve() },
  workspace: {
    getConfiguration: () => ({ get: (key, fallback) => (key in settings ? settings[key] : fallback) }),
    onDidChangeConfiguration: () => disposable,
    onDidGrantWorkspaceTrust: () => disposable,
    workspaceFolders: undefined,
  },
}, { get: (target, key) => (key in target ? target[key] : anything()) });

const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
const extension = require('../../dist/extension.js');
const context = { subscriptions: [] };

test('no iamx on PATH: one information message, no server', async () => {
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await extension.activate(context);
  } finally {
    process.env.PATH = saved;
  }
  assert.equal(messages.length, 1);
  assert.equal(messages[0][0], 'information');
  assert.match(messages[0][1], /not found on PATH/);
  assert.ok(context.subscriptions.length >= 4, 'commands and listeners are registered');
  await extension.deactivate();
});

test('an iamx without `lsp`: says so, does not start it', async () => {
  messages.length = 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'iamx-activate-'));
  const old = path.join(dir, 'iamx');
  writeFileSync(old, "#!/bin/sh\necho \"error: unrecognized subcommand 'lsp'\" >&2\nexit 2\n");
  chmodSync(old, 0o755);
  settings.path = old;
  await extension.activate({ subscriptions: [] });
  assert.equal(messages.length, 1);
  assert.match(messages[0][1], /has no language server yet/);
  await extension.deactivate();
});
