/**
 * The mark reader runs readings on worker threads: it reads a marked, re-encoded image there, answers a
 * file that is no image with `unreadable` instead of failing, and refuses with MarkReaderBusy rather than
 * queueing without bound.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMarkReader,
  DEFAULT_MARK_KEY,
  embedMark,
  licensePrefixOf,
  markPayloadOf,
  MarkReaderBusy,
} from '../src/license-mark';

const noise = (seed: number) =>
  sharp({
    create: {
      width: 512,
      height: 512,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128 + seed, sigma: 40 },
    },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });

describe('the mark reader', () => {
  const reader = createMarkReader({ key: DEFAULT_MARK_KEY, threads: 1, maxWaiting: 2 });
  afterAll(() => reader.close());

  it('reads a marked image re-encoded as JPEG on its thread, and names the license', async () => {
    const { data, info } = await noise(0);
    const id = randomUUID();
    const marked = embedMark({ data, width: 512, height: 512, channels: info.channels }, markPayloadOf(id));
    const jpeg = await sharp(marked.data, { raw: { width: 512, height: 512, channels: info.channels } })
      .jpeg({ quality: 80 })
      .toBuffer();
    const reading = await reader.read(jpeg, { search: 'quick' });
    expect(reading.licensePrefix).toBe(id.slice(0, 13));
    expect(reading.confidence).toBeGreaterThan(0.9999999);
    expect(licensePrefixOf(markPayloadOf(id))).toBe(reading.licensePrefix);
  });

  it('answers bytes that are no image, or too tiny to carry a mark, as unreadable', async () => {
    expect(await reader.read(Buffer.from('not an image'))).toMatchObject({
      licensePrefix: null,
      confidence: 0,
    });
    const tiny = await sharp({ create: { width: 3, height: 2, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect((await reader.read(tiny)).licensePrefix).toBeNull();
  });

  it('refuses readings past its waiting limit instead of queueing them all', async () => {
    const { data, info } = await noise(1);
    const png = await sharp(data, { raw: { width: 512, height: 512, channels: info.channels } })
      .png()
      .toBuffer();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => reader.read(png)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(MarkReaderBusy);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
  });
});
