/**
 * Runs one renderer request against the operation table and answers a StudioResult envelope: the value,
 * or the core's typed error (code, message, details). An unknown operation or an unexpected exception is
 * never passed through as is: the renderer gets INTERNAL and the host's log gets the stack.
 */
import { AppError } from '@style-license/shared';
import { STUDIO_OPERATIONS, type StudioOperation, type StudioResult } from '../../bridge/studio-api';
import type { StudioHandlers } from '../studio';

const KNOWN = new Set<string>(STUDIO_OPERATIONS);
export const isStudioOperation = (name: string): name is StudioOperation => KNOWN.has(name);

export async function dispatchOperation(
  handlers: StudioHandlers,
  name: string,
  input: unknown,
  onUnexpected: (error: unknown, operation: string) => void = () => undefined,
): Promise<StudioResult<unknown>> {
  if (!isStudioOperation(name))
    return { ok: false, error: { code: 'NOT_FOUND', message: 'No such studio operation' } };
  try {
    return { ok: true, value: (await handlers[name](input)) ?? null };
  } catch (error) {
    if (error instanceof AppError)
      return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
    onUnexpected(error, name);
    return { ok: false, error: { code: 'INTERNAL', message: 'The studio could not do that' } };
  }
}
