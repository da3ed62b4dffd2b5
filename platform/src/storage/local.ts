/**
 * ObjectStorage in a local directory, for the embedded single-machine mode. An object exists exactly when
 * its data file does; every write lands in a temp file first and is renamed in, so no reader sees half.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { dirname, join, resolve, sep } from 'node:path';
import { assertValidKey, createUrlSigner, InvalidObjectKeyError, type GrantCheck } from './local-urls';
import { ObjectNotFoundError, type ObjectInfo, type ObjectStorage } from './storage';

export interface LocalStorageOptions {
  dir: string;
  /** Origin (and optional path) the `/files/*` handler is reachable at, without a trailing slash. */
  publicBaseUrl: string;
  signingSecret: string;
}

/**
 * Layout under `dir`: `objects/<key>` holds the bytes, `meta/<key>` a JSON sidecar with the content type,
 * `tmp/` uploads in flight. Unlike S3, one key cannot be both an object and a folder ('a' and 'a/b').
 */
export interface LocalObjectStorage extends ObjectStorage {
  readonly kind: 'local';
  readonly dir: string;
  /** Checks a signed URL's query for `key`: signature first (constant time), then expiry. */
  verifyUrl(key: string, query: URLSearchParams, nowMs?: number): GrantCheck;
  /** Streams a body in; throws ObjectTooLargeError past `maxBytes`, leaving any previous object intact. */
  putStream(
    key: string,
    chunks: AsyncIterable<Uint8Array | string>,
    options: PutStreamOptions,
  ): Promise<number>;
  /** Opens one consistent version of an object (a later overwrite does not change what this stream reads). */
  openRead(key: string): Promise<{ info: ObjectInfo; stream: Readable } | null>;
}

export interface PutStreamOptions {
  contentType?: string;
  maxBytes: number;
}

export class ObjectTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`object is larger than ${maxBytes} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

const STALE_TEMP_MS = 60 * 60 * 1000;

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  // ENOTDIR/EISDIR: a key shadowed by a folder of the same name (or the reverse) does not exist as an object.
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

function ignoreMissing(error: unknown): void {
  if (!isMissing(error)) throw error;
}

async function* once(body: Uint8Array) {
  yield body;
}

async function* toBuffers(chunks: AsyncIterable<Uint8Array | string>, maxBytes: number) {
  // Pull by hand rather than `for await`: breaking out of that destroys an HTTP request stream, and the
  // client would then see a reset instead of our 413.
  const iterator = chunks[Symbol.asyncIterator]();
  let size = 0;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    size += chunk.byteLength;
    if (size > maxBytes) throw new ObjectTooLargeError(maxBytes);
    yield chunk;
  }
}

export function createLocalStorage(options: LocalStorageOptions): LocalObjectStorage {
  const root = resolve(options.dir);
  const objectsRoot = join(root, 'objects');
  const metaRoot = join(root, 'meta');
  const tempRoot = join(root, 'tmp');
  const signer = createUrlSigner(options.signingSecret, options.publicBaseUrl);
  let ready: Promise<void> | undefined;

  /**
   * Creates the layout once and sweeps temp files a crash left behind: only old ones, because another
   * process may share the directory and be mid-upload.
   */
  function prepare(): Promise<void> {
    ready ??= (async () => {
      await Promise.all([objectsRoot, metaRoot, tempRoot].map((d) => mkdir(d, { recursive: true })));
      for (const name of await readdir(tempRoot)) {
        const path = join(tempRoot, name);
        const info = await stat(path).catch(() => undefined);
        if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
      }
    })().catch((error: unknown) => {
      ready = undefined; // A directory fixed later (permissions, a mount) must not stay broken forever.
      throw error;
    });
    return ready;
  }

  function pathsOf(key: string) {
    assertValidKey(key);
    const data = join(objectsRoot, key);
    // Belt and braces: validation already rules this out, but a path escape would be a security bug.
    if (!data.startsWith(objectsRoot + sep)) throw new InvalidObjectKeyError(key, 'escapes the store');
    return { data, meta: join(metaRoot, key) };
  }

  const tempPath = () => join(tempRoot, `${randomUUID()}.tmp`);

  async function moveInto(temp: string, target: string): Promise<void> {
    await mkdir(dirname(target), { recursive: true });
    await rename(temp, target);
  }

  async function writeMeta(metaPath: string, contentType: string | undefined): Promise<void> {
    const temp = tempPath();
    try {
      await writeFile(temp, JSON.stringify({ contentType: contentType ?? null }), { flag: 'wx' });
      await moveInto(temp, metaPath);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async function readContentType(metaPath: string): Promise<string | undefined> {
    try {
      const parsed = JSON.parse(await readFile(metaPath, 'utf8')) as { contentType?: unknown };
      return typeof parsed.contentType === 'string' ? parsed.contentType : undefined;
    } catch {
      return undefined; // Missing or unreadable metadata only costs the content type, never the bytes.
    }
  }

  async function putStream(key: string, chunks: AsyncIterable<Uint8Array | string>, opts: PutStreamOptions) {
    const { data, meta } = pathsOf(key);
    await prepare();
    const temp = tempPath();
    let size = 0;
    try {
      const handle = await open(temp, 'wx');
      try {
        for await (const chunk of toBuffers(chunks, opts.maxBytes)) {
          await handle.write(chunk);
          size += chunk.byteLength;
        }
        await handle.sync(); // The rename below must never publish bytes still only in the page cache.
      } finally {
        await handle.close();
      }
      // Metadata first, data last: the data rename is the commit point. A crash in between can at worst
      // pair the old bytes with the new content type; it can never expose a partial object.
      await writeMeta(meta, opts.contentType);
      await moveInto(temp, data);
      return size;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async function openRead(key: string) {
    const { data, meta } = pathsOf(key);
    let handle;
    try {
      handle = await open(data, 'r');
      const info = await handle.stat();
      if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      const contentType = await readContentType(meta);
      return { info: { size: info.size, contentType }, stream: handle.createReadStream() };
    } catch (error) {
      await handle?.close();
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async function collect(dir: string, keyPrefix: string, namePrefix: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.name.startsWith(namePrefix)) continue;
      const key = keyPrefix === '' ? entry.name : `${keyPrefix}/${entry.name}`;
      if (entry.isDirectory()) await collect(join(dir, entry.name), key, '', out);
      else if (entry.isFile()) out.push(key);
    }
  }

  /** Like S3, `prefix` is a plain string prefix ('a/b' matches 'a/bc/d'); results in UTF-8 byte order. */
  async function list(prefix: string): Promise<string[]> {
    const cut = prefix.lastIndexOf('/');
    const folder = cut === -1 ? '' : prefix.slice(0, cut);
    const rest = prefix.slice(cut + 1);
    if (rest.includes('\\') || rest.includes('\0')) throw new InvalidObjectKeyError(prefix, 'bad prefix');
    const out: string[] = [];
    await collect(folder === '' ? objectsRoot : pathsOf(folder).data, folder, rest, out);
    return out
      .filter((key) => key.startsWith(prefix))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  return {
    kind: 'local',
    dir: root,
    async put(key, body, putOptions) {
      await putStream(key, once(body), { contentType: putOptions?.contentType, maxBytes: Infinity });
    },
    async get(key) {
      const { data } = pathsOf(key);
      try {
        return await readFile(data);
      } catch (error) {
        if (isMissing(error)) throw new ObjectNotFoundError(key);
        throw error;
      }
    },
    async head(key) {
      const { data, meta } = pathsOf(key);
      const info = await stat(data).catch(ignoreMissing);
      return info?.isFile() ? { size: info.size, contentType: await readContentType(meta) } : null;
    },
    async delete(key) {
      const { data, meta } = pathsOf(key);
      // Data first: once it is gone the object is gone, whatever happens to the metadata.
      for (const path of [data, meta]) await unlink(path).catch(ignoreMissing);
    },
    list,
    putStream,
    openRead,
    async presignPut(key, { expiresInSeconds, contentType }) {
      return signer.sign({ method: 'PUT', key, contentType }, expiresInSeconds);
    },
    async presignGet(key, { expiresInSeconds, downloadName }) {
      return signer.sign({ method: 'GET', key, downloadName }, expiresInSeconds);
    },
    verifyUrl: (key, query, nowMs) => signer.verify(key, query, nowMs),
    async ping() {
      try {
        await prepare();
        await stat(objectsRoot);
        return true;
      } catch {
        return false;
      }
    },
  };
}
