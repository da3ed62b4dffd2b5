// Buying one image, safely: one idempotency key per submission, kept for retries after a network failure
// (so a retry returns the generation the first try may already have paid for, never a second charge),
// and a synchronous guard so a double click sends one request even before React re-renders the button.
import { useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateGenerationInput } from '@style-license/shared';
import { errorInfo } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';

export type GenerationRequest = Omit<CreateGenerationInput, 'idempotencyKey'>;

/** Whether the server may have acted on a call that failed: then the same key must be reused. */
export function mayHaveLanded(error: unknown): boolean {
  const { code } = errorInfo(error);
  return code === null || code === 'INTERNAL' || code === 'UNAVAILABLE';
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export function useGenerationSubmit(styleId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutation = useMutation(trpc.generation.create.mutationOptions());
  const inFlight = useRef(false);
  const attempt = useRef<{ key: string; fingerprint: string } | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(request: GenerationRequest) {
    if (inFlight.current) return { generation: null, error: null };
    inFlight.current = true;
    setPending(true);
    setError(null);
    // Tags in any order are the same purchase; a changed input is a new one with a new key.
    const fingerprint = JSON.stringify({ ...request, promptTags: [...(request.promptTags ?? [])].sort() });
    if (attempt.current?.fingerprint !== fingerprint)
      attempt.current = { key: newIdempotencyKey(), fingerprint };
    try {
      const generation = await mutation.mutateAsync({ ...request, idempotencyKey: attempt.current.key });
      attempt.current = null;
      return { generation, error: null };
    } catch (caught) {
      if (!mayHaveLanded(caught)) attempt.current = null;
      setError(caught);
      return { generation: null, error: caught };
    } finally {
      inFlight.current = false;
      setPending(false);
      // The balance moved (a charge), or the quote is stale (price changed, not enough tokens).
      void queryClient.invalidateQueries({ queryKey: trpc.tokens.balance.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.generation.quote.queryKey({ styleId }) });
    }
  }

  return { submit, pending, error, clearError: () => setError(null) };
}
