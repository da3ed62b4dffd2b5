// Which of the artist's styles the pictures go to: one of theirs, or a new one (the web studio's form).
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '@style-license/web/ui/Button';
import { ErrorNotice } from '@style-license/web/ui/Feedback';
import { toast } from '@style-license/web/lib/toast';
import { useTRPC } from '@style-license/web/lib/trpc';
import { StyleForm } from '@style-license/web/studio/components/StyleForm';
import { useCreateStyle } from '@style-license/web/studio/use-create-style';
import { Modal } from '../../app/Modal';
import { usePublish } from './publish-store';

function NewStyleDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation();
  const setStyle = usePublish((s) => s.setStyle);
  // The web's create logic (cache refresh, errors under the fields); here the new style is picked at once.
  const form = useCreateStyle((style) => {
    toast('success', t('desktop.publish.created', { name: style.name }));
    setStyle(style.id);
    onOpenChange(false);
  });
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title={t('studio.new.title')}
      description={t('studio.new.intro')}
      size="lg"
    >
      <StyleForm submitLabel={t('studio.new.submit')} {...form} />
    </Modal>
  );
}

export function StylePicker() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const mine = useQuery(trpc.styles.mine.queryOptions());
  const styleId = usePublish((s) => s.styleId);
  const setStyle = usePublish((s) => s.setStyle);
  const [creating, setCreating] = useState(false);
  const styles = mine.data?.filter((style) => style.status !== 'archived') ?? [];
  return (
    <div className="flex flex-col gap-2">
      {mine.isError && <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} />}
      <label className="flex flex-col gap-1 text-sm font-medium text-stone-800">
        {t('desktop.publish.style')}
        <select
          value={styleId ?? ''}
          onChange={(event) => setStyle(event.target.value || null)}
          className="h-9 rounded-lg border border-stone-300 bg-white px-2 text-sm font-normal"
        >
          <option value="">
            {mine.isPending ? t('common.status.loading') : t('desktop.publish.chooseStyle')}
          </option>
          {styles.map((style) => (
            <option key={style.id} value={style.id}>
              {style.name}
            </option>
          ))}
        </select>
      </label>
      <Button look="secondary" size="sm" className="self-start" onClick={() => setCreating(true)}>
        {t('desktop.publish.newStyle')}
      </Button>
      <NewStyleDialog open={creating} onOpenChange={setCreating} />
    </div>
  );
}
