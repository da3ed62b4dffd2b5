// The buy request checked by the server's own schema before it is sent. Its own module, loaded when the
// buyer starts filling the form: the schema library is not part of the style page's first load.
import { createGenerationSchema } from '@style-license/shared';
import type { GenerationRequest } from './useGenerationSubmit';

/** The fields the schema refuses, in the order it names them. */
export function refusedFields(request: GenerationRequest): string[] {
  const checked = createGenerationSchema.safeParse({ ...request, idempotencyKey: 'check-only' });
  return checked.success ? [] : checked.error.issues.map((issue) => String(issue.path[0]));
}
