/**
 * Replace a file so that readers (and a crash) see either the old or the new content, never a
 * mix: write a temporary file in the same folder, fsync it, rename it over the target, fsync
 * the folder so the rename itself is durable.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.promises.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.promises.open(temp, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.promises.rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await fs.promises.rename(temp, file);
  } catch (e) {
    await fs.promises.rm(temp, { force: true });
    throw e;
  }
  await syncFolder(dir);
}

async function syncFolder(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open or fsync a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
