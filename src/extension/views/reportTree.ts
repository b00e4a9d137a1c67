/**
 * A tree view over the current report. The tree's shape and labels come from the pure
 * `core/view/treeModel`; this class only maps nodes to TreeItems and refreshes on new reports.
 */
import * as vscode from 'vscode';
import { childrenOf, present, type TreeNode } from '../../core/view/treeModel';
import type { ReportIndex } from '../../core/view/reportIndex';
import { hiddenAsBenign, reviewOfNode } from '../../core/view/review';
import type { AnalysisService } from '../analysisService';
import { Disposable } from '../disposable';
import type { ReviewService } from '../review';

export interface TreeElement {
  node: TreeNode;
  parent?: TreeElement;
  /** Unique within the tree: the path of presentation ids from the root. */
  id: string;
}

export class ReportTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeElement> {
  private readonly changed = this._register(new vscode.EventEmitter<TreeElement | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(protected readonly analysis: AnalysisService, private readonly roots: (index: ReportIndex) => TreeNode[], private readonly review?: ReviewService) {
    super();
    this._register(analysis.onDidChange(() => this.refresh()));
    if (review) this._register(review.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: TreeElement): TreeElement[] {
    const index = this.analysis.index;
    if (!index) return [];
    let nodes = element ? childrenOf(index, element.node) : this.roots(index);
    const state = this.review?.hideBenign ? this.review.state : undefined;
    if (state) {
      const shown = nodes.filter((node) => !hiddenAsBenign(state, node));
      nodes = shown.length || !nodes.length ? shown : [{ kind: 'message', text: `All ${nodes.length} hidden as benign (Show Benign lists them)` }];
    }
    return nodes.map((node) => ({ node, parent: element, id: `${element ? `${element.id}/` : ''}${present(index, node).id}` }));
  }

  getParent(element: TreeElement): TreeElement | undefined {
    return element.parent;
  }

  getTreeItem(element: TreeElement): vscode.TreeItem {
    const index = this.analysis.index;
    if (!index) return new vscode.TreeItem('');
    const p = present(index, element.node);
    const item = new vscode.TreeItem(p.label, p.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = element.id;
    item.description = p.description;
    item.tooltip = p.tooltip;
    item.contextValue = p.contextValue;
    if (p.icon) item.iconPath = new vscode.ThemeIcon(p.icon, p.iconColor ? new vscode.ThemeColor(p.iconColor) : undefined);
    const node = element.node;
    const review = this.review?.state && reviewOfNode(this.review.state, node);
    if (review) {
      item.description = `${review.badge}${p.description ? ` · ${p.description}` : ''}`;
      item.tooltip = `${p.tooltip ?? p.label}\n\n${review.tooltip}`;
      // "campaign;annotated": menus offer Remove Annotation on nodes with an annotation of their own.
      if (review.own) item.contextValue = `${p.contextValue};annotated`;
      if (node.kind === 'campaign' || node.kind === 'account') item.iconPath = new vscode.ThemeIcon(VERDICT_ICONS[review.verdict], item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.color : undefined);
    }
    if (node.kind === 'record') {
      item.command = { command: 'promptForensics.revealRecord', title: 'Reveal Record', arguments: [node.record, node.findingIndex] };
    }
    return item;
  }
}

const VERDICT_ICONS = { confirmed: 'verified-filled', benign: 'pass', 'needs-review': 'question' } as const;
