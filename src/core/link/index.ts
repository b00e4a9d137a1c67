export { AccountLinker } from './linker';
export type { LinkObservation, LinkOptions, TemplateInfo, TemplateLookup } from './types';
export { parseIp, type ParsedIp } from './ip';
