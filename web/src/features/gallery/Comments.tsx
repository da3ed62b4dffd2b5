/**
 * An image's comments: newest first, a page at a time ("Load more" sends the last page's cursor), the form
 * for a signed-in reader and a sign-in link for anyone else. A new comment goes to the top of the loaded
 * list and a removed one stays in its place as "Comment removed", both patched into the cache from the
 * server's answer, so no page is fetched again and no cursor shifts. Bodies are plain text, rendered as
 * text: markup in a comment shows as the characters typed.
 */
import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Comment, CommentPage } from '@style-license/shared';
import { patchCachedImage } from '../../components/gallery/image-cache';
import { Button, buttonClass } from '../../components/ui/Button';
import { ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { describeError } from '../../lib/errors';
import { formatWhen } from '../../lib/relative-time';
import { currentPath, signInHref, useMe } from '../../lib/session';
import { toast } from '../../lib/toast';
import { useTRPC } from '../../lib/trpc';
import { useLocale } from '../../lib/use-locale';
import { CommentForm } from './CommentForm';

export const COMMENTS_PAGE_SIZE = 20;

type Pages = InfiniteData<CommentPage>;

export function Comments({ generationId, commentCount }: { generationId: string; commentCount: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const input = { generationId, limit: COMMENTS_PAGE_SIZE };
  const list = useInfiniteQuery(
    trpc.comments.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const total = list.data?.pages[0]?.total ?? commentCount;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  /** Applies a change to the loaded pages and to the count every copy of the image shows. */
  const patch = (change: (page: CommentPage, index: number) => CommentPage, delta: number) => {
    queryClient.setQueryData<Pages>(trpc.comments.list.infiniteQueryKey(input), (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page, i) => ({ ...change(page, i), total: page.total + delta })),
          }
        : data,
    );
    patchCachedImage(queryClient, trpc, generationId, { commentCount: Math.max(0, total + delta) });
  };
  const posted = (comment: Comment) =>
    patch((page, i) => (i === 0 ? { ...page, items: [comment, ...page.items] } : page), 1);
  const removed = (comment: Comment, wasRemoved: boolean) =>
    patch(
      (page) => ({ ...page, items: page.items.map((c) => (c.id === comment.id ? comment : c)) }),
      wasRemoved ? 0 : -1,
    );

  return (
    <section aria-labelledby="comments-title" className="flex flex-col gap-4">
      <h2 id="comments-title" className="text-lg font-semibold text-stone-900">
        {t('gallery.comments.title')}{' '}
        <span
          className="ml-1 rounded-full bg-stone-200 px-2 py-0.5 align-middle text-sm font-medium text-stone-700 tabular-nums"
          data-testid="comment-count"
        >
          {total}
        </span>
      </h2>
      {me.data ? (
        <CommentForm generationId={generationId} onPosted={posted} />
      ) : me.isPending ? null : (
        <p className="flex flex-wrap items-center gap-3 rounded-lg bg-stone-100 px-4 py-3 text-sm text-stone-700">
          <span>{t('gallery.comments.signInLead')}</span>
          <a href={signInHref(currentPath())} className={buttonClass('secondary', 'sm')}>
            {t('gallery.comments.signIn')}
          </a>
        </p>
      )}
      {list.isPending ? (
        <Spinner />
      ) : list.isLoadingError ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p className="text-sm text-stone-600">{t('gallery.comments.empty')}</p>
      ) : (
        <>
          <ul className="flex flex-col divide-y divide-stone-200" data-testid="comments">
            {items.map((comment) => (
              <CommentRow key={comment.id} comment={comment} onRemoved={removed} />
            ))}
          </ul>
          {list.isError && (
            <ErrorNotice
              error={list.error}
              onRetry={() => void (list.isFetchNextPageError ? list.fetchNextPage() : list.refetch())}
            />
          )}
          {list.hasNextPage && (
            <div className="flex justify-center">
              <Button
                look="secondary"
                size="sm"
                busy={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {t('common.actions.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function CommentRow({
  comment,
  onRemoved,
}: {
  comment: Comment;
  onRemoved: (comment: Comment, wasRemoved: boolean) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.comments.remove.mutationOptions({
      onSuccess: (result) => {
        setConfirming(false);
        onRemoved(result, comment.removed);
      },
      onError: (error) => toast('error', describeError(error, t)),
    }),
  );
  const name = comment.author.displayName;
  const removable = comment.mine && !comment.removed;

  return (
    <li data-testid="comment" className="flex gap-3 py-4 first:pt-1">
      <span
        aria-hidden="true"
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-violet-100 text-sm font-semibold text-violet-800"
      >
        {Array.from(name)[0]?.toUpperCase()}
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
          <span className="font-medium text-stone-900">{name}</span>
          {comment.mine && (
            <span className="rounded-full bg-stone-100 px-1.5 text-xs text-stone-600">
              {t('gallery.comments.you')}
            </span>
          )}
          <time
            dateTime={comment.createdAt}
            title={new Date(comment.createdAt).toLocaleString(locale)}
            className="text-xs text-stone-500"
          >
            {formatWhen(comment.createdAt, locale)}
          </time>
          {removable && !confirming && (
            <button
              type="button"
              aria-label={t('gallery.comments.removeLabel')}
              onClick={() => setConfirming(true)}
              className="ml-auto rounded px-1 text-xs text-stone-500 hover:text-red-700 hover:underline focus-visible:outline-2 focus-visible:outline-violet-600"
            >
              {t('gallery.comments.remove')}
            </button>
          )}
        </p>
        {comment.removed ? (
          <p className="mt-1 text-sm text-stone-500 italic">{t('gallery.comments.removed')}</p>
        ) : (
          <p className="mt-1 text-sm break-words whitespace-pre-line text-stone-800">{comment.body}</p>
        )}
        {removable && confirming && (
          <div
            role="alertdialog"
            aria-labelledby={`remove-${comment.id}`}
            className="mt-2 flex flex-wrap items-center gap-2 rounded-lg bg-red-50 px-3 py-2"
          >
            <p id={`remove-${comment.id}`} className="text-sm text-red-900">
              {t('gallery.comments.removeConfirm')}
            </p>
            <Button
              look="danger"
              size="sm"
              busy={remove.isPending}
              onClick={() => remove.mutate({ commentId: comment.id })}
            >
              {t('gallery.comments.removeYes')}
            </Button>
            <Button look="secondary" size="sm" autoFocus onClick={() => setConfirming(false)}>
              {t('common.actions.cancel')}
            </Button>
          </div>
        )}
      </div>
    </li>
  );
}
