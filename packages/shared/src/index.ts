export * from './errors.js';
export * from './api/system.js';
export * from './qtmsg/index.js';
