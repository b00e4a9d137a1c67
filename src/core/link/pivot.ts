/** Which models a group used, and whether it pivoted to a newly appearing one. */
import { DAY, HOUR, modelDayKey } from './account';
import { timeSpan, type AccountProfile } from './profile';
import { cmp, round, sumOf } from './tally';

export interface ModelTotal {
  model: string;
  records: number;
  /** The group's first use (epoch ms), -1 when unknown. */
  first: number;
  accounts: string[];
}

export interface Pivot {
  to: string;
  share: number;
  withinHours: number;
  accounts: string[];
}

export function modelUse(members: AccountProfile[]): ModelTotal[] {
  const byModel = new Map<string, ModelTotal>();
  for (const m of members) {
    for (const [model, [n, first]] of m.agg.models) {
      const t = byModel.get(model) ?? { model, records: 0, first: -1, accounts: [] };
      t.records += n;
      if (first >= 0) t.first = t.first < 0 ? first : Math.min(t.first, first);
      t.accounts.push(m.name);
      byModel.set(model, t);
    }
  }
  return [...byModel.values()].sort((a, b) => b.records - a.records || cmp(a.model, b.model));
}

/**
 * Model pivot: a model first sighted in the log (more than 6 h after the log starts) while the group
 * was already active, that two or more members started using within a day of that sighting, and
 * that carries >= 30% (and >= 10 records) of the group's traffic on the day after the group's first
 * use (that day itself when the log ends sooner). Reported: the share over that window.
 */
export function findPivot(members: AccountProfile[], models: ModelTotal[], modelFirstSeen: Map<string, number>, logStart: number): Pivot | null {
  const groupFirst = timeSpan(members).first;
  if (groupFirst < 0) return null;
  let best: Pivot | null = null;
  for (const m of models) {
    const sighted = modelFirstSeen.get(m.model);
    if (sighted === undefined || m.first < 0 || sighted <= logStart + 6 * HOUR || groupFirst >= sighted) continue;
    const withinHours = (m.first - sighted) / HOUR;
    if (withinHours > 24 || m.accounts.length < 2) continue;
    const firstDay = Math.floor(m.first / DAY);
    const window = [firstDay + 1, firstDay].map((day) => dayTraffic(members, day, m.model)).find((w) => w.total >= 10);
    if (!window || window.model < 10) continue;
    const share = window.model / window.total;
    if (share < 0.3) continue;
    if (!best || share > best.share) best = { to: m.model, share: round(share, 2), withinHours: round(Math.max(0, withinHours), 1), accounts: [...m.accounts].sort() };
  }
  return best;
}

/** The group's records on one day, all models and one model. */
function dayTraffic(members: AccountProfile[], day: number, model: string): { total: number; model: number } {
  const key = modelDayKey(day, model);
  return {
    total: sumOf(members, (p) => p.agg.days.get(day) ?? 0),
    model: sumOf(members, (p) => p.agg.modelDays.get(key) ?? 0),
  };
}
