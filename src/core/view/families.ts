/**
 * Detection families as the editor shows them: one themable colour and one icon each. Families
 * from user rule packs that the product does not know share the "other" look.
 */

export interface FamilyLook {
  /** Key of the decoration type / colour bucket. */
  key: string;
  label: string;
  /** Contributed theme colour id (package.json `contributes.colors`). */
  colorId: string;
  /** Codicon id. */
  icon: string;
}

export const FAMILY_LOOKS: readonly FamilyLook[] = [
  { key: 'reasoning-extraction', label: 'Reasoning-trace extraction', colorId: 'promptForensics.family.reasoningExtraction', icon: 'lightbulb' },
  { key: 'rubric-grading', label: 'Rubric grading (model as judge)', colorId: 'promptForensics.family.rubricGrading', icon: 'checklist' },
  { key: 'censorship-rewrite', label: 'Censorship-safe rewrites', colorId: 'promptForensics.family.censorshipRewrite', icon: 'shield' },
  { key: 'agentic-harvest', label: 'Agentic capability harvesting', colorId: 'promptForensics.family.agentic', icon: 'tools' },
  { key: 'other', label: 'Other findings', colorId: 'promptForensics.family.other', icon: 'warning' },
];

const ALIASES: ReadonlyArray<[RegExp, string]> = [
  [/reason|chain.?of.?thought|cot|trace/i, 'reasoning-extraction'],
  [/rubric|grad|judge|reward|scor/i, 'rubric-grading'],
  [/censor|safe.?rewrite|political|sensitive/i, 'censorship-rewrite'],
  [/agent|tool|computer.?use|coding/i, 'agentic-harvest'],
];

/** The look of a family id as the core names it (exact keys first, then by meaning of the name). */
export function familyLook(family: string): FamilyLook {
  const exact = FAMILY_LOOKS.find((l) => l.key === family);
  if (exact) return exact;
  const alias = ALIASES.find(([re]) => re.test(family));
  return FAMILY_LOOKS.find((l) => l.key === (alias ? alias[1] : 'other'))!;
}
