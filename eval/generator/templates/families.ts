/** Detection-family names used in the truth (the detectors' `Finding.family` values are compared to these). */
export const FAMILY = {
  reasoning: 'reasoning-extraction',
  grading: 'rubric-grading',
  censorship: 'censorship-rewrite',
  agentic: 'agentic-harvest',
} as const;
