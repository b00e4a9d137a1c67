/**
 * IP addresses as logs write them: plain IPv4/IPv6, bracketed or with a port, with a zone id,
 * as an X-Forwarded-For list (the first hop is the client), or IPv4-mapped IPv6 (`::ffff:1.2.3.4`,
 * which is the IPv4 client and must link with it). Subnets: /24 for IPv4, /48 for IPv6.
 */

export interface ParsedIp {
  /** Canonical text: dotted IPv4, or RFC 5952 compressed lower-case IPv6. */
  address: string;
  /** `a.b.c.0/24`, or the /48 prefix in canonical IPv6 text (`2001:db8:1::/48`). */
  subnet: string;
  version: 4 | 6;
}

const cache = new Map<string, ParsedIp | null>();
const CACHE_LIMIT = 50_000;

/** parseIp, memoized: logs repeat the same few addresses many times. */
export function parseIpCached(raw: string): ParsedIp | null {
  let hit = cache.get(raw);
  if (hit === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    hit = parseIp(raw);
    cache.set(raw, hit);
  }
  return hit;
}

export function parseIp(raw: string): ParsedIp | null {
  let s = raw.split(',')[0].trim().toLowerCase();
  if (s === '') return null;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1];
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const v4 = parseIpv4(s);
  if (v4) return ipv4Result(v4);
  const v6 = parseIpv6(s);
  if (!v6) return null;
  if (isIpv4Mapped(v6)) return ipv4Result([v6[6] >> 8, v6[6] & 255, v6[7] >> 8, v6[7] & 255]);
  return { address: formatIpv6(v6), subnet: `${formatIpv6([...v6.slice(0, 3), 0, 0, 0, 0, 0])}/48`, version: 6 };
}

function ipv4Result(o: number[]): ParsedIp {
  return { address: o.join('.'), subnet: `${o[0]}.${o[1]}.${o[2]}.0/24`, version: 4 };
}

function parseIpv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    octets.push(n);
  }
  return octets;
}

/** Eight 16-bit groups, or null. Accepts `::` compression and a trailing dotted IPv4. */
function parseIpv6(s: string): number[] | null {
  if (!s.includes(':')) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const groups = (parts: string[]): number[] | null => {
    const out: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-f]{1,4}$/.test(p)) {
        out.push(parseInt(p, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return null;
  if (halves.length === 1) return h.length === 8 ? h : null;
  const missing = 8 - h.length - t.length;
  if (missing < 1) return null;
  return [...h, ...new Array<number>(missing).fill(0), ...t];
}

function isIpv4Mapped(g: number[]): boolean {
  return g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
}

/** RFC 5952: longest run (>= 2) of zero groups becomes `::`, first run on ties. */
function formatIpv6(g: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
