import { templateRoots } from '../../core/view/treeModel';
import type { AnalysisService } from '../analysisService';
import type { ReviewService } from '../review';
import { ReportTreeProvider } from './reportTree';

/** Templates by size → accounts and records. */
export class TemplatesTreeProvider extends ReportTreeProvider {
  constructor(analysis: AnalysisService, review?: ReviewService) {
    super(analysis, templateRoots, review);
  }
}
