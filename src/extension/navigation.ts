/**
 * Reveals what other surfaces (the dashboard) point at by kind and id: a campaign or account in the
 * Campaigns view, a template's document, a record (`file:line`) in its editor.
 */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import type { LargeFileView } from './largeFileView';
import { revealRecord } from './reveal';
import type { TemplateView } from './templateView';
import type { CampaignsTreeProvider } from './views/campaignsView';
import type { TreeElement } from './views/reportTree';

export type NavigationKind = 'campaign' | 'account' | 'template' | 'record';

export interface NavigationDeps {
  analysis: AnalysisService;
  largeView: LargeFileView;
  templates: TemplateView;
  campaigns: CampaignsTreeProvider;
  campaignsView: vscode.TreeView<TreeElement>;
}

export async function navigateTo(d: NavigationDeps, kind: NavigationKind, id: string): Promise<unknown> {
  const index = d.analysis.index;
  if (!index) return undefined;
  switch (kind) {
    case 'template':
      return index.templatesById.has(id) ? d.templates.show(id) : undefined;
    case 'record': {
      const at = id.lastIndexOf(':');
      const record = at > 0 ? index.recordAt(id.slice(0, at), Number(id.slice(at + 1))) : undefined;
      return record ? revealRecord(d.largeView, record) : undefined;
    }
    case 'campaign':
    case 'account': {
      const campaign = kind === 'campaign' ? index.campaignsById.get(id) : index.campaignOf(id);
      if (!campaign) return undefined;
      if (!campaign.suspected && !d.campaigns.showUnsuspected) d.campaigns.setShowUnsuspected(true);
      const root = d.campaigns.getChildren().find((e) => e.node.kind === 'campaign' && e.node.campaign.id === campaign.id);
      if (!root) return undefined;
      const target = kind === 'account' ? d.campaigns.getChildren(root).find((e) => e.node.kind === 'account' && e.node.account === id) : root;
      if (target) await d.campaignsView.reveal(target, { select: true, focus: true, expand: true });
      return target;
    }
  }
}
