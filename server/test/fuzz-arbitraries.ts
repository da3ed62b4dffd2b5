/**
 * The inputs of the API fuzz suite (fuzz-api.test.ts). Two families:
 * - hostile: values that owe nothing to any schema (random JSON, huge and strange strings, deep nesting,
 *   prototype keys, numbers JSON cannot carry, bodies that are not JSON at all);
 * - near-valid: a valid input of the procedure with one thing changed (a field dropped or added, a wrong
 *   type, a value just past a bound), the bound read from the zod schema through `z.toJSONSchema`.
 * What JSON.stringify cannot write (NaN, 1e400, a `__proto__` key, text that is no JSON) is a `Raw`
 * fragment, written as is by `toJsonText`. Near-valid inputs are built in fuzz-near-valid.ts.
 */
import fc from 'fast-check';

const shorten = (text: string) => (text.length > 80 ? `${text.slice(0, 60)}… (${text.length} chars)` : text);

/** JSON text written verbatim where a value would be: `NaN`, `1e400`, `{"a":`. */
export class Raw {
  constructor(readonly text: string) {}
  [fc.toStringMethod](): string {
    return `Raw(${JSON.stringify(shorten(this.text))})`;
  }
}

/** A string of `length` times `char`, shown short in fast-check's reports. */
export class Long {
  constructor(
    readonly length: number,
    readonly char = 'A',
  ) {}
  [fc.toStringMethod](): string {
    return `Long(${this.length} × ${JSON.stringify(this.char)})`;
  }
}

/** The JSON text of a value with Raw fragments; own keys only, `__proto__` included when it is one. */
export function toJsonText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Raw) return value.text;
  if (value instanceof Long) return JSON.stringify(value.char.repeat(value.length));
  if (Array.isArray(value)) return `[${value.map((v) => toJsonText(v) ?? 'null').join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts = Object.keys(value).flatMap((k) => {
      const text = toJsonText((value as Record<string, unknown>)[k]);
      return text === undefined ? [] : [`${JSON.stringify(k)}:${text}`];
    });
    return `{${parts.join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  return JSON.stringify(value);
}

/** An object holding `key` as an own, enumerable property, `__proto__` too. */
export function withOwn(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

// ── hostile values ───────────────────────────────────────────────────────────────────────────────────

export const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202eevil\u202c',
  '\u2066isolate',
  '\u200b',
  '\u200d\u200c',
  '\ufeffbom',
  '\u0085\u2028\u2029',
  'e\u0301\u0301\u0301',
  '\ufdfd',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '👩‍👩‍👧‍👦',
  'Ⅻ ﬁ ＡＢＣ',
  '\r\n\t',
  '<script>alert(1)</script>',
  "'; DROP TABLE users;--",
  '%00%27',
  '../../etc/passwd',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e308',
  '1e400',
  'true',
  '[]',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  'all',
];

export const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  1e308,
  -1e308,
  5e-324,
];

/** Number literals JSON.parse reads oddly (1e400 is Infinity) or not at all (NaN, 0x10). */
export const RAW_NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '0x10',
  '+1',
  '01',
  '.5',
];

/** Bodies or inputs that are no JSON, or JSON of an unexpected kind. */
export const RAW_TEXTS = [
  '{',
  '{"a":',
  '}',
  "{'a':1}",
  '[1,]',
  '{"a":1,}',
  'undefined',
  '\u0000',
  '\ufeff{}',
  '{"a":1}{"b":2}',
  '{"a" 1}',
  '"\\ud800"',
  '"\\u0000"',
  '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}',
  '{"a":1,"a":2}',
  ' ',
];

const nested = (depth: number, kind: 'array' | 'object') =>
  kind === 'array'
    ? new Raw('['.repeat(depth) + ']'.repeat(depth))
    : new Raw('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

const prototypeObjects = fc.constantFrom<unknown>(
  withOwn({}, '__proto__', { isAdmin: true, role: 'admin' }),
  { constructor: { prototype: { isAdmin: true } } },
  { toString: 'x', valueOf: 1, hasOwnProperty: null },
  withOwn({ role: 'admin' }, '__proto__', null),
  { then: 'x' },
);

/** Strings of every kind: edge cases, random unicode (lone surrogates included), huge ones. */
export const hostileString: fc.Arbitrary<string | Long> = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGE_STRINGS), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.constantFrom(600, 3_000, 12_000, 70_000, 300_000).map((n) => new Long(n)), weight: 1 },
);

/** Any value at all; the top level of a hostile input, or a field of one. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: fc.constantFrom<unknown>(...EDGE_NUMBERS, null, true, false, [], {}), weight: 3 },
  { arbitrary: fc.constantFrom(...RAW_NUMBERS).map((t) => new Raw(t)), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.anything({ maxDepth: 2, withNullPrototype: true }), weight: 1 },
  { arbitrary: prototypeObjects, weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(19, 21, 60, 2_000), fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([d, k]) => nested(d, k)),
    weight: 1,
  },
);

/** A hostile input for a procedure whose object input has `keys`: any value, or those keys hostile. */
export function hostileInput(keys: string[]): fc.Arbitrary<unknown> {
  const shaped =
    keys.length === 0
      ? hostileValue
      : fc
          .dictionary(fc.constantFrom(...keys, '__proto__', 'constructor', 'extra'), hostileValue, {
            maxKeys: keys.length + 2,
          })
          .map((o) =>
            Object.entries(o).reduce((t, [k, v]) => withOwn(t, k, v), {} as Record<string, unknown>),
          );
  return fc.oneof(
    { arbitrary: hostileValue, weight: 3 },
    { arbitrary: shaped, weight: 3 },
    { arbitrary: fc.constantFrom(...RAW_TEXTS).map((t) => new Raw(t)), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}
