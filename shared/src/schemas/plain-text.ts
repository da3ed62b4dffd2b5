// User prose shown to others (comments, image descriptions): plain text, kept as typed. Markup is not
// refused: "<b>hi</b>" is stored as those characters and every client renders it escaped, so a comment
// reads exactly as written. What PostgreSQL cannot store or a reader cannot see is refused instead.
import { z } from 'zod';
import { codePointLength } from './limits';

// Cc (controls other than the tab and newline normalised below) and Cs (lone surrogates, which
// PostgreSQL cannot store; a NUL it refuses outright).
const UNSTORABLE = /(?![\n\t])[\p{Cc}\p{Cs}]/u;
// Bidi overrides, embeddings and isolates reorder what follows them on screen ("txt.exe" shown as
// "exe.txt"): a comment must read as written. The plain marks (LRM, RLM) stay, mixed-direction text needs them.
const REORDERING = /[\u202A-\u202E\u2066-\u2069]/u;
// What draws nothing: text made only of it (a zero-width space) is empty however long it is.
const BLANK = /[\s\p{Default_Ignorable_Code_Point}\u2800]/gu;

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
      if (codePointLength(text.replace(BLANK, '')) < min)
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
      if (UNSTORABLE.test(text) || REORDERING.test(text))
        ctx.addIssue({ code: 'custom', input: text, message: `${what} cannot contain control characters` });
    });
}
