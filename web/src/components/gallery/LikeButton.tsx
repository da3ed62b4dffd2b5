// A heart with the like count. It answers at once (optimistic) and then shows the server's exact count;
// a failed like goes back and says why. Signed out, it is a link to sign in and come back here.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LikeState } from '@style-license/shared';
import { describeError } from '../../lib/errors';
import { currentPath, signInHref, useMe } from '../../lib/session';
import { toast } from '../../lib/toast';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { patchCachedImage } from './image-cache';

function Heart({ filled }: { filled: boolean }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5" strokeWidth="2" stroke="currentColor">
      <path
        fill={filled ? 'currentColor' : 'none'}
        strokeLinejoin="round"
        d="M12 20.5s-7.5-4.6-9.3-9.4C1.4 7.6 3.6 4 7.2 4c2 0 3.6 1.1 4.8 2.8C13.2 5.1 14.8 4 16.8 4c3.6 0 5.8 3.6 4.5 7.1-1.8 4.8-9.3 9.4-9.3 9.4Z"
      />
    </svg>
  );
}

export function LikeButton({
  generationId,
  liked,
  likeCount,
  className = '',
}: {
  generationId: string;
  liked: boolean;
  likeCount: number;
  className?: string;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const client = useTRPCClient();
  // One mutation for both directions: while it runs the button shows the state asked for (optimistic);
  // once answered, the server's exact count is written into every cached copy, which `liked` and
  // `likeCount` then carry. A refusal simply ends it, and the props never changed.
  const toggle = useMutation({
    mutationFn: ({ like }: { like: boolean }) =>
      like ? client.likes.add.mutate({ generationId }) : client.likes.remove.mutate({ generationId }),
    onSuccess: (next: LikeState) =>
      patchCachedImage(queryClient, trpc, generationId, { likedByMe: next.liked, likeCount: next.likeCount }),
    onError: (error) => toast('error', describeError(error, t)),
  });
  const asked = toggle.isPending ? toggle.variables.like : undefined;
  const state: LikeState =
    asked === undefined || asked === liked
      ? { liked, likeCount }
      : { liked: asked, likeCount: Math.max(0, likeCount + (asked ? 1 : -1)) };
  const base = `inline-flex h-9 min-w-9 items-center justify-center gap-1.5 rounded-full px-2.5 text-sm font-medium tabular-nums transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 ${className}`;
  const count = t('feed.like.count', { count: state.likeCount });

  if (!me.data) {
    return (
      <a
        href={signInHref(currentPath())}
        className={`${base} text-stone-600 hover:bg-stone-100`}
        title={t('feed.like.signIn')}
      >
        <Heart filled={false} />
        <span aria-hidden="true">{state.likeCount}</span>
        <span className="sr-only">{`${t('feed.like.signIn')} (${count})`}</span>
      </a>
    );
  }

  return (
    <button
      type="button"
      onClick={() => toggle.mutate({ like: !state.liked })}
      disabled={toggle.isPending}
      aria-pressed={state.liked}
      aria-label={`${state.liked ? t('feed.like.unlike') : t('feed.like.like')} (${count})`}
      className={`${base} ${state.liked ? 'text-rose-600 hover:bg-rose-50' : 'text-stone-600 hover:bg-stone-100'} disabled:cursor-wait`}
    >
      <Heart filled={state.liked} />
      <span aria-hidden="true">{state.likeCount}</span>
    </button>
  );
}
