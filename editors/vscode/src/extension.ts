// The iamx extension: the TextMate grammar and language configuration are declared in
// package.json; this starts the language client for `iamx lsp` (LSP over stdio) when an iamx
// executable with a language server is found, and stays quiet and harmless when none is.

import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandler,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
} from 'vscode-languageclient/node';
import { probeLsp, resolveServer, RestartPolicy, serverOptions } from './server';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let queue: Promise<void> = Promise.resolve();
const shown = new Set<string>();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('iamx language server', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('iamx.restartServer', () => restart(true)),
    vscode.commands.registerCommand('iamx.showOutput', () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration(event => {
      if (event.affectsConfiguration('iamx.path') || event.affectsConfiguration('iamx.server.enable')) {
        void restart(true);
      }
    }),
    // In an untrusted workspace `iamx.path` is read from the user's settings only
    // (package.json: capabilities.untrustedWorkspaces); granting trust may change it.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart(false)),
  );
  return restart(false);
}

export function deactivate(): Promise<void> {
  return serialize(stop);
}

/** Start and stop one at a time, in order. */
function serialize(step: () => Promise<void>): Promise<void> {
  queue = queue.then(step, step);
  return queue;
}

function restart(userAsked: boolean): Promise<void> {
  if (userAsked) shown.clear();
  return serialize(async () => {
    await stop();
    await start();
  });
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) return;
  try {
    await running.stop(2000);
  } catch (error) {
    log(`stopping the server: ${describe(error)}`);
  }
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration('iamx');
  if (!config.get<boolean>('server.enable', true)) {
    log('the language server is disabled (iamx.server.enable)');
    return;
  }
  const resolved = resolveServer({
    configured: config.get<string>('path', ''),
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  if (!resolved.ok) {
    notify(resolved.reason, resolved.source === 'setting' ? 'warning' : 'information');
    return;
  }
  const probe = await probeLsp(resolved.path);
  if (!probe.ok) {
    notify(probe.reason, 'information');
    return;
  }
  log(`starting ${resolved.path} lsp (from ${resolved.source})`);
  const next = new LanguageClient('iamx', 'iamx language server', serverOptions(resolved.path), clientOptions());
  try {
    await next.start();
    client = next;
  } catch (error) {
    notify(`iamx lsp did not start: ${describe(error)}`, 'warning');
    try {
      await next.dispose(2000);
    } catch {
      // Already gone.
    }
  }
}

function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: [
      { language: 'iamx', scheme: 'file' },
      { language: 'iamx', scheme: 'untitled' },
    ],
    // Diagnostics of a file depend on the modules it `use`s: tell the server when any changes.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.iamx') },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: new ServerErrorHandler(),
    initializationFailedHandler: error => {
      notify(`iamx lsp failed to initialize: ${describe(error)}`, 'warning');
      return false;
    },
  };
}

class ServerErrorHandler implements ErrorHandler {
  private readonly policy = new RestartPolicy();

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A malformed message or a write error: keep going unless it repeats.
    return { action: (count ?? 1) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    if (this.policy.shouldRestart()) {
      log('the server stopped unexpectedly; restarting it');
      return { action: CloseAction.Restart, handled: true };
    }
    return {
      action: CloseAction.DoNotRestart,
      message: 'iamx lsp stopped 5 times in 3 minutes and will not be restarted: see the output, '
        + 'then run "iamx: Restart Language Server".',
    };
  }
}

function notify(message: string, level: 'information' | 'warning'): void {
  log(message);
  if (shown.has(message)) return;
  shown.add(message);
  const show = level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, 'Open Settings', 'Show Output').then(choice => {
    if (choice === 'Open Settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'iamx.');
    } else if (choice === 'Show Output') {
      output?.show(true);
    }
  });
}

function log(message: string): void {
  output?.info(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
