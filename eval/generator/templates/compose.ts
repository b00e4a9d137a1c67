/**
 * Paraphrased prompt templates built from phrase pools. A family (paraphrase group) has pools of
 * interchangeable parts; a variant picks one phrasing per part and an order. The variant id names the
 * picks, so the truth says exactly which phrasing a record used, and every seed uses other variants.
 */
import type { Rng } from '../prng';

export type Lang = 'en' | 'zh';

export interface TemplateFamilyDef {
  /** Paraphrase-group id, e.g. `reasoning-en`. */
  id: string;
  lang: Lang;
  /** Detection families a prompt of this family belongs to (truth for detector scoring). */
  detection: string[];
  /** Pools of interchangeable parts; every option of the `payload` pool holds the slots. */
  parts: Record<string, readonly string[]>;
  /** Part orders a variant may use (part names). */
  orders: readonly (readonly string[])[];
  /** Joiner between parts. */
  joiners: readonly string[];
}

export interface TemplateVariant {
  /** `family#order.joiner.pick.pick…`: stable across seeds. */
  id: string;
  family: string;
  lang: Lang;
  detection: string[];
  /** Text with `{slot}` placeholders. */
  text: string;
}

export function makeVariant(def: TemplateFamilyDef, rng: Rng): TemplateVariant {
  const orderIndex = rng.pickIndex(def.orders.length);
  const joinerIndex = rng.pickIndex(def.joiners.length);
  const order = def.orders[orderIndex];
  const picks = order.map((part) => rng.pickIndex(def.parts[part].length));
  const text = order.map((part, i) => def.parts[part][picks[i]]).join(def.joiners[joinerIndex]);
  return {
    id: `${def.id}#${orderIndex}.${joinerIndex}.${order.map((p, i) => `${p[0]}${picks[i]}`).join('.')}`,
    family: def.id,
    lang: def.lang,
    detection: def.detection,
    text,
  };
}

/** `count` distinct variants of a family (distinct texts). */
export function chooseVariants(def: TemplateFamilyDef, rng: Rng, count: number): TemplateVariant[] {
  const out = new Map<string, TemplateVariant>();
  for (let attempts = 0; out.size < count && attempts < count * 50; attempts++) {
    const v = makeVariant(def, rng);
    if (![...out.values()].some((o) => o.text === v.text)) out.set(v.id, v);
  }
  return [...out.values()];
}

/** Replace every `{slot}`; unknown slots are left as they are (payloads may contain braces). */
export function fill(text: string, slots: Record<string, string>): string {
  return text.replace(/\{([a-z_0-9]+)\}/g, (whole, name: string) => slots[name] ?? whole);
}
