import pkg from '../../package.json';

export const TOOL_NAME = 'prompt-forensics';
export const TOOL_VERSION: string = pkg.version;
