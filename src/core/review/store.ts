/**
 * The shared findings file as an editable store. A damaged file is never overwritten: the store
 * loads empty with `error` set and refuses changes until the file is fixed (`reload`) or the user
 * explicitly `reset`s it. `save` re-reads the file first and applies only this session's changes
 * on top, so a `git pull` (or a teammate) that changed it meanwhile is not undone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { defaultAuthor } from './author';
import { compareKeys, FindingsFileError, parseFindingsFile, serializeFindingsFile, type AnnotationMap } from './findingsFile';
import { parseSubjectKey, subjectKey, toStored, type StoredAnnotation, type Subject, type SubjectKind, type Verdict } from './model';

export interface AnnotationInput {
  verdict: Verdict;
  note?: string;
  /** Default: the store's author (option, else git user.name, else the OS user). */
  author?: string;
  /** Default: now. */
  time?: string;
}

export interface FindingsStoreOptions {
  /** The configured reviewer name (setting or CLI option); see defaultAuthor for the fallbacks. */
  author?: string;
  /** Where `git config user.name` is asked (default: the findings file's folder, else the current one). */
  cwd?: string;
  /** Clock for annotation times (tests). */
  now?: () => Date;
}

export interface AnnotationEntry {
  key: string;
  kind: SubjectKind;
  id: string;
  annotation: StoredAnnotation;
}

export class FindingsStore {
  private entries: AnnotationMap = new Map();
  /** This session's unsaved changes: key → new entry, or null for a removal. */
  private readonly pending = new Map<string, StoredAnnotation | null>();
  private problem: FindingsFileError | undefined;
  private author: string | undefined;
  /** Saves run one after another: each re-reads what the previous one wrote. */
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly options: FindingsStoreOptions,
  ) {}

  /** Never rejects for a damaged file (see `error`); rejects only when the file cannot be read at all. */
  static async load(path: string, options: FindingsStoreOptions = {}): Promise<FindingsStore> {
    const store = new FindingsStore(path, options);
    await store.reload();
    return store;
  }

  /** Why the file could not be used, naming the file and the problem; undefined when it is fine or absent. */
  get error(): FindingsFileError | undefined {
    return this.problem;
  }

  get dirty(): boolean {
    return this.pending.size > 0;
  }

  /** Re-reads the file, dropping unsaved changes. */
  async reload(): Promise<void> {
    this.pending.clear();
    try {
      this.entries = await this.readDisk();
      this.problem = undefined;
    } catch (e) {
      if (!(e instanceof FindingsFileError)) throw e;
      this.entries = new Map();
      this.problem = e;
    }
  }

  get(subject: Pick<Subject, 'kind' | 'id'>): StoredAnnotation | undefined {
    return this.entries.get(subjectKey(subject));
  }

  set(subject: Subject, input: AnnotationInput): StoredAnnotation {
    this.assertUsable();
    const stored = toStored(subject, {
      verdict: input.verdict,
      note: input.note ?? '',
      author: input.author ?? (this.author ??= defaultAuthor(this.options.author, this.options.cwd ?? existingFolder(this.path))),
      time: input.time ?? (this.options.now?.() ?? new Date()).toISOString(),
    });
    const key = subjectKey(subject);
    this.entries.set(key, stored);
    this.pending.set(key, stored);
    return stored;
  }

  /** True when there was an annotation to remove. */
  remove(subject: Pick<Subject, 'kind' | 'id'>): boolean {
    this.assertUsable();
    const key = subjectKey(subject);
    const had = this.entries.delete(key);
    if (had) this.pending.set(key, null);
    return had;
  }

  all(): AnnotationEntry[] {
    return [...this.entries.keys()].sort(compareKeys).map((key) => {
      const { kind, id } = parseSubjectKey(key)!;
      return { key, kind, id, annotation: this.entries.get(key)! };
    });
  }

  /** A copy of the annotations by key, for applyAnnotations and the exports. */
  annotations(): AnnotationMap {
    return new Map(this.entries);
  }

  /** Writes atomically; rejects with a FindingsFileError (and writes nothing) when the file on disk is damaged. */
  save(): Promise<void> {
    const run = this.saving.then(() => this.saveNow());
    this.saving = run.catch(() => undefined);
    return run;
  }

  private async saveNow(): Promise<void> {
    this.assertUsable();
    let disk: AnnotationMap;
    try {
      disk = await this.readDisk();
    } catch (e) {
      if (e instanceof FindingsFileError) this.problem = e;
      throw e;
    }
    for (const [key, entry] of this.pending) {
      if (entry) disk.set(key, entry);
      else disk.delete(key);
    }
    const written = new Map(this.pending);
    await writeFileAtomic(this.path, serializeFindingsFile(disk));
    // Changes made while writing stay pending for the next save.
    for (const [key, entry] of written) if (this.pending.get(key) === entry) this.pending.delete(key);
    for (const [key, entry] of this.pending) {
      if (entry) disk.set(key, entry);
      else disk.delete(key);
    }
    this.entries = disk;
  }

  /**
   * The explicit way out of a damaged file: keeps it as `<file>.damaged-<time>` and starts empty.
   * Returns the backup's path (undefined when there was no file).
   */
  async reset(): Promise<string | undefined> {
    let backup: string | undefined;
    if (fs.existsSync(this.path)) {
      backup = `${this.path}.damaged-${(this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
      await fs.promises.rename(this.path, backup);
    }
    this.entries = new Map();
    this.pending.clear();
    this.problem = undefined;
    await writeFileAtomic(this.path, serializeFindingsFile(this.entries));
    return backup;
  }

  private assertUsable(): void {
    if (this.problem) throw new FindingsFileError(this.problem.file, `${this.problem.problem} — not changing it; fix the file or reset it`, this.problem.line, this.problem.column);
  }

  private async readDisk(): Promise<AnnotationMap> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw e;
    }
    return parseFindingsFile(text, this.path);
  }
}

/** The nearest existing folder of a file that may not exist yet (git needs an existing working folder). */
function existingFolder(file: string): string {
  let dir = path.dirname(path.resolve(file));
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Read-only: the annotations of a findings file, throwing a FindingsFileError when it is damaged (CLI). */
export async function readFindingsFile(path: string): Promise<AnnotationMap> {
  const store = await FindingsStore.load(path);
  if (store.error) throw store.error;
  return store.annotations();
}
