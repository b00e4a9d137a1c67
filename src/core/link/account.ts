/**
 * Per-account aggregate: counters plus bottom-k samples, so memory per account is bounded whatever
 * the number of records (a few hundred numbers at most), and shard aggregates merge exactly.
 */
import { BottomK, sum, tupleShape, type ValueShape } from './bottomK';
import { hashString } from './hash';
import { parseIpCached } from './ip';
import type { LinkObservation } from './types';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * [records, records with a detection finding, scripted turns, earlier user turns of those]: a
 * scripted turn is a multi-turn record whose last (prompt) turn is in this template and carries a
 * finding — the closing request of a conversation; the fourth count is how many user turns came
 * before it in that conversation (its opener and middle turns). States written before the last two
 * counts existed read them as 0 (see `tupleShape`).
 */
export type TemplateUse = [number, number, number, number];
/** [records, first seen epoch ms (or -1 when unknown)] */
type ModelUse = [number, number];

const TEMPLATE_USE = tupleShape(sum, sum, sum, sum);
const MODEL_USE = tupleShape(sum, minKnown);

function minKnown(a: number, b: number): number {
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}

const CAPS = {
  ips: 12,
  subnets: 8,
  clients: 6,
  payments: 6,
  orgs: 4,
  models: 12,
  templates: 24,
  flaggedTemplates: 12,
  families: 16,
  minutes: 48,
  hours: 32,
  days: 40,
  modelDays: 48,
} as const;

export class AccountAggregate {
  records = 0;
  singleTurn = 0;
  withTemplate = 0;
  withFindings = 0;
  /** Epoch ms; -1 when no record had a time. */
  first = -1;
  last = -1;
  /** The linker's queue of held-back observations for this account (-1: none). Not state. */
  queue = -1;
  ips = new BottomK<string, number>(CAPS.ips);
  subnets = new BottomK<string, number>(CAPS.subnets);
  clients = new BottomK<string, number>(CAPS.clients);
  /**
   * Samples most accounts never fill (in the 200k bench log: no org for 79 % of accounts, no
   * finding for 84 %, no payment for 12 %) exist from their first key; until then they read as an empty one.
   */
  private paymentsSample: BottomK<string, number> | null = null;
  private orgsSample: BottomK<string, number> | null = null;
  private familiesSample: BottomK<string, number> | null = null;
  /**
   * The templates of flagged records only. `templates` keeps a uniform sample of an account's
   * distinct templates: an account that hides a campaign's few templates among many one-off prompts
   * (camouflage) would keep mostly the one-offs. Only accounts with findings have this sample.
   */
  private flaggedTemplatesSample: BottomK<number, TemplateUse> | null = null;
  models = new BottomK<string, ModelUse>(CAPS.models, MODEL_USE);
  templates = new BottomK<number, TemplateUse>(CAPS.templates, TEMPLATE_USE);
  /** Activity buckets (epoch minute / hour / day → records). */
  minutes = new BottomK<number, number>(CAPS.minutes);
  hours = new BottomK<number, number>(CAPS.hours);
  days = new BottomK<number, number>(CAPS.days);
  /** (day, model) → records, keyed by modelDayKey. */
  modelDays = new BottomK<number, number>(CAPS.modelDays);

  get payments(): BottomK<string, number> {
    return this.paymentsSample ?? EMPTY.payments;
  }

  get orgs(): BottomK<string, number> {
    return this.orgsSample ?? EMPTY.orgs;
  }

  /** Detection family → records. */
  get families(): BottomK<string, number> {
    return this.familiesSample ?? EMPTY.families;
  }

  /**
   * Template key → use: the sampled templates with all their records, then the templates of flagged
   * records the sample missed, with their flagged records only.
   */
  *templateUses(): IterableIterator<[number, TemplateUse]> {
    yield* this.templates;
    if (!this.flaggedTemplatesSample) return;
    for (const entry of this.flaggedTemplatesSample) if (!this.templates.has(entry[0])) yield entry;
  }

  add(o: LinkObservation): void {
    this.records++;
    // Earlier user turns before this prompt; from turnCount (alternating turns) when not given.
    const earlierUserTurns = o.userTurns !== undefined ? Math.max(0, o.userTurns - 1) : Math.floor((o.turnCount - 1) / 2);
    if (o.userTurns !== undefined ? o.userTurns <= 1 : o.turnCount <= 1) this.singleTurn++;
    const families = o.families;
    const flagged = families !== undefined && families.length > 0;
    if (flagged) this.withFindings++;
    const t = typeof o.time === 'number' && Number.isFinite(o.time) ? o.time : undefined;
    if (t !== undefined) {
      this.first = this.first < 0 ? t : Math.min(this.first, t);
      this.last = Math.max(this.last, t);
      this.minutes.add(Math.floor(t / MINUTE), 1);
      this.hours.add(Math.floor(t / HOUR), 1);
      this.days.add(Math.floor(t / DAY), 1);
    }
    if (o.ip) {
      const ip = parseIpCached(o.ip);
      if (ip) {
        this.ips.add(ip.address, 1);
        this.subnets.add(ip.subnet, 1);
      }
    }
    if (o.userAgent) {
      const client = clientName(o.userAgent);
      if (client) this.clients.add(client, 1);
    }
    if (o.payment) {
      const payment = o.payment.trim();
      if (payment) (this.paymentsSample ??= new BottomK(CAPS.payments)).add(payment, 1);
    }
    if (o.org) {
      const org = o.org.trim();
      if (org) (this.orgsSample ??= new BottomK(CAPS.orgs)).add(org, 1);
    }
    const model = o.model?.trim();
    if (model) {
      this.models.add(model, [1, t ?? -1]);
      if (t !== undefined) this.modelDays.add(modelDayKey(Math.floor(t / DAY), model), 1);
    }
    if (o.templateKey !== null && o.templateKey !== undefined) {
      this.withTemplate++;
      // A flagged prompt after earlier user turns: the closing turn of a (possibly staged) chat.
      const scripted = flagged && earlierUserTurns > 0;
      const use: TemplateUse = [1, flagged ? 1 : 0, scripted ? 1 : 0, scripted ? earlierUserTurns : 0];
      this.templates.add(o.templateKey, use);
      if (flagged) (this.flaggedTemplatesSample ??= new BottomK(CAPS.flaggedTemplates, TEMPLATE_USE)).add(o.templateKey, use);
    }
    if (flagged) {
      const sample = (this.familiesSample ??= new BottomK(CAPS.families));
      if (families.length === 1) sample.add(families[0], 1);
      else for (const family of new Set(families)) sample.add(family, 1);
    }
  }

  remapTemplates(map: (key: number) => number): void {
    const remap = (sample: BottomK<number, TemplateUse>, k: number) => {
      const remapped = new BottomK<number, TemplateUse>(k, TEMPLATE_USE);
      for (const [key, use] of sample) remapped.add(map(key), use);
      return remapped;
    };
    this.templates = remap(this.templates, CAPS.templates);
    if (this.flaggedTemplatesSample) this.flaggedTemplatesSample = remap(this.flaggedTemplatesSample, CAPS.flaggedTemplates);
  }

  /** Share of minutes in the account's own active span in which it sent something. */
  minuteRate(): number {
    if (this.first < 0) return 0;
    const spanMinutes = Math.floor(this.last / MINUTE) - Math.floor(this.first / MINUTE) + 1;
    return Math.min(1, this.minutes.distinct() / spanMinutes);
  }

  merge(other: AccountAggregate): void {
    this.records += other.records;
    this.singleTurn += other.singleTurn;
    this.withTemplate += other.withTemplate;
    this.withFindings += other.withFindings;
    this.first = minKnown(this.first, other.first);
    this.last = Math.max(this.last, other.last);
    for (const name of EAGER_SAMPLE_NAMES) (this[name] as AnySample).merge(other[name] as AnySample);
    this.paymentsSample = mergeLazy(this.paymentsSample, other.paymentsSample, CAPS.payments);
    this.orgsSample = mergeLazy(this.orgsSample, other.orgsSample, CAPS.orgs);
    this.familiesSample = mergeLazy(this.familiesSample, other.familiesSample, CAPS.families);
    this.flaggedTemplatesSample = mergeLazy(this.flaggedTemplatesSample, other.flaggedTemplatesSample, CAPS.flaggedTemplates, TEMPLATE_USE);
  }

  toJSON(): unknown {
    const out: Record<string, unknown> = {
      records: this.records,
      singleTurn: this.singleTurn,
      withTemplate: this.withTemplate,
      withFindings: this.withFindings,
      first: this.first,
      last: this.last,
    };
    for (const name of SAMPLE_NAMES) out[name] = this[name].toJSON();
    if (this.flaggedTemplatesSample) out.flaggedTemplates = this.flaggedTemplatesSample.toJSON();
    return out;
  }

  static fromJSON(v: unknown): AccountAggregate {
    const j = v as Record<string, unknown>;
    const a = new AccountAggregate();
    a.records = j.records as number;
    a.singleTurn = j.singleTurn as number;
    a.withTemplate = j.withTemplate as number;
    a.withFindings = j.withFindings as number;
    a.first = j.first as number;
    a.last = j.last as number;
    a.ips = BottomK.fromJSON(j.ips, CAPS.ips);
    a.subnets = BottomK.fromJSON(j.subnets, CAPS.subnets);
    a.clients = BottomK.fromJSON(j.clients, CAPS.clients);
    a.paymentsSample = lazyFromJSON(j.payments, CAPS.payments);
    a.orgsSample = lazyFromJSON(j.orgs, CAPS.orgs);
    a.models = BottomK.fromJSON<string, ModelUse>(j.models, CAPS.models, MODEL_USE);
    a.templates = BottomK.fromJSON<number, TemplateUse>(j.templates, CAPS.templates, TEMPLATE_USE);
    a.familiesSample = lazyFromJSON(j.families, CAPS.families);
    a.flaggedTemplatesSample = lazyFromJSON(j.flaggedTemplates, CAPS.flaggedTemplates, TEMPLATE_USE);
    a.minutes = BottomK.fromJSON(j.minutes, CAPS.minutes);
    a.hours = BottomK.fromJSON(j.hours, CAPS.hours);
    a.days = BottomK.fromJSON(j.days, CAPS.days);
    a.modelDays = BottomK.fromJSON(j.modelDays, CAPS.modelDays);
    return a;
  }
}

const SAMPLE_NAMES = [
  'ips',
  'subnets',
  'clients',
  'payments',
  'orgs',
  'models',
  'templates',
  'families',
  'minutes',
  'hours',
  'days',
  'modelDays',
] as const;

const LAZY_SAMPLE_NAMES: readonly string[] = ['payments', 'orgs', 'families'];
/** The samples every account has (the lazy ones are merged on their own). */
const EAGER_SAMPLE_NAMES = SAMPLE_NAMES.filter((name) => !LAZY_SAMPLE_NAMES.includes(name));

/** Read-only stand-ins for samples not created yet (frozen: adding to one throws). */
const EMPTY = {
  payments: frozenEmpty(CAPS.payments),
  orgs: frozenEmpty(CAPS.orgs),
  families: frozenEmpty(CAPS.families),
};

function frozenEmpty(k: number): BottomK<string, number> {
  const sample = new BottomK<string, number>(k);
  Object.freeze(sample);
  return sample;
}

/** A lazily created sample merged with another's (which may not exist either). */
function mergeLazy<K extends string | number, V extends number | readonly number[]>(mine: BottomK<K, V> | null, theirs: BottomK<K, V> | null, k: number, shape?: ValueShape): BottomK<K, V> | null {
  if (!theirs) return mine;
  const into = mine ?? new BottomK<K, V>(k, shape);
  into.merge(theirs);
  return into;
}

/** A lazily created sample from its JSON (absent or empty: not created). */
function lazyFromJSON<K extends string | number, V extends number | readonly number[]>(json: unknown, k: number, shape?: ValueShape): BottomK<K, V> | null {
  if (json === undefined) return null;
  const sample = BottomK.fromJSON<K, V>(json, k, shape);
  return sample.size > 0 ? sample : null;
}

/** A number naming (day, model): the day times 4096 plus 12 bits of the model's hash. */
export function modelDayKey(day: number, model: string): number {
  return day * 4096 + (modelBits(model) & 4095);
}


// Logs repeat the same few models and clients on every record: normalize and hash each once.
const CACHE_LIMIT = 10_000;
const modelHashes = new Map<string, number>();
const clientNames = new Map<string, string>();

function modelBits(model: string): number {
  let h = modelHashes.get(model);
  if (h === undefined) {
    if (modelHashes.size >= CACHE_LIMIT) modelHashes.clear();
    modelHashes.set(model, (h = hashString(model)));
  }
  return h;
}

function clientName(userAgent: string): string {
  let name = clientNames.get(userAgent);
  if (name === undefined) {
    if (clientNames.size >= CACHE_LIMIT) clientNames.clear();
    clientNames.set(userAgent, (name = userAgent.trim().toLowerCase()));
  }
  return name;
}

type AnySample = BottomK<string | number, number | readonly number[]>;

export { MINUTE, HOUR, DAY };
