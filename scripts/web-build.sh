#!/usr/bin/env bash
# Builds the web front end (web/ → web/dist): npm ci from the committed lock file, vue-tsc
# type check, vite build, then the size of every emitted asset, raw and gzip, and the
# initial JavaScript (the entry and what index.html preloads) against its 400 KB gzip budget.
set -euo pipefail
# shellcheck source=web-node.sh
source "$(dirname "$0")/web-node.sh"
cd "$(dirname "$0")/../web"
if [ "${WEB_SKIP_INSTALL:-}" != 1 ] || [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npx vue-tsc --noEmit -p tsconfig.json
npx vite build --logLevel warn
node - <<'JS'
const fs = require('fs'), path = require('path'), zlib = require('zlib')
const dist = 'dist'
const files = []
const walk = (d) => { for (const f of fs.readdirSync(d)) { const p = path.join(d, f); fs.statSync(p).isDirectory() ? walk(p) : files.push(p) } }
walk(dist)
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB'
const gz = (p) => zlib.gzipSync(fs.readFileSync(p), { level: 9 }).length
let raw = 0, gzt = 0
console.log('web/dist:                                     raw        gzip')
for (const p of files.sort()) {
  const r = fs.statSync(p).size, g = gz(p)
  raw += r; gzt += g
  console.log('  ' + path.relative(dist, p).padEnd(42) + kb(r) + kb(g))
}
console.log('  ' + 'total'.padEnd(42) + kb(raw) + kb(gzt))
// Initial JS: the entry script of index.html plus the modules it preloads.
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8')
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) { console.error('index.html has an inline script (CSP script-src \'self\' forbids it)'); process.exit(1) }
if (/(src|href)="(https?:)?\/\//.test(html)) { console.error('index.html loads from another origin'); process.exit(1) }
const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => path.join(dist, m[1]))
let ig = 0, ir = 0
for (const p of new Set(initial)) { ig += gz(p); ir += fs.statSync(p).size }
console.log(`initial JS (${new Set(initial).size} files): ${(ir / 1024).toFixed(1)} KB raw, ${(ig / 1024).toFixed(1)} KB gzip (budget 400 KB gzip)`)
if (ig > 400 * 1024) { console.error('initial JS over budget'); process.exit(1) }
JS
