export * from './tables.js';
export * from './ddl.js';
export * from './result-codes.js';
