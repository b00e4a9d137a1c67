/** Readers for the third-party prompt sets in ../shared (never copied into the repo). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { publicPromptsDir } from './paths';

export function readJsonl<T = Record<string, unknown>>(relative: string): T[] {
  return fs
    .readFileSync(path.join(publicPromptsDir(), relative), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function readJsonArray<T = Record<string, unknown>>(relative: string): T[] {
  return JSON.parse(fs.readFileSync(path.join(publicPromptsDir(), relative), 'utf8')) as T[];
}

/** A small deterministic PRNG (mulberry32) so tests never depend on Math.random. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
