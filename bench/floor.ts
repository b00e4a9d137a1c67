/**
 * The floor every ratio is measured against: read the file, split lines, JSON.parse each one,
 * nothing else. Run as a child process so its memory and time are its own.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

export async function bareParseScan(files: string[]): Promise<{ records: number; bytes: number }> {
  let records = 0;
  let bytes = 0;
  for (const file of files) {
    const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    const source: AsyncIterable<Buffer> = file.endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
    let rest: Buffer | null = null;
    let first = true;
    for await (const chunk of source) {
      bytes += chunk.length;
      const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      // A UTF-8 byte-order mark is not JSON; skip it so both sides count the same records.
      let start = first && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      first = false;
      for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
        records += parseOne(buf.toString('utf8', start, nl));
        start = nl + 1;
      }
      rest = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
    }
    if (rest) records += parseOne(rest.toString('utf8'));
  }
  return { records, bytes };
}

function parseOne(line: string): number {
  try {
    JSON.parse(line);
    return 1;
  } catch {
    return 0;
  }
}

if (require.main === module) {
  const started = performance.now();
  bareParseScan(process.argv.slice(2)).then((r) => {
    const ms = performance.now() - started;
    process.stdout.write(JSON.stringify({ ...r, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
  });
}
