/**
 * Near-valid inputs for the API fuzz suite: a valid input of a procedure with one thing changed (a
 * field dropped, added, given another type, or a value at or just past a bound). The bounds come from
 * the procedure's zod schema through `z.toJSONSchema` (its input side), walked by path.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { Long, Raw, hostileValue, withOwn } from './fuzz-arbitraries';

/** Marks a field to remove. */
const DROP = Symbol('drop');

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
}

/** The input schema of a procedure as JSON Schema (the input side of transforms), or none. */
export function inputJsonSchema(inputs: unknown[]): JsonSchema | undefined {
  if (inputs.length === 0) return undefined;
  const parts = inputs.map(
    (i) => z.toJSONSchema(i as z.ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema,
  );
  if (parts.length === 1) return parts[0];
  return { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) };
}

/** The top-level keys a procedure's input may have (every branch of a union). */
export function topKeys(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  const branches = schema.anyOf ?? [schema];
  return [...new Set(branches.flatMap((b) => Object.keys(b.properties ?? {})))];
}

const WRONG_TYPES: unknown[] = [null, true, 0, -1, '', 'x', [], {}];
const UUIDISH = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-00000000000',
  'zzzzzzzz-zzzz-4zzz-8zzz-zzzzzzzzzzzz',
  '{00000000-0000-4000-8000-000000000000}',
  '00000000000040008000000000000000',
];

/** Values just past (and just at) what `node` allows, and values of other types. */
function replacements(node: JsonSchema | undefined, current: unknown): unknown[] {
  const out: unknown[] = [...WRONG_TYPES, new Raw('NaN')];
  for (const n of node?.anyOf ?? (node ? [node] : [])) {
    if (n.enum) out.push(...n.enum, `${String(n.enum[0])} `, String(n.enum[0]).toUpperCase(), 'other');
    if (n.const !== undefined) out.push(n.const, String(n.const).toUpperCase());
    if (n.type === 'string') {
      if (n.maxLength !== undefined) out.push(new Long(n.maxLength, 'a'), new Long(n.maxLength + 1, 'a'));
      if (n.minLength) out.push(new Long(n.minLength - 1, 'a'));
      if (n.format === 'uuid') out.push(...UUIDISH);
      if (n.format === 'email') out.push('a@b', `${'x'.repeat(250)}@example.test`, 'a@@b.test');
      if (typeof current === 'string')
        out.push(current.toUpperCase(), `${current} `, current.slice(1), `${current}\u0000`);
      out.push('\ud800', '\u202e', '\u200b', new Long(20_000, 'a'));
    }
    if (n.type === 'integer' || n.type === 'number') {
      const lo = n.minimum ?? (n.exclusiveMinimum !== undefined ? n.exclusiveMinimum : undefined);
      if (lo !== undefined) out.push(lo - 1, lo, lo + 0.5);
      if (n.maximum !== undefined) out.push(n.maximum, n.maximum + 1);
      out.push('5', 1e308, -0, 2 ** 53 + 2, ...['1e400', '-1e400', '-0', '1e-400'].map((t) => new Raw(t)));
    }
    if (n.type === 'array') {
      const item = Array.isArray(current) && current.length > 0 ? current[0] : 'x';
      if (n.maxItems !== undefined) out.push(Array.from({ length: n.maxItems + 1 }, () => item));
      out.push(
        [],
        [item, item],
        typeof item === 'string' ? [item, item.toUpperCase()] : [item],
        [[item]],
        [null],
      );
    }
    if (n.type === 'object') out.push({}, [current]);
    if (n.type === 'boolean') out.push('true', 1, 0);
  }
  return out;
}

/** The schema node at `path` (objects by key, arrays by any index; a union by its first branch having it). */
function nodeAt(root: JsonSchema | undefined, path: (string | number)[]): JsonSchema | undefined {
  let node = root;
  for (const step of path) {
    if (!node) return undefined;
    const branches: JsonSchema[] = node.anyOf ?? [node];
    const next =
      typeof step === 'number'
        ? branches.find((b) => b.items)?.items
        : branches.find((b) => b.properties?.[step])?.properties?.[step];
    node = next;
  }
  return node;
}

/** Every place in `value` one mutation may touch: each value's path, and each absent schema property. */
function paths(
  value: unknown,
  schema: JsonSchema | undefined,
  at: (string | number)[] = [],
): (string | number)[][] {
  const here = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, schema, [...at, i]))];
  if (value === null || typeof value !== 'object') return here;
  const own = Object.keys(value);
  const absent = topKeys(nodeAt(schema, at)).filter((k) => !own.includes(k));
  return [
    ...here,
    ...own.flatMap((k) => paths((value as Record<string, unknown>)[k], schema, [...at, k])),
    ...absent.map((k) => [...at, k]),
  ];
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  const next = setAt(copy[head!], rest, replacement);
  if (next === DROP) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
  } else if (head === '__proto__') withOwn(copy, head, next);
  else copy[head!] = next;
  return copy;
}

/** `base` with one change: a field dropped, replaced (bounds, types, hostile values) or added. */
export function nearValid(base: unknown, schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const places = paths(base, schema);
  const oneField =
    places.length === 0
      ? fc.constant(base)
      : fc.constantFrom(...places).chain((path) => {
          const current = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], base);
          return fc
            .oneof(
              { arbitrary: fc.constantFrom(DROP, ...replacements(nodeAt(schema, path), current)), weight: 4 },
              { arbitrary: hostileValue, weight: 1 },
            )
            .map((replacement) => setAt(base, path, replacement));
        });
  const extraKey = fc
    .tuple(fc.constantFrom('__proto__', 'constructor', 'extra', 'ownerId', 'userId', 'role'), hostileValue)
    .map(([k, v]) => (base && typeof base === 'object' ? setAt(base, [k], v) : base));
  return fc.oneof({ arbitrary: oneField, weight: 5 }, { arbitrary: extraKey, weight: 1 });
}
