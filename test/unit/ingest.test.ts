import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { readLogLines, type LineEvent, type ReadOptions } from '../../src/core/ingest/lineReader';
import { parseRecordText } from '../../src/core/ingest/parseRecord';
import { tempDir, writeTemp } from '../support/tmp';

async function readAll(file: string, options: ReadOptions = {}): Promise<LineEvent[]> {
  const out: LineEvent[] = [];
  for await (const batch of readLogLines(file, options)) out.push(...batch);
  return out;
}

function kinds(events: LineEvent[]): string {
  return events.map((e) => (e.kind === 'text' ? 'T' : e.kind === 'blank' ? 'B' : 'M')).join('');
}

describe('ingest: line reader', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('numbers lines from 1, strips a BOM and CRLF, and counts blank lines', async () => {
    const file = writeTemp(dir, 'bom-crlf.jsonl', '\uFEFF{"a":1}\r\n\r\n   \r\n{"a":2}\r\n');
    const events = await readAll(file);
    assert.equal(kinds(events), 'TBBT');
    assert.deepEqual(events.map((e) => e.line), [1, 2, 3, 4]);
    const first = events[0] as Extract<LineEvent, { kind: 'text' }>;
    assert.equal(first.text, '{"a":1}');
    assert.deepEqual(first.bytes, [3, 10]);
    assert.equal((events[3] as Extract<LineEvent, { kind: 'text' }>).text, '{"a":2}');
  });

  it('flags only an unterminated final line as last, so a truncated record is named as such', async () => {
    const file = writeTemp(dir, 'trunc.jsonl', '{"a":1}\n{"a":2,"b":"unfinis');
    const events = await readAll(file);
    const last = events[1] as Extract<LineEvent, { kind: 'text' }>;
    assert.equal(last.last, true);
    const parsed = parseRecordText(last.text, last.last);
    assert.ok('error' in parsed && /truncated last line/.test(parsed.error));
    assert.equal((events[0] as Extract<LineEvent, { kind: 'text' }>).last, false);
  });

  it('reports invalid UTF-8 with the byte where it starts, and keeps going', async () => {
    const bad = Buffer.concat([Buffer.from('{"a":"ok"}\n{"a":"x'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"a":"再见"}\n')]);
    const file = writeTemp(dir, 'utf8.jsonl', bad);
    const events = await readAll(file);
    assert.equal(kinds(events), 'TMT');
    const m = events[1] as Extract<LineEvent, { kind: 'malformed' }>;
    assert.match(m.error, /invalid UTF-8 at byte 7/);
    assert.equal((events[2] as Extract<LineEvent, { kind: 'text' }>).text, '{"a":"再见"}');
  });

  it('accepts a genuine U+FFFD character in valid UTF-8', async () => {
    const file = writeTemp(dir, 'fffd.jsonl', '{"a":"\uFFFD"}\n');
    assert.equal(kinds(await readAll(file)), 'T');
  });

  it('skips a line longer than the limit without buffering it, and reports its size', async () => {
    const long = '{"a":"' + 'x'.repeat(50_000) + '"}';
    const file = writeTemp(dir, 'long.jsonl', `{"a":1}\n${long}\n{"a":3}\n`);
    const events = await readAll(file, { maxLineBytes: 10_000, chunkBytes: 4096 });
    assert.equal(kinds(events), 'TMT');
    assert.match((events[1] as Extract<LineEvent, { kind: 'malformed' }>).error, /48\.8 KB, longer than the 9\.8 KB limit/);
    assert.deepEqual(events.map((e) => e.line), [1, 2, 3]);
    const third = events[2] as Extract<LineEvent, { kind: 'text' }>;
    assert.deepEqual(third.bytes, [8 + long.length + 1, 8 + long.length + 1 + 7]);
  });

  it('handles a 100 MB line with the default limit as one malformed line', async function () {
    this.timeout(120_000);
    const file = `${dir}/huge.jsonl`;
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, '{"a":1}\n{"a":"');
    const block = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < 100; i++) fs.writeSync(fd, block);
    fs.writeSync(fd, '"}\n{"a":3}\n');
    fs.closeSync(fd);
    const events = await readAll(file);
    assert.equal(kinds(events), 'TMT');
    assert.match((events[1] as Extract<LineEvent, { kind: 'malformed' }>).error, /100\.0 MB, longer than the 64\.0 MB limit/);
    fs.rmSync(file);
  });

  it('reads gzip by its magic number, whatever the file is called, with the same events', async () => {
    const text = '{"a":1}\n\n{"a":"中文"}\nnot json\n';
    const plain = writeTemp(dir, 'p.jsonl', text);
    const gz = writeTemp(dir, 'p.log', zlib.gzipSync(text));
    assert.deepEqual(await readAll(gz), await readAll(plain));
  });

  it('names a corrupt gzip stream', async () => {
    const gz = zlib.gzipSync('{"a":1}\n'.repeat(1000));
    const file = writeTemp(dir, 'broken.jsonl.gz', gz.subarray(0, gz.length - 40));
    await assert.rejects(readAll(file), /gzip stream is corrupt or truncated/);
  });

  it('gives the same events whatever the chunk size (lines and CJK split across chunks)', async () => {
    const lines = ['{"a":"第一行"}', '', '{"b":"two"}\r', '  ', '{"c":"😀 三"}'];
    const file = writeTemp(dir, 'chunks.jsonl', lines.join('\n'));
    const reference = await readAll(file);
    for (const chunkBytes of [1, 2, 3, 5, 7, 64]) assert.deepEqual(await readAll(file, { chunkBytes }), reference, `chunk ${chunkBytes}`);
    assert.equal(kinds(reference), 'TBTBT');
  });

  it('honours an abort signal', async () => {
    const file = writeTemp(dir, 'abort.jsonl', '{"a":1}\n'.repeat(10_000));
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readAll(file, { signal: controller.signal, chunkBytes: 1024 }), { name: 'AbortError' });
  });
});

describe('ingest: top-level JSON arrays', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('yields one event per element with the line it starts on and exact bytes', async () => {
    const text = '\uFEFF[\n  {"a": "x, ] y"},\n  {"b": [1, {"c": "}"}]},\n\n  {"d": "多\\"行"}\n]\n';
    const file = writeTemp(dir, 'arr.json', text);
    const events = await readAll(file);
    assert.equal(kinds(events), 'TTT');
    assert.deepEqual(events.map((e) => e.line), [2, 3, 5]);
    const buf = Buffer.from(text);
    for (const e of events as Array<Extract<LineEvent, { kind: 'text' }>>) {
      assert.equal(buf.subarray(e.bytes[0], e.bytes[1]).toString(), e.text);
      assert.doesNotThrow(() => JSON.parse(e.text));
    }
  });

  it('reports a truncated final element and keeps the complete ones', async () => {
    const file = writeTemp(dir, 'trunc.json', '[{"a":1},\n{"a":2},\n{"a":');
    const events = await readAll(file);
    assert.equal(kinds(events), 'TTM');
    assert.match((events[2] as Extract<LineEvent, { kind: 'malformed' }>).error, /truncated array element/);
  });

  it('keeps a complete last element when only the closing bracket is missing', async () => {
    const file = writeTemp(dir, 'nobracket.json', '[{"a":1},\n{"a":2}\n');
    assert.equal(kinds(await readAll(file)), 'TT');
  });

  it('gives the same events whatever the chunk size', async () => {
    const text = JSON.stringify([{ a: '中文 "q"' }, { b: [1, 2, { c: '\\]' }] }, { d: '😀' }], null, 2);
    const file = writeTemp(dir, 'c.json', text);
    const reference = await readAll(file);
    assert.equal(reference.length, 3);
    for (const chunkBytes of [1, 3, 8]) assert.deepEqual(await readAll(file, { chunkBytes }), reference);
  });
});

describe('ingest: parse errors', () => {
  it('explains invalid JSON with a column and a short excerpt', () => {
    const parsed = parseRecordText('{"a": 1, "b": }', false);
    assert.ok('error' in parsed);
    assert.match(parsed.error, /^invalid JSON: /);
    assert.ok(parsed.error.length < 200);
  });

  it('refuses nesting deeper than the limit with a clear reason, and keeps wide flat records', () => {
    const deep = '{"a":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
    const parsed = parseRecordText(deep, false);
    assert.ok('error' in parsed && /nesting is deeper than 256 levels/.test(parsed.error));
    const wide = JSON.stringify({ items: Array.from({ length: 2000 }, (_, i) => ({ i })), text: '[[[[{{{{' });
    assert.ok('value' in parseRecordText(wide, false));
  });
});
