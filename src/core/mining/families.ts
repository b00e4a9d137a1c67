/**
 * Template families: paraphrased variants of one request ("write out your full reasoning…",
 * "reconstruct your chain of thought…") mined as separate templates. k-means (ml-kmeans) over
 * skeleton vectors splits the templates into neighbourhoods so comparisons stay near-linear;
 * inside a neighbourhood, templates whose skeletons are similar enough are joined.
 */
import { createHash } from 'node:crypto';
import { kmeans } from 'ml-kmeans';
import { cosine, featureVector } from './features';

export interface FamilyInput {
  id: string;
  skeleton: string;
  size: number;
  pattern: string;
}

export interface Family {
  id: string;
  templates: string[];
  size: number;
  pattern: string;
}

export interface FamilyOptions {
  /** Cosine similarity of skeleton vectors at which two templates are paraphrases. */
  similarity?: number;
  /** Templates per k-means neighbourhood, roughly. */
  neighbourhood?: number;
  /** Only templates with at least this many records take part (accidental pairs need no family). */
  minSize?: number;
  /** At most this many templates (the largest) take part, so the step stays fast on huge logs. */
  maxTemplates?: number;
}

export function groupFamilies(templates: FamilyInput[], options: FamilyOptions = {}): Family[] {
  const similarity = options.similarity ?? 0.45;
  const neighbourhood = options.neighbourhood ?? 60;
  const minSize = options.minSize ?? 3;
  const usable = templates
    .filter((t) => t.skeleton.length > 0 && t.size >= minSize)
    .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id))
    .slice(0, options.maxTemplates ?? 2000);
  if (usable.length < 2) return [];
  const vectors = usable.map((t) => featureVector(t.skeleton));
  const k = Math.max(1, Math.round(usable.length / neighbourhood));
  const clusters = k === 1 ? new Array<number>(usable.length).fill(0) : kmeans(vectors, k, { seed: 42, initialization: 'random', maxIterations: 20 }).clusters;

  const parent = usable.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const members = new Map<number, number[]>();
  clusters.forEach((c, i) => members.set(c, [...(members.get(c) ?? []), i]));
  for (const group of members.values()) {
    for (let a = 0; a < group.length; a++) {
      for (let b = a + 1; b < group.length; b++) {
        if (cosine(vectors[group[a]], vectors[group[b]]) >= similarity) parent[find(group[a])] = find(group[b]);
      }
    }
  }

  const byRoot = new Map<number, FamilyInput[]>();
  usable.forEach((t, i) => byRoot.set(find(i), [...(byRoot.get(find(i)) ?? []), t]));
  const families: Family[] = [];
  for (const group of byRoot.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
    const ids = group.map((t) => t.id).sort();
    families.push({
      id: `f-${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 10)}`,
      templates: ids,
      size: group.reduce((n, t) => n + t.size, 0),
      pattern: group[0].pattern,
    });
  }
  return families.sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
}
