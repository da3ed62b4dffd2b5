/**
 * The behaviour every ObjectStorage must show, run against each implementation by its own test file.
 * Every key lives under the target's prefix, so runs against a shared bucket never see each other.
 */
import { describe, expect, it } from 'vitest';
import { ObjectNotFoundError, type ObjectStorage } from '../src/storage/storage';

export interface ContractTarget {
  storage: ObjectStorage;
  /** Unique per run, ending in '/'. */
  prefix: string;
}

const bytes = (text: string) => Buffer.from(text, 'utf8');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Flips the last hex digit of the signature (SigV4's X-Amz-Signature or the local store's sig). */
export function tamperSignature(url: string): string {
  const tampered = url.replace(
    /([?&](?:X-Amz-Signature|sig)=[0-9a-f]*)([0-9a-f])/,
    (_all, head: string, last: string) => {
      return head + (last === '0' ? '1' : '0');
    },
  );
  if (tampered === url) throw new Error(`no signature found in ${url}`);
  return tampered;
}

export function describeStorageContract(name: string, target: () => ContractTarget): void {
  const key = (suffix: string) => `${target().prefix}${suffix}`;
  const storage = () => target().storage;

  describe(`${name}: ObjectStorage contract`, () => {
    it('answers ping while reachable', async () => {
      expect(await storage().ping()).toBe(true);
    });

    it('stores bytes and content type; get and head read them back', async () => {
      await storage().put(key('basic/a.png'), bytes('png bytes'), { contentType: 'image/png' });
      expect(await storage().get(key('basic/a.png'))).toEqual(bytes('png bytes'));
      expect(await storage().head(key('basic/a.png'))).toEqual({ size: 9, contentType: 'image/png' });
    });

    it('a second put replaces the bytes and the content type', async () => {
      await storage().put(key('overwrite/x'), bytes('first version'), { contentType: 'text/plain' });
      await storage().put(key('overwrite/x'), bytes('second'), { contentType: 'image/webp' });
      expect((await storage().get(key('overwrite/x'))).toString()).toBe('second');
      expect(await storage().head(key('overwrite/x'))).toEqual({ size: 6, contentType: 'image/webp' });
    });

    it('get of a missing key throws ObjectNotFoundError and head returns null', async () => {
      const missing = key('missing/nothing-here');
      await expect(storage().get(missing)).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(storage().get(missing)).rejects.toMatchObject({ key: missing });
      expect(await storage().head(missing)).toBeNull();
    });

    it('delete removes an object, and deleting a missing key is fine', async () => {
      await storage().put(key('delete/gone'), bytes('x'));
      await storage().delete(key('delete/gone'));
      expect(await storage().head(key('delete/gone'))).toBeNull();
      await expect(storage().delete(key('delete/gone'))).resolves.toBeUndefined();
      await expect(storage().delete(key('delete/never-existed'))).resolves.toBeUndefined();
    });

    it('list returns exactly the keys under a string prefix, in order', async () => {
      for (const suffix of ['list/b/2', 'list/a/1', 'list/ab', 'list/a/sub/3', 'listing/other']) {
        await storage().put(key(suffix), bytes(suffix));
      }
      expect(await storage().list(key('list/a'))).toEqual([
        key('list/a/1'),
        key('list/a/sub/3'),
        key('list/ab'),
      ]);
      expect(await storage().list(key('list/'))).toEqual(
        ['list/a/1', 'list/a/sub/3', 'list/ab', 'list/b/2'].map(key),
      );
      expect(await storage().list(key('nothing-under-here/'))).toEqual([]);
    });

    it('a presigned PUT uploads by fetch, and get() returns the bytes', async () => {
      // Spaces, brackets and non-ASCII prove both sides encode the key the same way.
      const target = key('presign/put (1) – 空.bin');
      const url = await storage().presignPut(target, { expiresInSeconds: 60 });
      const response = await fetch(url, { method: 'PUT', body: bytes('uploaded directly') });
      expect(response.status).toBe(200);
      await response.body?.cancel();
      expect((await storage().get(target)).toString()).toBe('uploaded directly');
      expect(await storage().list(key('presign/put'))).toEqual([target]);
    });

    it('a presigned PUT bound to a content type accepts only that type', async () => {
      const target = key('presign/typed.png');
      const url = await storage().presignPut(target, { expiresInSeconds: 60, contentType: 'image/png' });
      const wrong = await fetch(url, {
        method: 'PUT',
        body: bytes('<html>'),
        headers: { 'content-type': 'text/html' },
      });
      expect(wrong.status).toBe(403);
      expect(await storage().head(target)).toBeNull();
      const right = await fetch(url, {
        method: 'PUT',
        body: bytes('png'),
        headers: { 'content-type': 'image/png' },
      });
      expect(right.status).toBe(200);
      expect(await storage().head(target)).toEqual({ size: 3, contentType: 'image/png' });
    });

    it('a presigned GET downloads by fetch', async () => {
      await storage().put(key('presign/get.png'), bytes('signed image'), { contentType: 'image/png' });
      const url = await storage().presignGet(key('presign/get.png'), { expiresInSeconds: 60 });
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes('signed image'));
    });

    it('a presigned GET with downloadName is served as an attachment with an RFC 5987 name', async () => {
      await storage().put(key('presign/named.png'), bytes('named'), { contentType: 'image/png' });
      const url = await storage().presignGet(key('presign/named.png'), {
        expiresInSeconds: 60,
        downloadName: 'Sora – 空.png',
      });
      const response = await fetch(url);
      expect(response.status).toBe(200);
      const disposition = response.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment;/);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('Sora – 空.png')}`);
      expect(await response.text()).toBe('named');
    });

    it('a presigned GET is refused once it has expired', async () => {
      await storage().put(key('presign/expiring'), bytes('short-lived'));
      const url = await storage().presignGet(key('presign/expiring'), { expiresInSeconds: 1 });
      await sleep(2_200);
      const response = await fetch(url);
      expect(response.status).toBe(403);
      await response.body?.cancel();
    });

    it('a presigned URL with a tampered signature, another key, or another method is refused', async () => {
      await storage().put(key('presign/secret-1'), bytes('one'));
      await storage().put(key('presign/secret-2'), bytes('two'));
      const url = await storage().presignGet(key('presign/secret-1'), { expiresInSeconds: 60 });
      const allowed = await fetch(url);
      expect(allowed.status).toBe(200);
      await allowed.body?.cancel();
      const refused = [
        await fetch(tamperSignature(url)),
        await fetch(url.replace('presign/secret-1', 'presign/secret-2')),
        await fetch(url, { method: 'PUT', body: bytes('overwritten') }),
      ];
      for (const response of refused) {
        expect(response.status).toBe(403);
        await response.body?.cancel();
      }
      expect((await storage().get(key('presign/secret-1'))).toString()).toBe('one');
    });
  });
}
