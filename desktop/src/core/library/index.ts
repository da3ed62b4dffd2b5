/**
 * The library module's public face: open a library over a catalog, add, rescan, watch and remove
 * folders; the format sniffing it reads files with.
 */
export { hasImageName, sniffLibraryFormat } from './formats';
export { inspectFile, type Inspection } from './inspect';
export { InspectPool, type InspectPoolOptions } from './inspect-pool';
export {
  openLibrary,
  type Library,
  type LibraryOptions,
  type ScanOptions,
  type ScanProgress,
  type ScanReport,
} from './library';
export type { FolderWatch } from './watch';
