/**
 * "Search Prompts": a QuickPick over the full-text index of the current report's prompts and
 * template patterns. The index lives in a worker thread (building it for 100k+ prompts takes
 * seconds), started on the first search of each report.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { truncate } from '../core/view/markdown';
import { resolveHits, type PromptHit } from '../core/view/promptSearch';
import type { ReportIndex } from '../core/view/reportIndex';
import { SearchWorker } from '../core/worker/searchClient';
import type { AnalysisService } from './analysisService';
import { debounce, Disposable } from './disposable';

interface HitItem extends vscode.QuickPickItem {
  hit: PromptHit;
}

export class PromptSearchService extends Disposable {
  private engine: { index: ReportIndex; worker: SearchWorker } | undefined;

  constructor(private readonly analysis: AnalysisService, private readonly workerScript: string, private readonly reveal: (hit: PromptHit) => Thenable<unknown>) {
    super();
    this._register(analysis.onDidChange(() => this.stopEngine()));
    this._register({ dispose: () => this.stopEngine() });
  }

  /** Hits for `query` in the current report. */
  async search(query: string, limit = 200): Promise<PromptHit[]> {
    const index = this.analysis.index;
    if (!index || !query.trim()) return [];
    if (this.engine?.index !== index) {
      this.stopEngine();
      this.engine = { index, worker: new SearchWorker(this.workerScript, index.report) };
    }
    const hits = await this.engine.worker.search(query, limit);
    return resolveHits(index, hits);
  }

  async pick(initial = ''): Promise<PromptHit | undefined> {
    if (!this.analysis.index) {
      void vscode.window.showInformationMessage('Prompt Forensics: analyze a log first.');
      return undefined;
    }
    const qp = vscode.window.createQuickPick<HitItem>();
    qp.placeholder = 'Search prompts and template patterns (words, prefixes; Chinese by characters)';
    qp.matchOnDescription = false;
    qp.matchOnDetail = false;
    let latest = 0;
    const update = async () => {
      const ticket = ++latest;
      qp.busy = true;
      try {
        const hits = await this.search(qp.value);
        if (ticket !== latest) return;
        // Items are already ranked by the index; alwaysShow keeps VS Code from filtering them again.
        qp.items = hits.map((hit) => ({ hit, alwaysShow: true, ...describe(hit) }));
      } catch (err) {
        if (ticket === latest) qp.items = [];
        void vscode.window.showErrorMessage(`Prompt Forensics: search failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        if (ticket === latest) qp.busy = false;
      }
    };
    const later = debounce(() => void update(), 120);
    qp.onDidChangeValue(later);
    qp.value = initial;
    void update();
    qp.show();
    const chosen = await new Promise<PromptHit | undefined>((resolve) => {
      qp.onDidAccept(() => resolve(qp.selectedItems[0]?.hit));
      qp.onDidHide(() => resolve(undefined));
    });
    later.cancel();
    qp.dispose();
    if (chosen) await this.reveal(chosen);
    return chosen;
  }

  private stopEngine(): void {
    this.engine?.worker.dispose();
    this.engine = undefined;
  }
}

function describe(hit: PromptHit): vscode.QuickPickItem {
  if (hit.kind === 'template') {
    const t = hit.template;
    return { label: `$(symbol-snippet) Template ${plain(t.id)}`, description: `×${t.size} · ${t.accounts} accounts`, detail: plain(truncate(hit.snippet, 200)) };
  }
  const r = hit.record;
  return {
    label: `$(note) ${plain(`${path.basename(r.file)}:${r.line}`)}`,
    description: plain([r.account, r.template, r.findings.length ? `${r.findings.length} findings` : ''].filter(Boolean).join(' · ')),
    detail: plain(truncate(hit.snippet, 200)),
  };
}

/** Quick-pick labels render `$(icon)` syntax: keep log text from producing icons. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}
