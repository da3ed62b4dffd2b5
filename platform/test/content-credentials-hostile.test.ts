/**
 * Reading credentials from whatever is uploaded never throws and never reports a forgery as ours:
 * random bytes, truncated files, flipped bytes, boxes and chunks claiming gigabytes and deep nesting
 * each give null (no manifest) or a reading with `valid: false` and a reason — promptly.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '@style-license/shared';
import {
  addContentCredentials,
  readContentCredentials,
  type CredentialReading,
} from '../src/content-credentials';
import { claim, makeImage, manifestOf, ourSigner, ourTrust } from './content-credentials-fixtures';

const signer = ourSigner();
const trust = ourTrust();
const { title: _title, ...license } = claim;

/** Reads, and holds the reading to the rules every input must meet. */
async function readHostile(file: Buffer): Promise<CredentialReading | null> {
  const started = performance.now();
  const reading = await readContentCredentials(file, trust);
  expect(performance.now() - started).toBeLessThan(2000);
  if (reading?.valid) {
    // Whatever survives as valid says exactly what we signed: nothing forged gets through.
    if (reading.ours) expect(reading.license).toEqual(license);
  } else if (reading) {
    expect(reading.problems.length).toBeGreaterThan(0);
    expect(reading.license).toBeUndefined();
  }
  return reading;
}

const pngChunk = (type: string, data: Buffer, declaredLength = data.length) => {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(declaredLength >>> 0, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, data, Buffer.alloc(4)]); // CRC: nobody here checks it
};

/** A JUMBF box header: 32-bit LBox, or LBox 1 with a 64-bit XLBox. */
const box = (type: string, payload: Buffer, declared?: number | bigint) => {
  if (typeof declared === 'bigint') {
    const header = Buffer.alloc(16);
    header.writeUInt32BE(1, 0);
    header.write(type, 4, 'latin1');
    header.writeBigUInt64BE(declared, 8);
    return Buffer.concat([header, payload]);
  }
  const header = Buffer.alloc(8);
  header.writeUInt32BE(declared ?? payload.length + 8, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, payload]);
};

describe('reading hostile input', () => {
  it('random bytes, bare or behind a real signature and a "jumb", give null or invalid', async () => {
    const random = createRandom(17);
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
    const prefixes = [
      Buffer.alloc(0),
      Buffer.from('89504e470d0a1a0a', 'hex'),
      Buffer.from('RIFF\x10\x00\x00\x00WEBP', 'latin1'),
      Buffer.from('ffd8ffe0', 'hex'),
    ];
    for (let i = 0; i < 120; i++) {
      const prefix = prefixes[i % prefixes.length]!;
      const file = Buffer.concat([prefix, bytes(i * 7), Buffer.from('jumb'), bytes(i * 3)]);
      const reading = await readHostile(file);
      if (prefix.length === 0) expect(reading).toBeNull();
      else expect(reading?.valid ?? false).toBe(false);
    }
    expect(await readHostile(Buffer.alloc(0))).toBeNull();
  });

  for (const format of ['png', 'webp', 'jpeg'] as const) {
    it(`a signed ${format.toUpperCase()} cut short anywhere is never valid`, async () => {
      const signed = await addContentCredentials(await makeImage(format, 48), format, claim, signer);
      for (let cut = 1; cut < signed.length; cut += Math.max(1, Math.floor(signed.length / 60))) {
        const reading = await readHostile(signed.subarray(0, cut));
        expect(reading?.valid ?? false).toBe(false);
      }
    });

    it(`a signed ${format.toUpperCase()} with a byte flipped is never a forgery`, async () => {
      const signed = await addContentCredentials(await makeImage(format, 48), format, claim, signer);
      const jumbf = Buffer.from(manifestOf(format, signed));
      const manifestAt = signed.indexOf(jumbf);
      const random = createRandom(format.length);
      for (let i = 0; i < 150; i++) {
        // Two in three inside the manifest store, where the parsers do their work.
        const at =
          i % 3 === 2
            ? Math.floor(random() * signed.length)
            : manifestAt + Math.floor(random() * jumbf.length);
        const flipped = Buffer.from(signed);
        flipped[at] = flipped[at]! ^ (1 << Math.floor(random() * 8));
        await readHostile(flipped);
      }
    });
  }

  it('a PNG chunk or JUMBF box claiming gigabytes is invalid, not a read past the end', async () => {
    const png = await makeImage('png', 16);
    const iend = png.length - 12;
    const withChunk = (chunk: Buffer) => Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
    const store = (inner: Buffer) => box('jumb', Buffer.concat([box('jumd', Buffer.alloc(17)), inner]));

    for (const file of [
      withChunk(pngChunk('caBX', Buffer.from('jumb'), 0xffff_fff0)),
      withChunk(pngChunk('caBX', box('jumb', Buffer.alloc(32), 0xffff_fff0))),
      withChunk(pngChunk('caBX', box('jumb', Buffer.alloc(32), 0x3fff_fff0))),
      withChunk(pngChunk('caBX', box('jumb', Buffer.alloc(32), 2n ** 62n))),
      withChunk(pngChunk('caBX', store(box('cbor', Buffer.alloc(8), 0x7fff_ffff)))),
      withChunk(pngChunk('caBX', store(Buffer.alloc(0)))),
    ]) {
      const buffersBefore = process.memoryUsage().arrayBuffers;
      const reading = await readHostile(file);
      expect(reading).toMatchObject({ valid: false, ours: false });
      // Refused from the headers: c2pa-ts alone would allocate each box by its declared length first.
      expect(process.memoryUsage().arrayBuffers - buffersBefore).toBeLessThan(64 << 20);
    }
  });

  it('deeply nested boxes and a 24 MB manifest chunk are refused without a crash', async () => {
    let nested = Buffer.alloc(0);
    for (let depth = 0; depth < 20_000; depth++) nested = box('jumb', nested);
    const png = await makeImage('png', 16);
    const iend = png.length - 12;
    for (const payload of [nested, Buffer.concat([Buffer.from('jumb'), Buffer.alloc(24 << 20)])]) {
      const file = Buffer.concat([png.subarray(0, iend), pngChunk('caBX', payload), png.subarray(iend)]);
      expect(await readHostile(file)).toMatchObject({ valid: false });
    }
  });

  it('CBOR inside a well-formed store declaring endless arrays, maps and strings is invalid', async () => {
    const signed = await addContentCredentials(await makeImage('png', 16), 'png', claim, signer);
    const jumbf = Buffer.from(manifestOf('png', signed));
    const claimCbor = jumbf.indexOf('cbor', jumbf.indexOf('c2pa.claim.v2'), 'latin1') + 4;
    for (const bomb of ['9bffffffffffffffff', 'bbffffffffffffffff', '5affffffff', '7b7fffffffffffffff']) {
      const hostile = Buffer.from(jumbf);
      Buffer.from(bomb, 'hex').copy(hostile, claimCbor);
      const file = Buffer.from(signed);
      hostile.copy(file, file.indexOf(jumbf));
      expect(await readHostile(file)).toMatchObject({ valid: false, ours: false });
    }
  });

  it('two manifest chunks in one WebP are refused, not one picked', async () => {
    const signed = await addContentCredentials(await makeImage('webp', 48), 'webp', claim, signer);
    const chunkAt = signed.lastIndexOf('C2PA', undefined, 'latin1');
    const doubled = Buffer.concat([signed, signed.subarray(chunkAt)]);
    doubled.writeUInt32LE(doubled.length - 8, 4);
    const reading = await readHostile(doubled);
    expect(reading).toMatchObject({ valid: false });
    expect(reading?.problems[0]).toMatch(/more than one C2PA chunk/);
  });
});
