/** Prompt drafts: the conversation of one request and its truth, before signals and format are added. */
import type { GenTurn, RecordTruth } from './model';
import type { Rng } from './prng';
import type { MathItem } from './sources';
import { fill, type Lang, type TemplateVariant } from './templates/compose';
import { BENIGN_EN_OWN, BENIGN_ZH_OWN, COT_EN, COT_ZH, FOLLOW_UPS_EN, FOLLOW_UPS_ZH } from './templates/benign';
import { responseText, type World } from './world';

export interface PromptDraft {
  turns: GenTurn[];
  system?: string;
  response: string;
  truth: Omit<RecordTruth, 'campaign' | 'hardNegative'>;
}

const untemplated = (lang: Lang) => ({ template: null, templateFamily: null, families: [], lang });

export function benignSingle(world: World, rng: Rng, lang: Lang): PromptDraft {
  const { pools } = world;
  const pool = lang === 'zh' ? (pools.benignZh.length > 0 ? pools.benignZh : BENIGN_ZH_OWN) : pools.benignEn;
  const text = rng.chance(0.1) || pool.length === 0 ? rng.pick(lang === 'zh' ? BENIGN_ZH_OWN : BENIGN_EN_OWN) : rng.pick(pool);
  return { turns: [{ role: 'user', text }], response: responseText(rng, lang), truth: untemplated(lang) };
}

/** A conversation of 2–4 user turns; the request carries the history. */
export function benignConversation(world: World, rng: Rng, lang: Lang): PromptDraft {
  const { pools } = world;
  const turns: GenTurn[] = [];
  if (lang === 'en' && pools.multiTurnEn.length > 0 && rng.chance(0.4)) {
    const [first, second] = rng.pick(pools.multiTurnEn);
    turns.push({ role: 'user', text: first }, { role: 'assistant', text: responseText(rng, lang) }, { role: 'user', text: second });
  } else {
    turns.push(benignSingle(world, rng, lang).turns[0]);
    const followUps = rng.int(1, 3);
    for (let i = 0; i < followUps; i++) {
      turns.push({ role: 'assistant', text: responseText(rng, lang) });
      turns.push({ role: 'user', text: rng.pick(lang === 'zh' ? FOLLOW_UPS_ZH : FOLLOW_UPS_EN) });
    }
  }
  return { turns, response: responseText(rng, lang), truth: untemplated(lang) };
}

/** A math question asked plainly by an honest user, inside a habitual "show your work" wrapper. */
export function benignCot(world: World, rng: Rng, lang: Lang, wrapperIndex: number): PromptDraft {
  const item = pickMath(world, rng, lang);
  const wrappers = lang === 'zh' ? COT_ZH : COT_EN;
  const index = wrapperIndex % wrappers.length;
  return {
    turns: [{ role: 'user', text: fill(wrappers[index], { question: item.problem }) }],
    response: responseText(rng, lang, item.answer),
    truth: { template: `benign-cot-${lang}#${index}`, templateFamily: `benign-cot-${lang}`, families: [], lang },
  };
}

export function sensitivePlain(world: World, rng: Rng, ownZh: readonly string[]): PromptDraft {
  const { pools } = world;
  const zh = rng.chance(0.45);
  const pool = zh ? [...pools.sensitiveZh, ...ownZh] : pools.sensitivePolitical;
  const text = rng.pick(pool.length > 0 ? pool : ownZh);
  const lang: Lang = zh ? 'zh' : 'en';
  return { turns: [{ role: 'user', text }], response: responseText(rng, lang), truth: untemplated(lang) };
}

export function pickMath(world: World, rng: Rng, lang: Lang): MathItem {
  const pool = lang === 'zh' && world.pools.mathZh.length > 0 ? world.pools.mathZh : world.pools.mathEn;
  return rng.pick(pool);
}

export function fromTemplate(
  rng: Rng,
  variant: TemplateVariant,
  slots: Record<string, string>,
  answer?: string,
): PromptDraft {
  return {
    turns: [{ role: 'user', text: fill(variant.text, slots) }],
    response: responseText(rng, variant.lang, answer),
    truth: { template: variant.id, templateFamily: variant.family, families: variant.detection, lang: variant.lang },
  };
}
