/**
 * An image's page (`/images/:generationId`): the signed preview, whole; its style, artist and owner; its
 * prompt tags and description; likes; the license summary with a link to the page that verifies it; and the
 * comments. The owner also gets the sharing controls and the licensed file. Another person's private image
 * is NOT_FOUND, said exactly as for an id that never existed.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ImageDetail } from '@style-license/shared';
import { FollowButton } from '../../components/gallery/FollowButton';
import { LikeButton } from '../../components/gallery/LikeButton';
import { LocalLink } from '../../components/LocalLink';
import { Badge } from '../../components/ui/Badge';
import { buttonClass } from '../../components/ui/Button';
import { ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { useDocumentTitle } from '../../components/ui/Page';
import { TagList } from '../../components/ui/TagList';
import { errorCodeOf } from '../../lib/errors';
import { useTRPC } from '../../lib/trpc';
import { Comments } from './Comments';
import { DownloadButton } from './DownloadButton';
import { LicenseSummary } from './LicenseSummary';
import { SharingControls } from './SharingControls';

const linkLook = 'font-medium text-violet-800 hover:text-violet-950 hover:underline';

export function ImagePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { generationId = '' } = useParams();
  const image = useQuery(trpc.gallery.image.queryOptions({ generationId }));
  const code = image.error ? errorCodeOf(image.error) : null;
  const missing = code === 'NOT_FOUND' || code === 'VALIDATION_FAILED';
  useDocumentTitle(
    image.data
      ? t('gallery.title', { style: image.data.style.name })
      : missing
        ? t('gallery.notFound.title')
        : t('gallery.pageTitle'),
  );

  if (missing)
    return (
      <div className="mx-auto flex max-w-lg flex-col items-center gap-3 py-12 text-center">
        <h1 className="text-2xl font-semibold tracking-tight text-stone-900">
          {t('gallery.notFound.title')}
        </h1>
        <p className="text-stone-600">{t('gallery.notFound.body')}</p>
        <LocalLink to="/" className={`${buttonClass('secondary')} mt-3`}>
          {t('gallery.notFound.back')}
        </LocalLink>
      </div>
    );
  if (image.error) return <ErrorNotice error={image.error} onRetry={() => void image.refetch()} />;
  if (!image.data) return <Spinner />;
  return <ImageView image={image.data} />;
}

function ImageView({ image }: { image: ImageDetail }) {
  const { t } = useTranslation();
  const isPrivate = image.visibility === 'private';

  // One grid: on a phone the details follow the image and the comments come last; on a desktop the
  // details are a column beside the image, with the comments under the image.
  return (
    <article className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem] lg:grid-rows-[auto_1fr] lg:items-start">
      <div className="flex min-h-64 items-center justify-center overflow-hidden rounded-xl bg-stone-900/95 lg:col-start-1">
        <img
          src={image.previewUrl}
          alt={t('gallery.alt', { style: image.style.name })}
          className="max-h-[78vh] w-full object-contain"
        />
      </div>

      <div className="flex min-w-0 flex-col gap-6 lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <header className="flex flex-col gap-3">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight text-balance text-stone-900">
              {t('gallery.title', { style: image.style.name })}
            </h1>
            {image.demo && <Badge tone="accent">{t('common.demo')}</Badge>}
          </div>
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <LikeButton
              generationId={image.id}
              liked={image.likedByMe}
              likeCount={image.likeCount}
              className="-ml-2.5"
            />
            <p className="text-sm text-stone-600">
              {t('gallery.owner', { name: image.owner.displayName })}
              <span aria-hidden="true"> · </span>
              {image.publishedAt ? (
                <time dateTime={image.publishedAt}>
                  {t('gallery.published', { when: new Date(image.publishedAt) })}
                </time>
              ) : (
                <span>{t('gallery.notPublished')}</span>
              )}
            </p>
          </div>
          {image.mine && isPrivate && (
            <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" role="note">
              {t('gallery.privateNote')}
            </p>
          )}
        </header>

        <dl className="grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-4 gap-y-3 text-sm">
          <dt className="text-stone-500">{t('gallery.style')}</dt>
          <dd>
            <LocalLink to={`/styles/${image.style.id}`} className={linkLook}>
              {image.style.name}
            </LocalLink>
          </dd>
          <dt className="text-stone-500">{t('gallery.artist')}</dt>
          <dd>
            <ArtistLine artist={image.artist} />
          </dd>
        </dl>

        {image.description && (
          <section aria-labelledby="image-about" className="flex flex-col gap-1.5">
            <h2 id="image-about" className="text-sm font-medium text-stone-500">
              {t('gallery.description')}
            </h2>
            {/* Plain text, rendered as text: markup in it shows as typed. */}
            <p className="break-words whitespace-pre-line text-stone-800">{image.description}</p>
          </section>
        )}

        {image.promptTags.length > 0 && (
          <section aria-labelledby="image-tags" className="flex flex-col gap-2">
            <h2 id="image-tags" className="text-sm font-medium text-stone-500">
              {t('gallery.tags')}
            </h2>
            <TagList tags={image.promptTags} linkTo={(tag) => `/?tag=${encodeURIComponent(tag)}`} size="sm" />
          </section>
        )}

        {image.mine && (
          <section
            aria-labelledby="image-sharing"
            className="flex flex-col gap-4 rounded-xl border border-stone-200 bg-white p-4 shadow-sm"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 id="image-sharing" className="font-semibold text-stone-900">
                {t('gallery.sharing.title')}
              </h2>
              <DownloadButton generationId={image.id} />
            </div>
            <SharingControls
              image={{ id: image.id, visibility: image.visibility, description: image.description }}
            />
          </section>
        )}

        {image.license && <LicenseSummary license={image.license} />}
      </div>

      <div className="min-w-0 lg:col-start-1">
        <Comments generationId={image.id} commentCount={image.commentCount} />
      </div>
    </article>
  );
}

/** The artist's name (to their page), followers and the follow button, from the artist's own page data. */
function ArtistLine({ artist }: { artist: ImageDetail['artist'] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const page = useQuery(trpc.artists.page.queryOptions({ artistId: artist.id }));
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
      <span className="flex flex-col">
        <LocalLink to={`/artists/${artist.id}`} className={linkLook}>
          {artist.displayName}
        </LocalLink>
        {page.data && (
          <span className="text-xs text-stone-500">
            {t('feed.follow.followers', { count: page.data.followerCount })}
          </span>
        )}
      </span>
      {(page.data || page.isError) && (
        <FollowButton
          artistId={artist.id}
          artistName={artist.displayName}
          following={page.data?.followedByMe ?? false}
        />
      )}
    </div>
  );
}
