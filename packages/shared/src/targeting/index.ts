export * from './fields.js';
export * from './filter.js';
export * from './describe.js';
export * from './api.js';
export * from './dates.js';
