/** The distillation campaigns: each a different style of account network, timing and template use. */
import type { GenRecord } from './model';
import type { Population } from './population';
import { benignSingle, fromTemplate, pickMath, type PromptDraft } from './prompts';
import type { Rng } from './prng';
import { CENSORSHIP_EN, CENSORSHIP_ZH, SENSITIVE_POLITICAL_ZH } from './templates/censorship';
import { AGENT_TRAJECTORY_EN, CODE_TRACE_EN, CODING_EN } from './templates/coding';
import { chooseVariants, type TemplateVariant } from './templates/compose';
import { GRADING_EN, GRADING_ZH, RUBRICS_EN, RUBRICS_ZH } from './templates/grading';
import { REASONING_EN, REASONING_ZH } from './templates/reasoning';
import {
  accountId,
  datacenterSubnet,
  DAY,
  HOUR,
  paymentFingerprint,
  responseText,
  SDK_USER_AGENTS,
  type World,
} from './world';

function record(
  time: number,
  account: string,
  signals: { ip: string; userAgent: string; payment?: string; org?: string },
  model: string,
  campaign: string,
  draft: PromptDraft,
): GenRecord {
  return {
    time,
    account,
    ...signals,
    model,
    system: draft.system,
    turns: draft.turns,
    response: draft.response,
    truth: { ...draft.truth, campaign, hardNegative: null },
  };
}

const variantIds = (variants: TemplateVariant[]) => variants.map((v) => v.id);

/**
 * Coding/agentic harvest over a proxy pool: many accounts, round-robin, evenly spaced requests around
 * the clock, single-turn, with a little ordinary cover traffic; about half its traffic moves to the new
 * model within a day of its release, and later part of it asks for the reasoning behind reference solutions.
 */
export function proxyHarvest(world: World, rng: Rng, records: number, proxyPool: string[]): Population {
  const id = 'hydra-coding';
  const accounts = Array.from({ length: Math.max(20, Math.round(records / 30)) }, () => accountId(world, rng));
  const payments = accounts.map(() => paymentFingerprint(rng));
  const userAgents = rng.sample(['python-httpx/0.27.2', 'OpenAI/Python 1.40.0', 'aiohttp/3.10.10'], 2);
  const coding = chooseVariants(CODING_EN, rng, rng.int(4, 6));
  const traces = chooseVariants(CODE_TRACE_EN, rng, rng.int(2, 4));
  const agentic = chooseVariants(AGENT_TRAJECTORY_EN, rng, rng.int(2, 4));
  const pivotAt = world.newModelAt + rng.int(2, 20) * HOUR;
  const traceFrom = world.start + (world.end - world.start) * 0.6;
  const startAt = world.start + rng.int(2, 20) * HOUR;
  let next = rng.int(0, accounts.length - 1);
  return {
    name: id,
    records,
    hardNegative: null,
    weight: (t) => (t < startAt ? 0 : 1),
    emit(sliceStart, sliceEnd, count) {
      const out: GenRecord[] = [];
      const step = (sliceEnd - sliceStart) / Math.max(1, count);
      for (let i = 0; i < count; i++) {
        const time = Math.floor(sliceStart + i * step + rng.next() * step * 0.2);
        const index = next++ % accounts.length;
        const task = rng.pick(world.pools.code);
        const useTrace = time >= traceFrom && rng.chance(0.3);
        const variant = useTrace ? rng.pick(traces) : rng.chance(0.25) ? rng.pick(agentic) : rng.pick(coding);
        const model =
          time >= pivotAt && rng.chance(0.5) ? world.models.next : rng.chance(0.75) ? world.models.legacy : world.models.small;
        // A little cover traffic: ordinary questions sent by the same accounts.
        const cover = rng.chance(0.04);
        const draft = cover ? benignSingle(world, rng, 'en') : fromTemplate(rng, variant, { task: task.task, solution: task.solution });
        if (!cover) draft.response = `\`\`\`python\n${task.solution}\n\`\`\``;
        out.push(
          record(time, accounts[index], { ip: rng.pick(proxyPool), userAgent: rng.pick(userAgents), payment: payments[index] }, model, id, draft),
        );
      }
      return out;
    },
    accounts: () => accounts,
    campaign: () => ({
      id,
      style: 'proxy-harvest',
      accounts,
      templates: variantIds([...coding, ...agentic, ...traces]),
      families: [...new Set([...coding, ...agentic, ...traces].flatMap((v) => v.detection))],
      pivot: {
        from: world.models.legacy,
        to: world.models.next,
        releasedAt: new Date(world.newModelAt).toISOString(),
        pivotAt: new Date(pivotAt).toISOString(),
        share: 0.5,
      },
    }),
  };
}

/**
 * Reasoning-trace extraction in bursts: EN and ZH templates around solved math problems, accounts in
 * cells that share a payment fingerprint, hosted on a few datacenter subnets, with varied clients.
 */
export function burstReasoning(world: World, rng: Rng, records: number): Population {
  const id = 'burst-reasoning';
  const subnets = Array.from({ length: rng.int(2, 4) }, () => datacenterSubnet(rng));
  const count = Math.max(12, Math.round(records / 40));
  const cellCards: string[] = [];
  const members = Array.from({ length: count }, (_, i) => {
    if (i % rng.int(3, 6) === 0 || cellCards.length === 0) cellCards.push(paymentFingerprint(rng));
    const subnet = rng.pick(subnets);
    return {
      id: accountId(world, rng),
      ip: `${subnet}.${rng.int(2, 254)}`,
      userAgent: rng.pick(SDK_USER_AGENTS),
      // Some accounts pay with their own card, most with their cell's shared one.
      payment: rng.chance(0.2) ? paymentFingerprint(rng) : cellCards[cellCards.length - 1],
    };
  });
  const en = chooseVariants(REASONING_EN, rng, rng.int(4, 6));
  const zh = chooseVariants(REASONING_ZH, rng, rng.int(3, 5));
  const hours = Math.floor((world.end - world.start) / HOUR);
  const bursts = Array.from({ length: rng.int(8, 14) }, () => {
    const startHour = rng.int(0, hours - 6);
    return { from: world.start + startHour * HOUR, to: world.start + (startHour + rng.int(2, 5)) * HOUR };
  });
  const active = (t: number) => bursts.filter((b) => t >= b.from && t < b.to).length;
  return {
    name: id,
    records,
    hardNegative: null,
    weight: active,
    emit(sliceStart, sliceEnd, n) {
      const out: GenRecord[] = [];
      // Each hour of a burst is carried by a subset of the accounts.
      const crew = rng.sample(members, Math.max(3, Math.round(members.length * 0.4)));
      for (let i = 0; i < n; i++) {
        const m = rng.pick(crew);
        const time = sliceStart + Math.floor(rng.next() * (sliceEnd - sliceStart));
        const zhPrompt = rng.chance(0.4);
        const variant = zhPrompt ? rng.pick(zh) : rng.pick(en);
        const item = pickMath(world, rng, zhPrompt && rng.chance(0.8) ? 'zh' : 'en');
        const draft = fromTemplate(rng, variant, { problem: item.problem, answer: item.answer }, item.answer);
        out.push(record(time, m.id, m, rng.chance(0.8) ? world.models.legacy : world.models.small, id, draft));
      }
      return out;
    },
    accounts: () => members.map((m) => m.id),
    campaign: () => ({
      id,
      style: 'burst-reasoning',
      accounts: members.map((m) => m.id),
      templates: variantIds([...en, ...zh]),
      families: [REASONING_EN.detection[0]],
      pivot: null,
    }),
  };
}

/**
 * A small crew in lockstep: every tick all accounts send the same template (each its own payload)
 * within seconds of each other; rubric grading and censorship-safe rewrites, EN and ZH.
 */
export function lockstepCrew(world: World, rng: Rng, records: number): Population {
  const id = 'lockstep-crew';
  const subnet = datacenterSubnet(rng);
  const userAgent = rng.pick(SDK_USER_AGENTS);
  const crew = Array.from({ length: rng.int(5, 10) }, () => ({
    id: accountId(world, rng),
    ip: `${subnet}.${rng.int(2, 254)}`,
    userAgent,
    payment: paymentFingerprint(rng),
  }));
  const variants = [
    ...chooseVariants(GRADING_EN, rng, 3),
    ...chooseVariants(GRADING_ZH, rng, 3),
    ...chooseVariants(CENSORSHIP_EN, rng, 3),
    ...chooseVariants(CENSORSHIP_ZH, rng, 3),
  ];
  // Two working sessions a day (Beijing time) from the second day on.
  const sessions: { from: number; to: number }[] = [];
  for (let day = world.start + DAY; day < world.end; day += DAY) {
    const midnight = day - ((day + 8 * HOUR) % DAY);
    for (const startHour of [rng.int(9, 11), rng.int(14, 16)]) {
      const from = midnight + startHour * HOUR;
      sessions.push({ from, to: from + rng.int(1, 2) * HOUR });
    }
  }
  let tickVariant = variants[0];
  const draftFor = (variant: TemplateVariant): PromptDraft => {
    const zh = variant.lang === 'zh';
    if (variant.family.startsWith('grading')) {
      const useCode = rng.chance(0.3);
      const code = rng.pick(world.pools.code);
      const item = pickMath(world, rng, zh ? 'zh' : 'en');
      const question = useCode ? code.task : item.problem;
      const candidate = useCode ? code.solution : rng.chance(0.5) && item.solution ? item.solution : `${responseText(rng, variant.lang)} ${item.answer}`;
      return fromTemplate(rng, variant, { question, candidate, rubric: rng.pick(zh ? RUBRICS_ZH : RUBRICS_EN) });
    }
    const pool = zh && rng.chance(0.6) ? SENSITIVE_POLITICAL_ZH : world.pools.sensitivePolitical.length > 0 ? world.pools.sensitivePolitical : SENSITIVE_POLITICAL_ZH;
    return fromTemplate(rng, variant, { question: rng.pick(pool) });
  };
  return {
    name: id,
    // Whole ticks only: every tick, every member sends.
    records: Math.floor(records / crew.length) * crew.length,
    granularity: crew.length,
    hardNegative: null,
    weight: (t) => (sessions.some((s) => t >= s.from && t < s.to) ? 1 : 0),
    emit(sliceStart, sliceEnd, n) {
      const out: GenRecord[] = [];
      const ticks = n / crew.length;
      const gap = (sliceEnd - sliceStart) / ticks;
      for (let tick = 0; tick < ticks; tick++) {
        const tickTime = sliceStart + Math.floor(tick * gap + rng.next() * gap * 0.3);
        if (rng.chance(0.6)) tickVariant = rng.pick(variants);
        for (const member of crew) {
          const time = tickTime + rng.int(0, 2500);
          out.push(record(time, member.id, member, rng.chance(0.7) ? world.models.legacy : world.models.small, id, draftFor(tickVariant)));
        }
      }
      return out;
    },
    accounts: () => crew.map((m) => m.id),
    campaign: () => ({
      id,
      style: 'lockstep-crew',
      accounts: crew.map((m) => m.id),
      templates: variantIds(variants),
      families: [...new Set(variants.flatMap((v) => v.detection))],
      pivot: null,
    }),
  };
}

/** The proxy pool of the harvest campaign: a few /24s of a commercial proxy provider. */
export function proxyPoolFor(rng: Rng, records: number): string[] {
  const subnets = Array.from({ length: rng.int(2, 4) }, () => datacenterSubnet(rng));
  const size = Math.min(200, Math.max(12, Math.round(records / 600)));
  return Array.from({ length: size }, () => `${rng.pick(subnets)}.${rng.int(2, 254)}`);
}

