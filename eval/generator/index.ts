/** The scenario generator's public API (see eval/README.md). */
export { generateScenario, generateToFile, scenarioFiles, scenarioTruthPath, truthPathFor, type GenerateOptions } from './writer';
export { loadTruth, readTruthLines, type LoadedTruth } from './truth';
export { FORMATS, type ExportFormat } from './formats';
export type { CampaignTruth, FileTruth, HardNegativeKind, ScenarioTruth, TruthLine } from './model';
