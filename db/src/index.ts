export * from './client';
export * from './migrate';
export * from './processed-events';
export * from './seed';
export * as schema from './schema/index';
