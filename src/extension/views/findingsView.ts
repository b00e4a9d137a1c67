import { findingRoots } from '../../core/view/treeModel';
import type { AnalysisService } from '../analysisService';
import { ReportTreeProvider } from './reportTree';

/** Findings by family → rule → records. */
export class FindingsTreeProvider extends ReportTreeProvider {
  constructor(analysis: AnalysisService) {
    super(analysis, findingRoots);
  }
}
