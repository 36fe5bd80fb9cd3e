export * from './types.js';
export * from './cp949.js';
export * from './analyze-text.js';
export * from './merge.js';
export * from './merge-fields.js';
export * from './ad-wrap.js';
export * from './images.js';
export { messageIssues, messageWarnings } from './issues.js';
export * from './build-message.js';
