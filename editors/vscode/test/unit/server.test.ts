// Unit tests of the client's plain-Node part (src/server.ts): finding `iamx`, probing it for the
// language server, the server command, the restart policy. Run: `npm run test:unit`.

import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { probeLsp, resolveServer, RestartPolicy, serverOptions } from '../../src/server';

const dir = mkdtempSync(path.join(tmpdir(), 'iamx-client-'));
const bin = path.join(dir, 'bin');
mkdirSync(bin);

function script(name: string, body: string): string {
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

// An iamx with the language server, one from before it (clap's exit 2), one that hangs.
const withLsp = script('iamx', 'if [ "$1" = lsp ] && [ "$2" = --help ]; then echo "Usage: iamx lsp"; exit 0; fi; exit 1');
const withoutLsp = script('iamx-old', "echo \"error: unrecognized subcommand 'lsp'\" >&2; exit 2");
const hangs = script('iamx-hangs', 'sleep 30');
writeFileSync(path.join(bin, 'not-executable'), 'x');

const base = { env: { PATH: `/nonexistent:${bin}` }, platform: process.platform, home: dir };

test('iamx is found on PATH', () => {
  const r = resolveServer({ ...base, configured: '' });
  assert.deepEqual(r, { ok: true, path: withLsp, source: 'PATH' });
});

test('a missing iamx is reported, not thrown', () => {
  const r = resolveServer({ ...base, env: { PATH: '/nonexistent' }, configured: '' });
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.reason, /not found on PATH/);
});

test('the setting wins over PATH, with ~ and ${workspaceFolder} expanded', () => {
  assert.deepEqual(resolveServer({ ...base, configured: withoutLsp }),
    { ok: true, path: withoutLsp, source: 'setting' });
  assert.deepEqual(resolveServer({ ...base, configured: '~/bin/iamx-old' }),
    { ok: true, path: withoutLsp, source: 'setting' });
  assert.deepEqual(resolveServer({ ...base, configured: '${workspaceFolder}/bin/iamx', workspaceFolder: dir }),
    { ok: true, path: withLsp, source: 'setting' });
  assert.deepEqual(resolveServer({ ...base, configured: './bin/iamx', workspaceFolder: dir }),
    { ok: true, path: withLsp, source: 'setting' });
  assert.deepEqual(resolveServer({ ...base, configured: 'iamx-old' }),
    { ok: true, path: withoutLsp, source: 'setting' });
});

test('a bad setting says why', () => {
  for (const configured of [path.join(bin, 'missing'), path.join(bin, 'not-executable'), bin, 'nope']) {
    const r = resolveServer({ ...base, configured });
    assert.equal(r.ok, false, configured);
    assert.equal(r.source, 'setting');
  }
  const r = resolveServer({ ...base, configured: '${workspaceFolder}/iamx' });
  assert.match(r.ok ? '' : r.reason, /no folder is open/);
});

test('the probe accepts an iamx with `lsp` and explains one without', async () => {
  assert.deepEqual(await probeLsp(withLsp), { ok: true });
  const old = await probeLsp(withoutLsp);
  assert.equal(old.ok, false);
  assert.match(old.ok ? '' : old.reason, /exited with 2: error: unrecognized subcommand 'lsp'/);
  const slow = await probeLsp(hangs, 300);
  assert.match(slow.ok ? '' : slow.reason, /did not answer/);
  const gone = await probeLsp(path.join(bin, 'missing'));
  assert.equal(gone.ok, false);
});

test('the server runs `iamx lsp` over stdio with no extra flag', () => {
  // No `transport`: vscode-languageclient would append `--stdio`.
  assert.deepEqual(serverOptions('/usr/bin/iamx'), { command: '/usr/bin/iamx', args: ['lsp'] });
});

test('a crashing server is restarted 4 times in 3 minutes, then left alone', () => {
  let now = 0;
  const policy = new RestartPolicy(4, 180_000, () => now);
  const decisions = [];
  for (let i = 0; i < 5; i++) {
    decisions.push(policy.shouldRestart());
    now += 1000;
  }
  assert.deepEqual(decisions, [true, true, true, true, false]);
  now += 180_000;
  assert.equal(policy.shouldRestart(), true);
});
