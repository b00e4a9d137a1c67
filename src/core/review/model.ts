/**
 * What a reviewer records about a subject of the report, and how subjects are named in the
 * findings file (docs/findings-file.md). Keys are stable across re-analysis of a later dump:
 * template ids and campaign ids are content-derived, accounts are the log's own strings.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { CampaignReport, RecordReport, TemplateReport } from '../report/model';

export const VERDICTS = ['confirmed', 'benign', 'needs-review'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const SUBJECT_KINDS = ['template', 'account', 'campaign', 'record'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export type Subject =
  | { kind: 'template'; id: string }
  | { kind: 'account'; id: string }
  /** `accounts`: the members when annotated, so a later campaign with changed membership can be related to it. */
  | { kind: 'campaign'; id: string; accounts?: string[] }
  /** `id` is `<file basename>:<line>`; `fingerprint` tells whether that line still holds the same record. */
  | { kind: 'record'; id: string; fingerprint?: string };

export interface Annotation {
  verdict: Verdict;
  note: string;
  author: string;
  /** ISO 8601 UTC. */
  time: string;
}

/** One entry of the findings file: the annotation plus what identifies the subject beyond its key. */
export interface StoredAnnotation extends Annotation {
  accounts?: string[];
  fingerprint?: string;
}

/** `<kind>:<id>`; ids may themselves contain ':' (record ids always do), only the first one separates. */
export function subjectKey(subject: Pick<Subject, 'kind' | 'id'>): string {
  return `${subject.kind}:${subject.id}`;
}

export function parseSubjectKey(key: string): { kind: SubjectKind; id: string } | null {
  const colon = key.indexOf(':');
  if (colon < 0) return null;
  const kind = key.slice(0, colon) as SubjectKind;
  const id = key.slice(colon + 1);
  return (SUBJECT_KINDS as readonly string[]).includes(kind) && id !== '' ? { kind, id } : null;
}

export function templateSubject(t: Pick<TemplateReport, 'id'>): Subject {
  return { kind: 'template', id: t.id };
}

export function accountSubject(account: string): Subject {
  return { kind: 'account', id: account };
}

export function campaignSubject(c: Pick<CampaignReport, 'id' | 'accounts'>): Subject {
  return { kind: 'campaign', id: c.id, accounts: [...c.accounts].sort() };
}

export function recordSubject(r: RecordReport): Subject {
  return { kind: 'record', id: recordId(r), fingerprint: recordFingerprint(r) };
}

/** Basename, not the path: the same export is analysed from different folders and machines. */
export function recordId(r: Pick<RecordReport, 'file' | 'line'>): string {
  return `${path.basename(r.file)}:${r.line}`;
}

/**
 * A hash of what identifies the record independently of where it sits: account, time, model,
 * template and the rules that fired. The report carries no prompt hash, so this is metadata only
 * ("m1-" prefix, leaving room for a prompt-content version): two records of one account at the
 * same instant with the same template and rules are indistinguishable, and matching then falls
 * back to the key.
 */
export function recordFingerprint(r: Pick<RecordReport, 'account' | 'time' | 'model' | 'template' | 'findings'>): string {
  const rules = [...new Set(r.findings.map((f) => f.rule))].sort();
  const material = JSON.stringify([r.account ?? null, r.time ?? null, r.model ?? null, r.template ?? null, rules]);
  return 'm1-' + createHash('sha256').update(material).digest('hex').slice(0, 16);
}

/** The entry to store for a subject: identity extras from the subject, the annotation fields. */
export function toStored(subject: Subject, annotation: Annotation): StoredAnnotation {
  const stored: StoredAnnotation = { verdict: annotation.verdict, note: annotation.note, author: annotation.author, time: annotation.time };
  if (subject.kind === 'campaign' && subject.accounts) stored.accounts = [...subject.accounts].sort();
  if (subject.kind === 'record' && subject.fingerprint) stored.fingerprint = subject.fingerprint;
  return stored;
}
