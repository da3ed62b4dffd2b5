/**
 * The artist's library folders: add, rescan, watch and remove them, with files read by a worker pool
 * and the result written to the catalog in one transaction per scan. Invariants: a file with the size and
 * date the catalog has is not opened again; scans of one folder never overlap; a file that cannot be read
 * this time keeps its record (and tags) rather than being taken for deleted.
 */
import { realpath, stat } from 'node:fs/promises';
import { AppError, parseInput } from '@style-license/shared';
import {
  absolutePathSchema,
  isInside,
  type Catalog,
  type IgnoredFile,
  type ScanApplied,
  type ScannedImage,
} from '../catalog';
import { InspectPool, type InspectPoolOptions } from './inspect-pool';
import { walkFolder } from './walk';
import { watchFolder, type FolderWatch } from './watch';

export interface ScanProgress {
  folder: string;
  /** Files listed so far (images and others). */
  found: number;
  /** Of those, how many are settled: read, or known unchanged. */
  processed: number;
}

export interface ScanReport extends ScanApplied {
  folder: string;
  found: number;
  /** Files opened and read by the workers; 0 on a warm rescan of an unchanged folder. */
  read: number;
  /** Files not opened: the catalog has them with this size and date. */
  unchanged: number;
  /** Files that are not images by content and not named like one. */
  ignored: number;
  /** Files (and folders) that could not be read this time; a known image among them keeps its record. */
  failed: { path: string; message: string }[];
  seconds: number;
}

export interface ScanOptions {
  /** Called as files are found and settled, at most every 100 ms, and once at the end. */
  onProgress?: (progress: ScanProgress) => void;
}

export interface LibraryOptions {
  catalog: Catalog;
  pool?: InspectPoolOptions;
  /** Quiet time after the last change before a watched folder is rescanned (default 300 ms). */
  watchDebounceMs?: number;
}

export interface Library {
  /** Adds a folder (recursive) to the library and scans it. */
  addFolder(path: string, options?: ScanOptions): Promise<ScanReport>;
  /** Scans a library folder again, reading only new and changed files. */
  rescan(folder: string, options?: ScanOptions): Promise<ScanReport>;
  /** Stops watching the folder and removes it with its images and their tags from the catalog. */
  removeFolder(folder: string): Promise<{ removed: number }>;
  /** Rescans the folder after changes on disk settle; `onChange` receives each rescan's report. */
  watch(
    folder: string,
    onChange: (report: ScanReport) => void,
    onError?: (error: Error) => void,
  ): Promise<FolderWatch>;
  /** Files read by the workers since the library was opened. */
  readonly filesRead: number;
  /** Stops every watch, waits for scans under way and releases the workers (the catalog stays open). */
  close(): Promise<void>;
}

const PROGRESS_INTERVAL_MS = 100;

export function openLibrary(options: LibraryOptions): Library {
  return new FolderLibrary(options);
}

class FolderLibrary implements Library {
  private readonly catalog: Catalog;
  private readonly pool: InspectPool;
  private readonly debounceMs: number;
  /** The scan chain of each folder: a new scan starts when the one before it has settled. */
  private readonly scans = new Map<string, Promise<unknown>>();
  private readonly watches = new Map<string, Set<FolderWatch>>();

  constructor(options: LibraryOptions) {
    this.catalog = options.catalog;
    this.pool = new InspectPool(options.pool);
    this.debounceMs = options.watchDebounceMs ?? 300;
  }

  get filesRead() {
    return this.pool.filesRead;
  }

  async addFolder(path: string, options: ScanOptions = {}) {
    const given = parseInput(absolutePathSchema, path);
    // One spelling per folder on disk, so a link or a different route to it is not a second library folder.
    const folder = await realpath(given).catch(() => {
      throw new AppError('NOT_FOUND', `No folder at ${given}`);
    });
    if (!(await stat(folder)).isDirectory())
      throw new AppError('VALIDATION_FAILED', `${given} is not a folder`, {
        details: [{ path: 'path', rule: 'not_a_folder', message: 'Not a folder' }],
      });
    const { merged } = await this.catalog.addFolder(folder);
    // Folders now inside this one are no library folders of their own: their watches end, this one's scan covers them.
    for (const inner of merged) await this.stopWatches(inner);
    return this.rescan(folder, options);
  }

  async rescan(path: string, options: ScanOptions = {}) {
    const folder = await this.libraryFolder(path);
    return this.serialised(folder, () => this.scan(folder, options));
  }

  async removeFolder(path: string) {
    const folder = await this.libraryFolder(path);
    await this.stopWatches(folder);
    return this.serialised(folder, () => this.catalog.removeFolder(folder));
  }

  async watch(
    path: string,
    onChange: (report: ScanReport) => void,
    onError: (error: Error) => void = () => {},
  ) {
    const folder = await this.libraryFolder(path);
    const handle = watchFolder(folder, this.debounceMs, {
      rescan: () => this.serialised(folder, () => this.scan(folder, {})),
      onChange,
      onError,
    });
    const set = this.watches.get(folder) ?? new Set<FolderWatch>();
    this.watches.set(folder, set);
    const watch: FolderWatch = {
      stop: async () => {
        set.delete(watch);
        await handle.stop();
      },
    };
    set.add(watch);
    return watch;
  }

  async close() {
    const watches = [...this.watches.values()].flatMap((set) => [...set]);
    await Promise.all(watches.map((w) => w.stop()));
    await Promise.allSettled(this.scans.values());
    await this.pool.close();
  }

  private async stopWatches(folder: string): Promise<void> {
    await Promise.all([...(this.watches.get(folder) ?? [])].map((w) => w.stop()));
    this.watches.delete(folder);
  }

  private async libraryFolder(path: string): Promise<string> {
    const folder = parseInput(absolutePathSchema, path);
    if ((await this.catalog.folders()).some((f) => f.path === folder)) return folder;
    throw new AppError('NOT_FOUND', 'This folder is not in the library');
  }

  private serialised<T>(folder: string, task: () => Promise<T>): Promise<T> {
    const before = this.scans.get(folder) ?? Promise.resolve();
    const result = before.catch(() => undefined).then(task);
    const settled = result.catch(() => undefined);
    this.scans.set(folder, settled);
    void settled.then(() => {
      if (this.scans.get(folder) === settled) this.scans.delete(folder);
    });
    return result;
  }

  private async scan(folder: string, options: ScanOptions): Promise<ScanReport> {
    const started = performance.now();
    const known = await this.catalog.knownFiles(folder);
    const changed: ScannedImage[] = [];
    const unchanged: string[] = [];
    const ignored: IgnoredFile[] = [];
    const failed: ScanReport['failed'] = [];
    const reads: Promise<void>[] = [];
    let found = 0;
    let processed = 0;
    let lastProgress = 0;
    const progress = (final = false) => {
      const now = performance.now();
      if (!options.onProgress || (!final && now - lastProgress < PROGRESS_INTERVAL_MS)) return;
      lastProgress = now;
      options.onProgress({ folder, found, processed });
    };
    /** What to keep of a file this scan could not settle: its record as it was, if any. */
    const keepKnown = (path: string) => {
      const before = known.get(path);
      if (before?.kind === 'image') unchanged.push(path);
      else if (before) ignored.push({ path, byteSize: before.byteSize, mtimeMs: before.mtimeMs });
    };

    const { unreadable } = await walkFolder(folder, (file) => {
      found++;
      const before = known.get(file.path);
      if (before && before.byteSize === file.byteSize && before.mtimeMs === file.mtimeMs) {
        if (before.kind === 'image') unchanged.push(file.path);
        else ignored.push(file);
        processed++;
        progress();
        return;
      }
      const read = this.pool.inspect(file.path).then(
        (inspection) => {
          if (inspection.kind === 'image') changed.push(inspection.image);
          else if (inspection.kind === 'ignored') ignored.push(inspection.file);
        },
        (error: Error) => {
          failed.push({ path: file.path, message: error.message });
          keepKnown(file.path);
        },
      );
      reads.push(
        read.finally(() => {
          processed++;
          progress();
        }),
      );
    });
    await Promise.all(reads);
    // A folder that could not be listed this time: what the catalog has under it stays.
    for (const path of unreadable) {
      failed.push({ path, message: 'This folder could not be listed' });
      for (const knownPath of known.keys()) if (isInside(path, knownPath)) keepKnown(knownPath);
    }
    progress(true);
    const applied = await this.catalog.upsertScanned({ folder, changed, unchanged, ignored });
    return {
      folder,
      found,
      read: reads.length,
      unchanged: found - reads.length,
      ignored: ignored.length,
      failed,
      ...applied,
      seconds: (performance.now() - started) / 1000,
    };
  }
}
