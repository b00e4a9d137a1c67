import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { buildLineIndex, gunzipTo, readLines } from '../../src/core/view/lineIndex';
import { charColumnOfByte, offsetToPosition, parseWindowQuery, renderWindow, windowAround, windowQuery } from '../../src/core/view/recordWindow';

describe('extension large-file view helpers', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-large-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('indexes line starts and reads windows back by offset (BOM, CRLF, multibyte, no final newline)', async () => {
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, '\uFEFF{"a":1}\r\n{"b":"é😀"}\n\n{"c":3}');
    const index = await buildLineIndex(file);
    assert.equal(index.lineCount, 4);
    assert.deepEqual(await readLines(index, 1, 10), ['{"a":1}', '{"b":"é😀"}', '', '{"c":3}']);
    assert.deepEqual(await readLines(index, 2, 2), ['{"b":"é😀"}', '']);
    assert.deepEqual(await readLines(index, 9, 2), []);
  });

  it('indexes many lines across read chunks', async () => {
    const file = path.join(dir, 'b.jsonl');
    const lines = Array.from({ length: 30000 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i % 97) }));
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const index = await buildLineIndex(file);
    assert.equal(index.lineCount, 30000);
    assert.deepEqual(await readLines(index, 29998, 5), lines.slice(29997));
    assert.deepEqual(await readLines(index, 12345, 1), [lines[12344]]);
  });

  it('decompresses gzip once into a file', async () => {
    const gz = path.join(dir, 'c.jsonl.gz');
    fs.writeFileSync(gz, zlib.gzipSync('{"x":1}\n{"x":2}\n'));
    const out = path.join(dir, 'c.jsonl');
    await gunzipTo(gz, out);
    assert.equal(fs.readFileSync(out, 'utf8'), '{"x":1}\n{"x":2}\n');
    await assert.rejects(gunzipTo(path.join(dir, 'a.jsonl'), path.join(dir, 'bad.jsonl')));
    assert.ok(!fs.readdirSync(dir).some((f) => f.includes('partial')));
  });

  it('renders raw and pretty windows with line maps', () => {
    const raw = renderWindow(['{"a":1}', '{"b":2}'], 10, 'raw');
    assert.equal(raw.text, '{"a":1}\n{"b":2}');
    assert.equal(raw.docLineOf.get(11), 1);
    assert.deepEqual(raw.fileLineOf, [10, 11]);
    const pretty = renderWindow(['{"a":1}', '', '{"b":2}'], 10, 'pretty');
    assert.equal(pretty.text, '[\n// line 10\n{\n  "a": 1\n},\n// line 12\n{\n  "b": 2\n}\n]');
    assert.equal(pretty.docLineOf.get(10), 2);
    assert.equal(pretty.docLineOf.get(12), 6);
    assert.equal(pretty.fileLineOf[7], 12);
    assert.equal(pretty.fileLineOf.length, pretty.text.split('\n').length);
    assert.deepEqual(JSON.parse(pretty.text.replace(/^\/\/.*$/gm, '')), [{ a: 1 }, { b: 2 }]);
  });

  it('names windows in URI queries and places a target line in its window', () => {
    const w = windowAround(1000, 5000, 300);
    assert.ok(w.start <= 1000 && 1000 < w.start + w.count);
    assert.deepEqual(parseWindowQuery(windowQuery(w)), w);
    assert.deepEqual(windowAround(4990, 5000, 300), { start: 4701, count: 300, mode: 'raw' });
    assert.deepEqual(windowAround(3, 10, 300), { start: 1, count: 300, mode: 'raw' });
    assert.deepEqual(parseWindowQuery('start=-4&count=x&mode=evil'), { start: 1, count: 400, mode: 'raw' });
    assert.deepEqual(offsetToPosition('ab\ncd\nef', 7), { line: 2, character: 1 });
    // "é" is 2 bytes and 1 column, "😀" 4 bytes and 2 columns.
    assert.equal(charColumnOfByte('aé😀b', 3), 2);
    assert.equal(charColumnOfByte('aé😀b', 7), 4);
    assert.equal(charColumnOfByte('ab', 99), 2);
  });
});
