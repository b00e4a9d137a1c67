/** Decompression alone: stream every .gz file through gunzip and drop the bytes (the `.gz` target's "plus decompression"). */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';

async function main(): Promise<void> {
  const started = performance.now();
  let bytes = 0;
  for (const file of process.argv.slice(2)) {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
    await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), zlib.createGunzip({ chunkSize: 1 << 18 }), sink);
  }
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ ms, bytes, records: 0, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String((e as Error).stack ?? e) + '\n');
  process.exitCode = 1;
});
