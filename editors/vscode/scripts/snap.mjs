// Snapshot tests of the TextMate grammar over every example and stdlib module of the repository.
// The snapshots live in test/snap/ (one `PATH.iamx.snap` per source, mirroring the repository);
// the sources are read where they are, so examples/ holds no editor files.
//
//   node scripts/snap.mjs            compare (CI); fails on a changed, missing or orphaned snapshot
//   node scripts/snap.mjs --update   rewrite the snapshots after a deliberate grammar change

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.resolve(here, '../..');
const snaps = path.join(here, 'test/snap');
const update = process.argv.includes('--update');

function walk(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.iamx')) out.push(full);
  }
  return out;
}

const sources = ['examples', 'stdlib'].flatMap(d => walk(path.join(repo, d))).map(f => path.relative(repo, f));
if (sources.length === 0) throw new Error('no .iamx sources found');

const work = mkdtempSync(path.join(tmpdir(), 'iamx-snap-'));
try {
  const missing = [];
  for (const rel of sources) {
    mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
    cpSync(path.join(repo, rel), path.join(work, rel));
    const snap = path.join(snaps, `${rel}.snap`);
    if (existsSync(snap)) cpSync(snap, path.join(work, `${rel}.snap`));
    else missing.push(rel);
  }
  const orphans = existsSync(snaps)
    ? walkSnaps(snaps).filter(s => !sources.includes(s.slice(0, -'.snap'.length)))
    : [];
  const bin = path.join(here, 'node_modules/.bin/vscode-tmgrammar-snap');
  const args = ['-g', 'syntaxes/iamx.tmLanguage.json', '-s', 'source.iamx', `${work}/**/*.iamx`];
  if (update) args.push('--updateSnapshot');
  const run = spawnSync(bin, args, { cwd: here, stdio: 'inherit' });
  if (update) {
    rmSync(snaps, { recursive: true, force: true });
    for (const rel of sources) {
      mkdirSync(path.dirname(path.join(snaps, rel)), { recursive: true });
      cpSync(path.join(work, `${rel}.snap`), path.join(snaps, `${rel}.snap`));
    }
    console.log(`wrote ${sources.length} snapshots to ${path.relative(repo, snaps)}`);
  } else if (missing.length > 0 || orphans.length > 0) {
    if (missing.length > 0) console.error(`no snapshot for: ${missing.join(', ')}`);
    if (orphans.length > 0) console.error(`snapshot of no source: ${orphans.join(', ')}`);
    console.error('run `node scripts/snap.mjs --update` in editors/vscode');
    process.exit(1);
  }
  process.exit(run.status ?? 1);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function walkSnaps(dir, base = dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walkSnaps(full, base, out);
    else if (name.endsWith('.snap')) out.push(path.relative(base, full));
  }
  return out;
}
