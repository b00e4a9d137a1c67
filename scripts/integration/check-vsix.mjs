// Lists a .vsix (a zip) and checks it holds only what the extension needs at run time:
// the bundles, media, manifest and docs. No sources, tests, node_modules, maps or ../shared data.
// Usage: node scripts/integration/check-vsix.mjs prompt-forensics.vsix
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const allowed = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/dist\/(extension|worker|shardWorker|detectWorker|cli)\.js$/,
  /^extension\/media\/[^/].*[^/]$/,
  /^extension\/(README|CHANGELOG|THIRD_PARTY_NOTICES)\.md$/i,
  /^extension\/LICEN[CS]E(\.md|\.txt)?$/i,
];
const required = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/worker.js', 'extension/dist/shardWorker.js', 'extension/dist/detectWorker.js', 'extension/media/dashboard/dashboard.js'];

/** Entries of a zip's central directory: name and uncompressed size. */
export function listZipEntries(file) {
  const zip = readFileSync(file);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw new Error(`${file} is not a zip (no end-of-central-directory record)`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${file}: corrupt central directory`);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({ name, size });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Problems with a vsix's file list (empty when it is fine). */
export function vsixProblems(names) {
  const problems = names.filter((name) => !allowed.some((pattern) => pattern.test(name))).map((name) => `unexpected file: ${name}`);
  for (const name of required) if (!names.includes(name)) problems.push(`missing file: ${name}`);
  return problems;
}

export function checkVsix(file) {
  const entries = listZipEntries(file);
  for (const { name, size } of entries) console.log(`[vsix] ${String(size).padStart(10)}  ${name}`);
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  console.log(`[vsix] ${entries.length} files, ${(total / 1024).toFixed(0)} KiB uncompressed`);
  const problems = vsixProblems(entries.map((entry) => entry.name));
  for (const problem of problems) console.error(`[vsix] ${problem}`);
  return problems.length === 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/integration/check-vsix.mjs <file.vsix>');
    process.exit(2);
  }
  process.exit(checkVsix(file) ? 0 : 1);
}
