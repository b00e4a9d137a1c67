/** Review workflow: annotations in a shared findings file and how they apply to a report. */
export * from './model';
export { FindingsFileError, DEFAULT_FINDINGS_PATH, FINDINGS_FILE_VERSION, parseFindingsFile, serializeFindingsFile, type AnnotationMap } from './findingsFile';
export { FindingsStore, readFindingsFile, type AnnotationEntry, type AnnotationInput, type FindingsStoreOptions } from './store';
export { applyAnnotations, effectiveAnnotation, unannotatedSuspected, describeCampaignMatch, recordRef, type Annotations, type AppliedAnnotation, type CampaignAnnotation, type EffectiveAnnotation, type ReviewState, type StaleAnnotation, type UnreviewedCampaign } from './apply';
export { defaultAuthor } from './author';
export { mergeFindingsFiles, type FindingsMerge } from './merge';
export { writeFileAtomic } from './atomicWrite';
