// Writes vscode-tmgrammar-test assertions (column-exact carets) under every token of an iamx
// file, as the grammar scopes it today: a helper for extending test/grammar/*.test.iamx.
// Review every generated line before committing it: the assertions must state what is right,
// not merely what the grammar does.
//
//   node scripts/assertions.mjs test/grammar/syntax.test.iamx > /tmp/new.test.iamx
//
// Existing assertion lines of the input are dropped and regenerated; its first line must be the
// `// SYNTAX TEST "source.iamx" "..."` header.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(here, 'package.json'));
const vt = require('vscode-textmate');
const onig = require('vscode-oniguruma');

await onig.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
const registry = new vt.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: patterns => new onig.OnigScanner(patterns),
    createOnigString: s => new onig.OnigString(s),
  }),
  loadGrammar: async () => vt.parseRawGrammar(
    readFileSync(path.join(here, 'syntaxes/iamx.tmLanguage.json'), 'utf8'), 'iamx.tmLanguage.json'),
});
const grammar = await registry.loadGrammar('source.iamx');

const isAssertion = line => /^\s*\/\/\s*(\^|<)/.test(line);
const lines = readFileSync(process.argv[2], 'utf8').replace(/\n$/, '').split('\n').filter(l => !isAssertion(l));
const out = [];
let state = vt.INITIAL;
for (const [n, line] of lines.entries()) {
  const result = grammar.tokenizeLine(line, state);
  state = result.ruleStack;
  out.push(line);
  if (n === 0) continue; // the header
  for (const token of result.tokens) {
    const text = line.slice(token.startIndex, token.endIndex);
    if (text.trim() === '') continue;
    const scopes = token.scopes.slice(1);
    const last = scopes[scopes.length - 1];
    // Plain string text and quotes are covered by the string's own assertions.
    if (last === 'string.quoted.double.iamx' || last.includes('punctuation.definition.string')) continue;
    const start = token.startIndex + (text.length - text.trimStart().length);
    const length = text.trim().length;
    const names = scopes.includes('string.quoted.double.iamx') ? `string.quoted.double.iamx ${last}` : last;
    // Columns 0 and 1 are under the `//` of the assertion line: use the `<~~-` form there.
    out.push(start >= 2
      ? `//${' '.repeat(start - 2)}${'^'.repeat(length)} ${names}`
      : `// <${'~'.repeat(start)}${'-'.repeat(length)} ${names}`);
  }
}
process.stdout.write(`${out.join('\n')}\n`);
