/** The shared setting of a scenario: timeline, models, network and client pools, response text. */
import type { Rng } from './prng';
import type { SourcePools } from './sources';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface World {
  pools: SourcePools;
  start: number;
  end: number;
  sliceMs: number;
  slices: number;
  /** When the new model first appears (mid-log). */
  newModelAt: number;
  models: { legacy: string; small: string; next: string };
  /** One account-id style for the whole log, so ids never tell campaigns from customers. */
  accountPrefix: string;
}

export function makeWorld(rng: Rng, pools: SourcePools, days: number): World {
  const start = Date.UTC(2026, 0, 5) + rng.int(0, 23) * HOUR;
  const end = start + days * DAY;
  const slices = days * 24;
  const newModelAt = start + Math.floor(days * (0.45 + rng.next() * 0.15) * 24) * HOUR + rng.int(0, 59) * 60_000;
  const family = rng.pick(['atlas', 'orion', 'nimbus', 'lumen']);
  return {
    pools,
    start,
    end,
    sliceMs: HOUR,
    slices,
    newModelAt,
    models: { legacy: `${family}-2`, small: `${family}-2-mini`, next: `${family}-3` },
    accountPrefix: rng.pick(['user', 'u', 'acct', 'key', 'cus']),
  };
}

/** Model chosen by an honest user: the new model is adopted gradually after its release. */
export function honestModel(world: World, rng: Rng, time: number): string {
  if (time >= world.newModelAt) {
    const daysSince = (time - world.newModelAt) / DAY;
    if (rng.chance(Math.min(0.45, 0.02 + daysSince * 0.06))) return world.models.next;
  }
  return rng.chance(0.7) ? world.models.legacy : world.models.small;
}

export function residentialIp(rng: Rng): string {
  const first = rng.pick([24, 31, 46, 50, 67, 71, 73, 82, 89, 92, 98, 101, 112, 114, 121, 174, 176, 188, 203]);
  return `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** A /24 of a hosting or proxy provider, as `a.b.c`. */
export function datacenterSubnet(rng: Rng): string {
  const first = rng.pick([45, 103, 104, 139, 146, 154, 159, 165, 185, 193, 194, 206, 209]);
  return `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}`;
}

export const SDK_USER_AGENTS: readonly string[] = [
  'OpenAI/Python 1.54.3',
  'OpenAI/Python 1.40.0',
  'OpenAI/NodeJS/4.67.1',
  'anthropic-python/0.39.0',
  'anthropic-typescript/0.32.1',
  'python-requests/2.32.3',
  'python-httpx/0.27.2',
  'curl/8.5.0',
  'axios/1.7.7',
  'Go-http-client/2.0',
  'langchain/0.3.7 python/3.11',
  'llama-index/0.11.20',
  'okhttp/4.12.0',
];

export const BROWSER_USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
];

export function honestUserAgent(rng: Rng): string {
  return rng.chance(0.55) ? rng.pick(SDK_USER_AGENTS) : rng.pick(BROWSER_USER_AGENTS);
}

export function paymentFingerprint(rng: Rng): string {
  return `fp_${rng.hex(16)}`;
}

export function accountId(world: World, rng: Rng): string {
  return `${world.accountPrefix}_${rng.id(10)}`;
}

const FILLER_EN = [
  'Here is a clear answer.',
  'Let me go through it.',
  'The key idea is to break the problem into smaller parts.',
  'First, consider the main constraint.',
  'This approach works well in most cases.',
  'In short, the answer depends on a few factors.',
  'I hope this helps; let me know if you need more detail.',
  'A common mistake is to skip the edge cases.',
];
const FILLER_ZH = ['好的，下面是详细的回答。', '首先，我们来看主要的条件。', '关键是把问题拆成几个部分。', '总的来说，这取决于几个因素。', '希望对你有帮助。', '需要注意边界情况。'];

/** A plausible assistant reply: short filler, plus the known answer when there is one. */
export function responseText(rng: Rng, lang: 'en' | 'zh', answer?: string): string {
  const filler = lang === 'zh' ? FILLER_ZH : FILLER_EN;
  const parts: string[] = [];
  const n = rng.int(1, 4);
  for (let i = 0; i < n; i++) parts.push(rng.pick(filler));
  if (answer) parts.push(lang === 'zh' ? `答案是 ${answer}。` : `The answer is ${answer}.`);
  return parts.join(lang === 'zh' ? '' : ' ');
}

/** Relative traffic at an hour of the day for people at a UTC offset (working-day shape). */
export function diurnal(time: number, utcOffsetHours: number): number {
  const hour = (((time / HOUR + utcOffsetHours) % 24) + 24) % 24;
  return 0.15 + Math.max(0, Math.sin(((hour - 6) / 16) * Math.PI));
}

export function isWeekend(time: number, utcOffsetHours: number): boolean {
  const day = new Date(time + utcOffsetHours * HOUR).getUTCDay();
  return day === 0 || day === 6;
}
