// The style's details (name, description, tags, price) and archiving it, which hides it from everyone else.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CreateStyleInput, MyStyle } from '@style-license/shared';
import { Button } from '../../../components/ui/Button';
import { describeError, errorInfo } from '../../../lib/errors';
import { toast } from '../../../lib/toast';
import { useTRPC } from '../../../lib/trpc';
import { fieldErrorsFromDetails, type FieldErrors } from '../style-rules';
import { StyleForm } from './StyleForm';

/** Only what changed is sent: `tags` replaces the whole set, and an unchanged price is not a reprice. */
export function changedFields(style: MyStyle, input: CreateStyleInput) {
  const patch: Partial<CreateStyleInput> = {};
  if (input.name !== style.name) patch.name = input.name;
  if (input.description !== style.description) patch.description = input.description;
  if (input.tags.join('\n') !== style.tags.join('\n')) patch.tags = input.tags;
  if (input.priceTokens !== style.priceTokens) patch.priceTokens = input.priceTokens;
  return patch;
}

export function StyleSettings({ style }: { style: MyStyle }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.styles.update.mutationOptions());
  const archive = useMutation(trpc.styles.archive.mutationOptions());
  const [serverErrors, setServerErrors] = useState<FieldErrors | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(0);
  // The studio's list, the style's public page and a buyer's quote (its price) all show what changed.
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.styles.mine.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.styles.get.queryKey({ styleId: style.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.generation.quote.queryKey({ styleId: style.id }) }),
    ]);

  if (style.status === 'archived')
    return (
      <section className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm">
        <h2 className="text-lg font-semibold text-stone-900">{t('studio.settings.title')}</h2>
        <p className="mt-2 text-sm text-stone-600">{t('studio.settings.archivedNote')}</p>
      </section>
    );

  return (
    <div className="flex flex-col gap-6">
      <section
        aria-labelledby="settings-title"
        className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm"
      >
        <h2 id="settings-title" className="mb-4 text-lg font-semibold text-stone-900">
          {t('studio.settings.title')}
        </h2>
        {/* Keyed by the style, not its updatedAt: a training run ending must not wipe unsaved edits. */}
        <StyleForm
          key={style.id}
          saved={saved}
          initial={{
            name: style.name,
            description: style.description,
            tags: style.tags,
            price: String(style.priceTokens),
          }}
          submitLabel={t('common.actions.save')}
          busy={update.isPending}
          serverErrors={serverErrors}
          formError={formError}
          onSubmit={(input) => {
            const patch = changedFields(style, input);
            if (Object.keys(patch).length === 0) return toast('info', t('studio.settings.nothingChanged'));
            update.mutate(
              { styleId: style.id, ...patch },
              {
                onSuccess: () => {
                  setServerErrors(null);
                  setFormError(null);
                  setSaved((n) => n + 1);
                  void refresh();
                  toast(
                    'success',
                    patch.priceTokens !== undefined
                      ? t('studio.settings.repriced', { count: patch.priceTokens })
                      : t('studio.settings.saved'),
                  );
                },
                onError: (error) => {
                  const fields = fieldErrorsFromDetails(errorInfo(error).details, t);
                  setServerErrors(fields);
                  setFormError(fields ? null : describeError(error, t));
                },
              },
            );
          }}
        />
      </section>
      <section aria-labelledby="archive-title" className="rounded-xl border border-red-200 bg-white p-5">
        <h2 id="archive-title" className="text-base font-semibold text-stone-900">
          {t('studio.archive.title')}
        </h2>
        <p className="mt-1 text-sm text-stone-600">{t('studio.archive.body')}</p>
        {archive.error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {describeError(archive.error, t)}
          </p>
        )}
        {confirming ? (
          <div role="alertdialog" aria-labelledby="archive-confirm" className="mt-3 rounded-lg bg-red-50 p-3">
            <p id="archive-confirm" className="text-sm font-medium text-red-900">
              {t('studio.archive.confirm', { name: style.name })}
            </p>
            <div className="mt-3 flex flex-wrap gap-2">
              <Button
                look="danger"
                size="sm"
                busy={archive.isPending}
                onClick={() =>
                  archive.mutate(
                    { styleId: style.id },
                    {
                      onSuccess: () => {
                        setConfirming(false);
                        void refresh();
                        toast('success', t('studio.archive.done'));
                      },
                    },
                  )
                }
              >
                {t('studio.archive.yes')}
              </Button>
              <Button look="secondary" size="sm" autoFocus onClick={() => setConfirming(false)}>
                {t('common.actions.cancel')}
              </Button>
            </div>
          </div>
        ) : (
          <Button
            look="secondary"
            size="sm"
            className="mt-3 text-red-700"
            onClick={() => setConfirming(true)}
          >
            {t('studio.archive.button')}
          </Button>
        )}
      </section>
    </div>
  );
}
