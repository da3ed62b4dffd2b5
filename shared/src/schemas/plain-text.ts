// User prose shown to others (comments, image descriptions): plain text, kept as typed. Markup is not
// refused: "<b>hi</b>" is stored as those characters and every client renders it escaped, so a comment
// reads exactly as written. What PostgreSQL cannot store or a reader cannot see is refused instead.
import { z } from 'zod';
import { codePointLength } from './limits';

// Cc (controls other than the tab and newline normalised below) and Cs (lone surrogates, which
// PostgreSQL cannot store; a NUL it refuses outright).
const UNSTORABLE = /[\p{Cs}\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;

/**
 * Plain text of at most `max` code points, line breaks normalised to `\n` and outer whitespace trimmed;
 * `min` 1 refuses text that is empty once trimmed.
 */
export function plainTextSchema(options: { max: number; min?: number; what: string }) {
  const { max, min = 0, what } = options;
  return z
    .string()
    .transform((text) => text.replace(/\r\n?/g, '\n').trim())
    .superRefine((text, ctx) => {
      if (codePointLength(text) < min)
        ctx.addIssue({
          code: 'too_small',
          minimum: min,
          origin: 'string',
          inclusive: true,
          input: text,
          message: `${what} cannot be empty`,
        });
      if (codePointLength(text) > max)
        ctx.addIssue({
          code: 'too_big',
          maximum: max,
          origin: 'string',
          inclusive: true,
          input: text,
          message: `${what} has at most ${max} characters`,
        });
      if (UNSTORABLE.test(text))
        ctx.addIssue({ code: 'custom', input: text, message: `${what} cannot contain control characters` });
    });
}
