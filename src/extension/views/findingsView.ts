import { findingRoots } from '../../core/view/treeModel';
import type { AnalysisService } from '../analysisService';
import type { ReviewService } from '../review';
import { ReportTreeProvider } from './reportTree';

/** Findings by family → rule → records. */
export class FindingsTreeProvider extends ReportTreeProvider {
  constructor(analysis: AnalysisService, review?: ReviewService) {
    super(analysis, findingRoots, review);
  }
}
