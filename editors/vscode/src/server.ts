// Finding and checking the `iamx` executable, and the restart policy: plain Node, no `vscode`
// import, so test/unit tests it without VS Code.

import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

export type Resolved =
  | { ok: true; path: string; source: 'setting' | 'PATH' }
  | { ok: false; reason: string; source: 'setting' | 'PATH' };

export interface ResolveInput {
  /** The `iamx.path` setting; empty means "search PATH". */
  configured: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** The first workspace folder, for `${workspaceFolder}` and relative paths. */
  workspaceFolder?: string;
}

/** The executable `iamx lsp` runs from: the `iamx.path` setting, else `iamx` on PATH. */
export function resolveServer(input: ResolveInput): Resolved {
  const configured = input.configured.trim();
  if (configured !== '') {
    return resolveConfigured(configured, input);
  }
  const found = searchPath('iamx', input);
  return found !== undefined
    ? { ok: true, path: found, source: 'PATH' }
    : {
        ok: false,
        source: 'PATH',
        reason: 'iamx was not found on PATH, so the language server is off (highlighting works). '
          + 'Install iamx, or set `iamx.path`.',
      };
}

function resolveConfigured(configured: string, input: ResolveInput): Resolved {
  let value = configured;
  if (value.includes('${workspaceFolder}')) {
    if (input.workspaceFolder === undefined) {
      return {
        ok: false,
        source: 'setting',
        reason: `\`iamx.path\` (${configured}) uses \${workspaceFolder}, but no folder is open.`,
      };
    }
    value = value.split('${workspaceFolder}').join(input.workspaceFolder);
  }
  if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) {
    value = path.join(input.home, value.slice(1));
  }
  const hasSeparator = value.includes('/') || (input.platform === 'win32' && value.includes('\\'));
  if (!hasSeparator) {
    // A bare name (`iamx-dev`): look it up on PATH like a shell would.
    const found = searchPath(value, input);
    return found !== undefined
      ? { ok: true, path: found, source: 'setting' }
      : { ok: false, source: 'setting', reason: `\`iamx.path\` is \`${configured}\`, which is not on PATH.` };
  }
  const absolute = path.isAbsolute(value) || input.workspaceFolder === undefined
    ? path.resolve(value)
    : path.resolve(input.workspaceFolder, value);
  return isExecutable(absolute, input.platform)
    ? { ok: true, path: absolute, source: 'setting' }
    : {
        ok: false,
        source: 'setting',
        reason: `\`iamx.path\` is \`${configured}\`, but ${absolute} is not an executable file.`,
      };
}

function searchPath(name: string, input: ResolveInput): string | undefined {
  const dirs = (input.env.PATH ?? input.env.Path ?? '').split(input.platform === 'win32' ? ';' : ':');
  const extensions = input.platform === 'win32'
    ? ['', ...(input.env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(e => e !== '')]
    : [''];
  for (const dir of dirs) {
    if (dir === '') continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate, input.platform)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type Probe = { ok: true } | { ok: false; reason: string };

/**
 * Whether this `iamx` has the language server: `iamx lsp --help` exits 0 where the `lsp`
 * subcommand exists, and 2 ("unrecognized subcommand") in releases before it.
 */
export function probeLsp(executable: string, timeoutMs = 10_000): Promise<Probe> {
  return new Promise(resolve => {
    execFile(executable, ['lsp', '--help'], { timeout: timeoutMs, windowsHide: true }, (error, _stdout, stderr) => {
      if (error === null) {
        resolve({ ok: true });
        return;
      }
      const firstLine = String(stderr).split('\n').find(l => l.trim() !== '')?.trim();
      const why = error.killed
        ? `did not answer within ${timeoutMs / 1000} s`
        : typeof error.code === 'number'
          ? `exited with ${error.code}${firstLine !== undefined ? `: ${firstLine}` : ''}`
          : error.message;
      resolve({
        ok: false,
        reason: `\`${executable} lsp\` is not available (${why}): this iamx has no language server yet, `
          + 'so diagnostics are off (highlighting works).',
      });
    });
  });
}

/**
 * `iamx lsp` over stdio. No `transport` on purpose: vscode-languageclient appends `--stdio` to
 * the arguments when the transport is given explicitly, and `iamx lsp` takes no such flag.
 */
export function serverOptions(executable: string): { command: string; args: string[] } {
  return { command: executable, args: ['lsp'] };
}

/**
 * Restart a crashed server at most `maxRestarts` times within `windowMs`, then stop trying (the
 * user restarts it with the command once the cause is fixed).
 */
export class RestartPolicy {
  private readonly restarts: number[] = [];

  constructor(
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true when the server should be restarted. */
  shouldRestart(): boolean {
    const t = this.now();
    while (this.restarts.length > 0 && t - (this.restarts[0] ?? t) > this.windowMs) {
      this.restarts.shift();
    }
    if (this.restarts.length >= this.maxRestarts) return false;
    this.restarts.push(t);
    return true;
  }
}
