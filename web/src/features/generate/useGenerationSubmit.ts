// Buying one image, safely: one idempotency key per purchase attempt, and a synchronous guard so a double
// click sends one request even before React re-renders the button.
//
// The key is what stands between a buyer and a second charge. After a failure that may have reached the
// server (no answer, INTERNAL, UNAVAILABLE) the first try may have charged, so the key is *pending*: it is
// sent again with the next submission whatever the input is now, and kept in sessionStorage so a reload
// sends it too. The same input replays the first try (charged once); other input is answered CONFLICT,
// which means the earlier request went through: the buyer is sent to My images, and only then does a new
// purchase get a new key. The key is forgotten on a definite outcome: a generation, or a refusal that
// proves the server looked the key up and found nothing.
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

/**
 * Whether a refusal came after the server looked the key up and found no earlier purchase with it: then
 * nothing was ever charged under it. Refusals from before that look-up (RATE_LIMITED, a schema
 * VALIDATION_FAILED, UNAUTHORIZED, the CSRF FORBIDDEN) say nothing about an earlier try.
 */
function provesNothingLanded(error: unknown): boolean {
  const { code, details } = errorInfo(error);
  if (code === 'INSUFFICIENT_CREDITS' || code === 'NOT_FOUND') return true;
  if (code === 'CONFLICT') return details.some((d) => d.rule === 'price_changed');
  if (code === 'VALIDATION_FAILED') return details.some((d) => d.rule === 'unknown_tag');
  return false;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Where the pending key of a style is kept across reloads (per tab, like the purchase it guards). */
export function pendingKeyName(styleId: string): string {
  return `style-license:pending-generation:${styleId}`;
}

function readPendingKey(styleId: string): string | null {
  try {
    const key = sessionStorage.getItem(pendingKeyName(styleId));
    return key && /^[\w.:-]{8,100}$/.test(key) ? key : null;
  } catch {
    return null;
  }
}

function writePendingKey(styleId: string, key: string | null): void {
  try {
    if (key) sessionStorage.setItem(pendingKeyName(styleId), key);
    else sessionStorage.removeItem(pendingKeyName(styleId));
  } catch {
    // Storage can be off (private mode): the key still holds for this page's life.
  }
}

interface Attempt {
  key: string;
  /** The input first sent with the key; null when it came back from storage after a reload. */
  fingerprint: string | null;
  /** A try with this key may have reached the server: the key is kept whatever the input. */
  pending: boolean;
}

export function useGenerationSubmit(styleId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutation = useMutation(trpc.generation.create.mutationOptions());
  const inFlight = useRef(false);
  const attempt = useRef<Attempt | null | undefined>(undefined);
  if (attempt.current === undefined) {
    const stored = readPendingKey(styleId);
    attempt.current = stored ? { key: stored, fingerprint: null, pending: true } : null;
  }
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** The last submission was refused because an earlier, possibly charged request used the key. */
  const [earlierWentThrough, setEarlierWentThrough] = useState(false);

  function forget() {
    attempt.current = null;
    writePendingKey(styleId, null);
  }

  async function submit(request: GenerationRequest) {
    if (inFlight.current) return { generation: null, error: null, earlierWentThrough: false } as const;
    inFlight.current = true;
    setPending(true);
    setError(null);
    setEarlierWentThrough(false);
    // Tags in any order are the same purchase; a changed input is a new one with a new key, unless an
    // earlier try may have landed: then its key goes again, and the server tells which it is.
    const fingerprint = JSON.stringify({ ...request, promptTags: [...(request.promptTags ?? [])].sort() });
    const current = attempt.current;
    if (!current || (!current.pending && current.fingerprint !== fingerprint))
      attempt.current = { key: newIdempotencyKey(), fingerprint, pending: false };
    const sent = attempt.current!;
    try {
      const generation = await mutation.mutateAsync({ ...request, idempotencyKey: sent.key });
      forget();
      return { generation, error: null } as const;
    } catch (caught) {
      let wentThrough = false;
      if (mayHaveLanded(caught)) {
        sent.pending = true;
        writePendingKey(styleId, sent.key);
      } else if (!sent.pending || provesNothingLanded(caught)) {
        forget();
      } else if (errorInfo(caught).code === 'CONFLICT' && sent.fingerprint !== fingerprint) {
        // (A key back from storage has no known first input, so it is read this way too.)
        // The key was already used for other input: the earlier request went through. Once the buyer
        // has been told, a new submission is a new purchase with a new key.
        wentThrough = true;
        forget();
      } else if (errorInfo(caught).code === 'CONFLICT') {
        // The same input cannot conflict with itself: the style itself is refused, nothing charged.
        forget();
      }
      // Anything else (RATE_LIMITED, a refusal before the key was looked up) keeps the pending key.
      setEarlierWentThrough(wentThrough);
      setError(caught);
      return { generation: null, error: caught, earlierWentThrough: wentThrough } as const;
    } finally {
      inFlight.current = false;
      setPending(false);
      // The balance moved (a charge), or the quote is stale (price changed, not enough tokens); My images
      // and the token history list the new image and its charge (pathKey: both are infinite lists).
      void queryClient.invalidateQueries({ queryKey: trpc.tokens.balance.queryKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.generation.quote.queryKey({ styleId }) });
      void queryClient.invalidateQueries({ queryKey: trpc.generation.mine.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.tokens.history.pathKey() });
    }
  }

  return {
    submit,
    pending,
    error,
    earlierWentThrough,
    clearError: () => {
      setError(null);
      setEarlierWentThrough(false);
    },
  };
}
