/**
 * The boolean tag filter: `{tag}`, `{and:[…]}`, `{or:[…]}`, `{not:…}`, validated and compiled to SQL.
 * Invariants: every tag in it went through the shared tagSchema; depth and size are bounded before zod
 * recurses, so a hostile nesting can neither blow the stack nor build a query PostgreSQL chokes on.
 */
import { z } from 'zod';
import { tagSchema } from '@style-license/shared';
import type { SqlParams } from './sql-params';

export type TagExpression =
  { tag: string } | { and: TagExpression[] } | { or: TagExpression[] } | { not: TagExpression };

export const TAG_EXPRESSION_LIMITS = { depth: 8, nodes: 64 } as const;

/** Counts nodes down to one level past the limits, so the walk itself never goes deep. */
function withinLimits(value: unknown): boolean {
  let nodes = 0;
  const visit = (node: unknown, depth: number): boolean => {
    if (depth > TAG_EXPRESSION_LIMITS.depth || ++nodes > TAG_EXPRESSION_LIMITS.nodes) return false;
    if (typeof node !== 'object' || node === null) return true; // zod below names the real problem
    const record = node as Record<string, unknown>;
    const children = Array.isArray(record.and)
      ? record.and
      : Array.isArray(record.or)
        ? record.or
        : 'not' in record
          ? [record.not]
          : [];
    return children.every((child: unknown) => visit(child, depth + 1));
  };
  return visit(value, 1);
}

const expressionShape: z.ZodType<TagExpression> = z.lazy(() =>
  z.union([
    z.strictObject({ tag: tagSchema }),
    z.strictObject({ and: z.array(expressionShape).min(1) }),
    z.strictObject({ or: z.array(expressionShape).min(1) }),
    z.strictObject({ not: expressionShape }),
  ]),
);

export const tagExpressionSchema = z
  .unknown()
  .refine(withinLimits, {
    message: `A tag filter has at most ${TAG_EXPRESSION_LIMITS.nodes} parts, nested at most ${TAG_EXPRESSION_LIMITS.depth} deep`,
    params: { rule: 'tag_filter_too_complex' },
    abort: true,
  })
  .pipe(expressionShape);

/**
 * A condition on `i.id` (the images row). `in (subquery)` rather than EXISTS: PostgreSQL hashes the
 * tag's image ids once (the tag index makes that a range read) instead of probing per image.
 */
export function tagExpressionSql(expression: TagExpression, params: SqlParams): string {
  if ('tag' in expression)
    return `i.id in (select image_id from image_tags where tag = ${params.add(expression.tag)})`;
  if ('and' in expression) return `(${expression.and.map((e) => tagExpressionSql(e, params)).join(' and ')})`;
  if ('or' in expression) return `(${expression.or.map((e) => tagExpressionSql(e, params)).join(' or ')})`;
  return `not (${tagExpressionSql(expression.not, params)})`;
}
