/** Small deterministic 32-bit hashes: the same value hashes the same in every shard and run. */

/** FNV-1a over UTF-16 code units, finished with an avalanche so low bits are usable. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** murmur3's fmix32 over both 32-bit halves of a (safe) integer. */
export function hashNumber(n: number): number {
  const lo = n >>> 0;
  const hi = Math.floor(n / 0x100000000) >>> 0;
  return mix32(mix32(lo) ^ Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b));
}

export function hashKey(key: string | number): number {
  return typeof key === 'number' ? hashNumber(key) : hashString(key);
}

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
