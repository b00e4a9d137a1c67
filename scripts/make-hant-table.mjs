/**
 * Writes src/core/detect/hantToHans.json: traditional Chinese characters and the simplified
 * character each stands for, one to one (both single UTF-16 units), from OpenCC's TSCharacters
 * dictionary as packaged by opencc-js (a dev dependency; the data is Apache-2.0, see the JSON's
 * `source`). Detection folds traditional text to simplified with it so that the rules' simplified
 * vocabulary reads both, without moving any offset. Run: node scripts/make-hant-table.mjs
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
// The package's exports hide package.json; its main entry sits three folders down.
const pkgDir = path.resolve(path.dirname(require.resolve('opencc-js')), '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const source = fs.readFileSync(path.join(pkgDir, 'dist/esm-lib/dict/TSCharacters.js'), 'utf8');
const body = source.slice(source.indexOf('"') + 1, source.lastIndexOf('"'));
const traditional = [];
const simplified = [];
for (const entry of body.split('|')) {
  const [t, s] = entry.split(' ');
  if (t.length !== 1 || s === undefined || s.length !== 1 || t === s) continue;
  traditional.push(t);
  simplified.push(s);
}
const out = {
  source: `OpenCC TSCharacters.txt via opencc-js ${pkg.version} (Apache-2.0; https://github.com/BYVoid/OpenCC): one-to-one BMP entries only`,
  traditional: traditional.join(''),
  simplified: simplified.join(''),
};
const target = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'src', 'core', 'detect', 'hantToHans.json');
fs.writeFileSync(target, `${JSON.stringify(out, null, 1)}\n`);
console.log(`${traditional.length} characters -> ${path.relative(process.cwd(), target)}`);
