// The reader's thread entry when running from TypeScript sources (tsx, Vitest): a worker thread has a
// module loader of its own, so it registers tsx before importing the TypeScript entry. A production
// build ships the entry compiled beside the bundle instead (scripts/build.mjs).
import { register } from 'tsx/esm/api';

register();
const { default: readLicenseMark } = await import('./read-worker.ts');
export default readLicenseMark;
