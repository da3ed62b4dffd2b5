/**
 * One tag per thing a reader sees (issue 11): tags fold with NFKC and full case folding, so full-width,
 * ligature, ß/SS, sigma and İ spellings are one tag, and invisible or reordering characters are refused,
 * through every path that takes tags (styles create, update and search; upload confirmation and
 * generation prompts share the schema).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@style-license/db';
import {
  confirmUploadsSchema,
  createGenerationSchema,
  createStyleSchema,
  normaliseTag,
  searchStylesSchema,
  stripRefusedTagCharacters,
  tagSchema,
  updateStyleSchema,
  type TagCharacterRule,
} from '@style-license/shared';
import { buildApp } from '../src/app';
import { putOnSale } from './generation-support';
import { callTrpc, createTestDeps, signInAs, type TestServerDeps } from './support';

/** Spellings a reader takes for one tag, and the one stored spelling they fold to. */
const SAME_TAG: [string, string[]][] = [
  ['water', ['ＷＡＴＥＲ', 'Water', ' WATER ', 'ｗａｔｅｒ']],
  ['fine line', ['ﬁne line', 'FINE  LINE', 'fine\u3000line']],
  ['istanbul', ['İstanbul', 'ISTANBUL', 'i\u0307stanbul']],
  ['strasse', ['Straße', 'STRASSE', 'STRAẞE']],
  // Sigma is σ inside a word and ς at its end, whichever was typed.
  ['οδος', ['ΟΔΟΣ', 'οδοσ', 'Οδος']],
  ['수채화', ['수채화'.normalize('NFD'), '수채화'.normalize('NFC')]],
  ['xii', ['Ⅻ', 'ⅻ']],
];

/** Different tags that must stay different. */
const DISTINCT = [
  ['kırmızı', 'kirmizi'], // dotless ı is its own letter (Turkish), unlike the dot on İ
  ['ㅋㅋ', '\u110F\u110F'], // a lone Korean letter stays as typed, not a conjoining jamo
];

const INVISIBLE: [string, string, TagCharacterRule][] = [
  ['a zero-width space', 'water\u200Bcolor', 'invisible_characters'],
  ['a zero-width joiner between letters', 'water\u200Dcolor', 'invisible_characters'],
  ['a zero-width no-break space (BOM)', 'water\uFEFFcolor', 'invisible_characters'],
  ['a word joiner', 'water\u2060color', 'invisible_characters'],
  ['a soft hyphen', 'water\u00ADcolor', 'invisible_characters'],
  ['a Hangul filler', '\u3164', 'invisible_characters'],
  ['a variation selector on a letter', 'a\uFE0F', 'invisible_characters'],
  ['a variation selector on a digit (not a keycap)', 'water1\uFE0F', 'invisible_characters'],
  ['a right-to-left override', 'r\u202Eevil', 'bidi_controls'],
  ['a right-to-left isolate', '\u2067evil\u2069', 'bidi_controls'],
  ['a right-to-left mark', 'evil\u200F', 'bidi_controls'],
  ['a noncharacter', 'water\uFFFF', 'unassigned_characters'],
  ['a private-use character', 'water\uE000', 'unassigned_characters'],
];

const EMOJI = ['🎨', '❤️', '👩🏽‍🎨', '🏳️‍🌈', '1️⃣'];

describe('tag fold', () => {
  it.each(SAME_TAG)('folds every spelling of %s to it', (folded, spellings) => {
    for (const spelling of [folded, ...spellings])
      expect(normaliseTag(spelling), JSON.stringify(spelling)).toBe(folded);
  });

  it.each(DISTINCT)('keeps %s and %s apart', (a, b) => {
    expect(normaliseTag(a)).toBe(a);
    expect(normaliseTag(b)).toBe(b);
  });

  it('is idempotent, over every code point', () => {
    // In runs of 256 between digits (one call per code point took seconds), so context rules run too.
    const unstable: string[] = [];
    for (let start = 0; start <= 0x10ffff; start += 256) {
      let text = '';
      for (let cp = start; cp < start + 256; cp += 1)
        if (cp < 0xd800 || cp > 0xdfff) text += `0${String.fromCodePoint(cp)}`;
      const once = normaliseTag(text);
      if (normaliseTag(once) !== once) unstable.push(start.toString(16));
    }
    expect(unstable).toEqual([]);
  });

  it.each(INVISIBLE)('refuses %s with rule %s', (_name, tag, rule) => {
    const result = tagSchema.safeParse(tag);
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([expect.objectContaining({ code: 'custom', params: { rule } })]);
  });

  it('keeps the joiners and selectors emoji are made of', () => {
    for (const emoji of EMOJI) expect(tagSchema.parse(emoji)).toBe(emoji);
    // A joiner from a pictograph to a letter joins nothing: it is only an invisible character.
    expect(tagSchema.safeParse('🎨\u200Dx').success).toBe(false);
  });

  it('is the rule of every input that takes tags', () => {
    const style = { name: 'Style', priceTokens: 5 };
    const inputs = (tags: string[]) => [
      () => createStyleSchema.parse({ ...style, tags }).tags,
      () => updateStyleSchema.parse({ styleId: randomUUID(), tags }).tags,
      () => searchStylesSchema.parse({ tags }).tags,
      () => searchStylesSchema.parse({ tags: tags.join(',') }).tags,
      () =>
        confirmUploadsSchema.parse({ styleId: randomUUID(), uploads: [{ uploadToken: 't', tags }] })
          .uploads[0]!.tags,
      () =>
        createGenerationSchema.parse({
          styleId: randomUUID(),
          expectedPriceTokens: 5,
          promptTags: tags,
          idempotencyKey: randomUUID(),
        }).promptTags,
    ];
    for (const parse of inputs(['ＷＡＴＥＲ', 'water', 'İstanbul']))
      expect(parse()).toEqual(['water', 'istanbul']);
    for (const parse of inputs(['r\u202Eevil'])) expect(parse).toThrow(/text-direction controls/);
  });

  it('strips what the rules refuse from a stored tag, keeping emoji whole', () => {
    expect(stripRefusedTagCharacters('Water\u200Bcolor')).toBe('watercolor');
    expect(stripRefusedTagCharacters('r\u202Eevil')).toBe('revil');
    expect(stripRefusedTagCharacters('ａ，ｂ＜ｃ＞')).toBe('abc');
    expect(stripRefusedTagCharacters(' \u200B ')).toBe('');
    expect(stripRefusedTagCharacters('👩🏽‍🎨\u200B')).toBe('👩🏽‍🎨');
  });
});

describe('tags through the API', () => {
  let deps: TestServerDeps;
  let app: FastifyInstance;
  type Who = Awaited<ReturnType<typeof signInAs>>;

  beforeAll(async () => {
    deps = await createTestDeps();
    app = await buildApp(deps);
  });
  afterAll(async () => {
    await app.close();
    await deps.dispose();
  });

  const mutate = (who: Who, path: string, input: unknown) =>
    callTrpc(app, `styles.${path}`, { mutation: true, input, headers: who.browser });
  async function create(who: Who, tags: string[]) {
    const res = await mutate(who, 'create', { name: 'Washes', priceTokens: 5, tags });
    expect(res.status, JSON.stringify(res.error)).toBe(200);
    return res.data as { id: string; tags: string[] };
  }
  const tagRows = (name: string) =>
    deps.database.db.select().from(schema.tags).where(eq(schema.tags.name, name));
  const refusal = (res: Awaited<ReturnType<typeof callTrpc>>) => {
    expect(res.status).toBe(400);
    return res.error!.data as { code: string; details: { path: string; message: string }[] };
  };

  it('stores every spelling of a tag as one tag row, shared by the styles that use it', async () => {
    const artist = await signInAs(deps, { role: 'artist' });
    const styles = [];
    for (const tag of ['ＷＡＴＥＲ', 'water', 'Water']) styles.push(await create(artist, [tag]));
    styles.push(await create(artist, ['İstanbul', 'istanbul']));
    expect(styles.map((s) => s.tags)).toEqual([['water'], ['water'], ['water'], ['istanbul']]);
    expect(await tagRows('water')).toHaveLength(1);
    expect(await tagRows('istanbul')).toHaveLength(1);
  });

  it('finds a style by any spelling of its tag', async () => {
    const artist = await signInAs(deps, { role: 'artist' });
    const style = await create(artist, ['Straße', 'Aquarelle']);
    await putOnSale(deps.database.db, style.id);
    for (const tags of [['STRASSE'], 'strasse,ＡＱＵＡＲＥＬＬＥ', ['straße', 'aquarelle']]) {
      const res = await callTrpc(app, 'styles.search', { input: { tags } });
      expect(res.status, JSON.stringify(res.error)).toBe(200);
      expect((res.data as { items: { id: string }[] }).items.map((i) => i.id)).toContain(style.id);
    }
  });

  it.each(INVISIBLE)(
    'refuses a tag with %s on create, update and search, storing nothing',
    async (_name, tag) => {
      const artist = await signInAs(deps, { role: 'artist' });
      const before = await deps.database.db.select().from(schema.tags);
      const created = refusal(await mutate(artist, 'create', { name: 'X', priceTokens: 5, tags: [tag] }));
      expect(created).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'tags.0' }] });
      const style = await create(artist, ['kept']);
      const updated = refusal(await mutate(artist, 'update', { styleId: style.id, tags: ['fine', tag] }));
      expect(updated).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'tags.1' }] });
      const searched = refusal(await callTrpc(app, 'styles.search', { input: { tags: [tag] } }));
      expect(searched.code).toBe('VALIDATION_FAILED');
      const get = await callTrpc(app, 'styles.get', {
        input: { styleId: style.id },
        headers: artist.browser,
      });
      expect((get.data as { tags: string[] }).tags).toEqual(['kept']);
      const after = await deps.database.db.select().from(schema.tags);
      expect(new Set(after.map((r) => r.name))).toEqual(new Set([...before.map((r) => r.name), 'kept']));
    },
  );
});
