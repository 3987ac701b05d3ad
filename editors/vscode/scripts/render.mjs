// Renders iamx sources to one HTML page with shiki, which tokenizes with VS Code's own TextMate
// engine (vscode-textmate + oniguruma) and our grammar, in VS Code's default dark and light themes.
//
//   node scripts/render.mjs [--theme dark-plus|light-plus] OUT.html FILE.iamx...
//
// Also writes OUT.html.size, the window size (`WIDTH,HEIGHT`) that fits the page, for
// editors/vscode/scripts/screenshot.sh, which turns the page into a PNG under docs/img/.

import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHighlighter } from 'shiki';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const themeAt = args.indexOf('--theme');
const themes = themeAt >= 0 ? args.splice(themeAt, 2).slice(1) : ['dark-plus'];
const [out, ...files] = args;
if (out === undefined || files.length === 0) {
  console.error('usage: node scripts/render.mjs [--theme NAME] OUT.html FILE.iamx...');
  process.exit(2);
}

const grammar = JSON.parse(readFileSync(path.join(here, 'syntaxes/iamx.tmLanguage.json'), 'utf8'));
const highlighter = await createHighlighter({ themes, langs: [{ ...grammar, name: 'iamx' }] });

const escape = s => s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const panels = files.flatMap(file => themes.map(theme => {
  const code = readFileSync(file, 'utf8');
  const html = highlighter.codeToHtml(code, { lang: 'iamx', theme });
  const { bg, type } = highlighter.getTheme(theme);
  const caption = type === 'dark' ? 'color:#ccc;background:rgba(0,0,0,.35)' : 'color:#333;background:rgba(0,0,0,.07)';
  return `<figure style="background:${bg}"><figcaption style="${caption}">${escape(path.basename(file))}</figcaption>${html}</figure>`;
}));

writeFileSync(out, `<!doctype html>
<html><head><meta charset="utf-8"><title>iamx highlighting</title>
<style>
  body { margin: 0; padding: 16px; background: transparent; display: flex; gap: 16px; align-items: flex-start; }
  figure { margin: 0; border-radius: 8px; overflow: hidden; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
  figcaption { font: 13px "DejaVu Sans", sans-serif; padding: 6px 14px; }
  pre.shiki { margin: 0; padding: 12px 16px; font: 13px/1.45 "DejaVu Sans Mono", "Liberation Mono", monospace; }
</style></head><body>
${panels.join('\n')}
</body></html>
`);
// DejaVu Sans Mono at 13px: 7.83px a character, 18.85px a line (line-height 1.45).
const sources = files.map(f => readFileSync(f, 'utf8').replace(/\n$/, '').split('\n'));
const columns = Math.max(...sources.flat().map(l => l.length));
const lines = Math.max(...sources.map(l => l.length));
const width = Math.ceil(files.length * themes.length * (columns * 7.83 + 40) + 16 * (files.length * themes.length + 1));
const height = Math.ceil(lines * 18.85 + 24 + 27 + 32);
writeFileSync(`${out}.size`, `${width},${height}`);
console.log(`wrote ${out} (${width}x${height})`);
