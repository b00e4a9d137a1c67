import * as vscode from 'vscode';
import { campaignRoots } from '../../core/view/treeModel';
import type { AnalysisService } from '../analysisService';
import type { ReviewService } from '../review';
import { ReportTreeProvider } from './reportTree';

/** Campaigns by score → evidence, accounts → templates → records; unsuspected clusters on demand. */
export class CampaignsTreeProvider extends ReportTreeProvider {
  private unsuspectedShown = false;

  constructor(analysis: AnalysisService, review?: ReviewService) {
    super(analysis, (index) => campaignRoots(index, this.unsuspectedShown), review);
    void vscode.commands.executeCommand('setContext', 'promptForensics.showUnsuspected', false);
  }

  get showUnsuspected(): boolean {
    return this.unsuspectedShown;
  }

  setShowUnsuspected(show: boolean): void {
    this.unsuspectedShown = show;
    void vscode.commands.executeCommand('setContext', 'promptForensics.showUnsuspected', show);
    this.refresh();
  }
}
