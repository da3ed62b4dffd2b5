// Follow or unfollow an artist. Answers with the server's state (and follower count), which the artist's
// page shows; the "following" feed is refreshed, since its images change. Signed out, a link to sign in.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FollowState } from '@style-license/shared';
import { Button, buttonClass } from '../ui/Button';
import { describeError } from '../../lib/errors';
import { currentPath, signInHref, useMe } from '../../lib/session';
import { toast } from '../../lib/toast';
import { useTRPC } from '../../lib/trpc';

export function FollowButton({
  artistId,
  artistName,
  following,
  onChange,
}: {
  artistId: string;
  artistName: string;
  following: boolean;
  /** The new state, with the exact follower count. */
  onChange?: (state: FollowState) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const settle = (state: FollowState) => {
    queryClient.setQueryData(trpc.artists.page.queryKey({ artistId }), (page) =>
      page ? { ...page, followedByMe: state.following, followerCount: state.followerCount } : page,
    );
    void queryClient.invalidateQueries({ queryKey: trpc.gallery.feed.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.follows.mine.pathKey() });
    onChange?.(state);
  };
  const onError = (error: unknown) => toast('error', describeError(error, t));
  const follow = useMutation(trpc.follows.add.mutationOptions({ onSuccess: settle, onError }));
  const unfollow = useMutation(trpc.follows.remove.mutationOptions({ onSuccess: settle, onError }));

  if (!me.data) {
    return (
      <a href={signInHref(currentPath())} className={buttonClass('secondary', 'sm')}>
        {t('feed.follow.signIn')}
      </a>
    );
  }
  if (me.data.id === artistId) return null;
  return following ? (
    <Button
      look="secondary"
      size="sm"
      busy={unfollow.isPending}
      aria-label={t('feed.follow.unfollow', { name: artistName })}
      onClick={() => unfollow.mutate({ artistId })}
    >
      {t('feed.follow.following')}
    </Button>
  ) : (
    <Button
      size="sm"
      busy={follow.isPending}
      aria-label={t('feed.follow.followName', { name: artistName })}
      onClick={() => follow.mutate({ artistId })}
    >
      {t('feed.follow.follow')}
    </Button>
  );
}
