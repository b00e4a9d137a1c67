/**
 * A three-way merge of findings files by subject, for use as a git merge driver. The canonical
 * text already merges line by line when two reviewers' additions fall in different places; two
 * additions adjacent in key order touch the same lines and conflict there, never here.
 */
import { compareKeys, parseFindingsFile, serializeFindingsFile, type AnnotationMap } from './findingsFile';
import type { StoredAnnotation } from './model';

export interface FindingsMerge {
  text: string;
  /** Keys both sides changed differently; `ours` was kept for them. */
  conflicts: string[];
}

/** Throws a FindingsFileError (naming which side) when one of the three is damaged. */
export function mergeFindingsFiles(base: string, ours: string, theirs: string): FindingsMerge {
  const b = base.trim() ? parseFindingsFile(base, 'base') : new Map<string, StoredAnnotation>();
  const o = parseFindingsFile(ours, 'ours');
  const t = parseFindingsFile(theirs, 'theirs');
  const merged: AnnotationMap = new Map();
  const conflicts: string[] = [];
  for (const key of [...new Set([...b.keys(), ...o.keys(), ...t.keys()])].sort(compareKeys)) {
    const [vb, vo, vt] = [b.get(key), o.get(key), t.get(key)];
    let value: StoredAnnotation | undefined;
    if (same(vo, vt)) value = vo;
    else if (same(vb, vo)) value = vt;
    else if (same(vb, vt)) value = vo;
    else {
      conflicts.push(key);
      value = vo ?? vt;
    }
    if (value) merged.set(key, value);
  }
  return { text: serializeFindingsFile(merged), conflicts };
}

function same(a: StoredAnnotation | undefined, b: StoredAnnotation | undefined): boolean {
  return serializeEntry(a) === serializeEntry(b);
}

function serializeEntry(a: StoredAnnotation | undefined): string {
  return a === undefined ? '' : serializeFindingsFile(new Map([['x:x', a]]));
}
