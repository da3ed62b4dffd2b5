/**
 * The owner's sharing of one finished image: public or private, and (on the image's page) its description.
 * Used on the image's page and on each finished image in My images, which has no description to start
 * from, so there it links to the page's editor instead. Each answer is the server's: the switch shows the
 * state asked for while the call runs and the state saved after it, and every cached copy of the image (its
 * page, My images, the feeds) is brought in step.
 */
import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { IMAGE_DESCRIPTION_MAX, type ImageSharing, type Visibility } from '@style-license/shared';
import { patchCachedImage } from '../../components/gallery/image-cache';
import { LocalLink } from '../../components/LocalLink';
import { Button } from '../../components/ui/Button';
import { inputClass } from '../../components/ui/Field';
import { describeError } from '../../lib/errors';
import { toast } from '../../lib/toast';
import { useTRPC } from '../../lib/trpc';
import { CharacterCount, measureText, storedText } from './text-limit';

export interface SharedImage {
  id: string;
  visibility: Visibility;
  /** Known on the image's page; left out on a My images card, which links to the page to edit it. */
  description?: string | null;
}

type MinePage = { items: { id: string; visibility: string }[]; nextCursor: string | null };

function useSettleSharing() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (before: SharedImage, saved: ImageSharing) => {
    queryClient.setQueryData(trpc.gallery.image.queryKey({ generationId: saved.id }), (data) =>
      data ? { ...data, ...saved } : data,
    );
    queryClient.setQueriesData<InfiniteData<MinePage>>(
      { queryKey: trpc.generation.mine.pathKey() },
      (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((item) =>
                  item.id === saved.id ? { ...item, visibility: saved.visibility } : item,
                ),
              })),
            }
          : data,
    );
    if (saved.visibility !== before.visibility) {
      // The image joins or leaves every feed (home, following, its artist's page): ask them again.
      void queryClient.invalidateQueries({ queryKey: trpc.gallery.feed.pathKey() });
    } else {
      patchCachedImage(queryClient, trpc, saved.id, { description: saved.description });
    }
  };
}

export function SharingControls({ image }: { image: SharedImage }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const settle = useSettleSharing();
  const explainId = useId();
  const toggle = useMutation(
    trpc.gallery.update.mutationOptions({
      onSuccess: (saved) => {
        settle(image, saved);
        toast(
          'success',
          saved.visibility === 'public' ? t('gallery.sharing.madePublic') : t('gallery.sharing.madePrivate'),
        );
      },
      onError: (error) => toast('error', describeError(error, t)),
    }),
  );
  const shown = (toggle.isPending && toggle.variables.visibility) || image.visibility;
  const isPublic = shown === 'public';

  // On a card the description is edited on the image's page, and the page explains "public" once for all.
  const onCard = image.description === undefined;
  return (
    <div className="flex flex-col gap-4" data-testid="sharing-controls">
      <div className="flex items-start gap-3">
        <button
          type="button"
          role="switch"
          aria-checked={isPublic}
          aria-label={t('gallery.sharing.publicSwitch')}
          aria-describedby={onCard ? undefined : explainId}
          aria-busy={toggle.isPending || undefined}
          disabled={toggle.isPending}
          onClick={() =>
            toggle.mutate({ generationId: image.id, visibility: isPublic ? 'private' : 'public' })
          }
          className={`relative mt-0.5 inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 disabled:cursor-wait disabled:opacity-70 ${isPublic ? 'bg-violet-700' : 'bg-stone-300'}`}
        >
          <span
            aria-hidden="true"
            className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${isPublic ? 'translate-x-5.5' : 'translate-x-0.5'}`}
          />
        </button>
        <div className="min-w-0">
          <p className="text-sm font-medium text-stone-900">
            {isPublic ? t('gallery.sharing.public') : t('gallery.sharing.private')}
          </p>
          {onCard ? (
            <LocalLink
              to={`/images/${image.id}`}
              className="text-sm text-violet-700 hover:text-violet-900 hover:underline"
            >
              {t('gallery.sharing.editDescription')}
            </LocalLink>
          ) : (
            <p id={explainId} className="mt-0.5 text-xs text-stone-600">
              {t('gallery.sharing.explain')}
            </p>
          )}
        </div>
      </div>
      {!onCard && <DescriptionEditor image={image} saved={image.description ?? ''} />}
    </div>
  );
}

function DescriptionEditor({ image, saved }: { image: SharedImage; saved: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const settle = useSettleSharing();
  const id = useId();
  const [draft, setDraft] = useState(saved);
  const save = useMutation(
    trpc.gallery.update.mutationOptions({
      onSuccess: (result) => {
        settle(image, result);
        setDraft(result.description ?? '');
        toast('success', t('gallery.sharing.saved'));
      },
    }),
  );
  const { length, over } = measureText(draft, IMAGE_DESCRIPTION_MAX);
  const unchanged = storedText(draft) === saved;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (over || unchanged) return;
    save.mutate({ generationId: image.id, description: storedText(draft) });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-stone-800">
        {t('gallery.sharing.description')}
      </label>
      <textarea
        id={id}
        rows={4}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        aria-describedby={`${id}-hint ${id}-count`}
        aria-invalid={over || undefined}
        className={`${inputClass} resize-y`}
      />
      <p id={`${id}-hint`} className="text-xs text-stone-600">
        {t('gallery.sharing.descriptionHint')}
      </p>
      {save.isError && (
        <p role="alert" className="text-sm text-red-700">
          {describeError(save.error, t)}
        </p>
      )}
      <div className="flex items-start justify-between gap-3">
        <CharacterCount id={`${id}-count`} length={length} max={IMAGE_DESCRIPTION_MAX} />
        <Button type="submit" look="secondary" size="sm" busy={save.isPending} disabled={over || unchanged}>
          {t('gallery.sharing.saveDescription')}
        </Button>
      </div>
    </form>
  );
}
