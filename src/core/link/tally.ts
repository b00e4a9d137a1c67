/** Small helpers shared by the campaign description: tallies over members and text formatting. */
import { templateId, type AccountProfile } from './profile';
import type { TemplateLookup } from './types';

export interface Tally {
  accounts: Set<string>;
  records: number;
  flagged: number;
}

/** value → which members use it, with summed records (and records with findings). */
export function tally(members: AccountProfile[], values: (m: AccountProfile) => [string, number, number][]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const m of members) {
    for (const [key, n, f] of values(m)) {
      const t = out.get(key) ?? { accounts: new Set<string>(), records: 0, flagged: 0 };
      t.accounts.add(m.name);
      t.records += n;
      t.flagged += f;
      out.set(key, t);
    }
  }
  return out;
}

/** Template id → which members send it, with their records (and records with findings). */
export function templateTally(members: AccountProfile[], templates: TemplateLookup): Map<string, Tally> {
  return tally(members, (m) => [...m.agg.templateUses()].map(([k, [n, f]]) => [templateId(k, templates), n, f]));
}

export function sumOf<T>(items: T[], f: (t: T) => number): number {
  let s = 0;
  for (const t of items) s += f(t);
  return s;
}

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
export const pct = (x: number): string => `${Math.round(x * 100)}%`;
export const fmt = (n: number): string => n.toLocaleString('en-US');
export const iso = (ms: number): string => new Date(ms).toISOString();
