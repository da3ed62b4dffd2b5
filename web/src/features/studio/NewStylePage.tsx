// Creating a style: a draft, to which the artist then adds training images on its own page.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LocalLink } from '../../components/LocalLink';
import { buttonClass } from '../../components/ui/Button';
import { PageHeader } from '../../components/ui/Page';
import { describeError, errorInfo } from '../../lib/errors';
import { toast } from '../../lib/toast';
import { useTRPC } from '../../lib/trpc';
import { useLocalePath } from '../../lib/use-locale';
import { StyleForm } from './components/StyleForm';
import { fieldErrorsFromDetails, type FieldErrors } from './style-rules';

export function NewStylePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const localePath = useLocalePath();
  const create = useMutation(trpc.styles.create.mutationOptions());
  const [serverErrors, setServerErrors] = useState<FieldErrors | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  return (
    <div className="mx-auto max-w-2xl">
      <LocalLink to="/studio" className="mb-4 inline-block text-sm text-stone-600 hover:text-violet-800">
        ← {t('studio.backToStudio')}
      </LocalLink>
      <PageHeader title={t('studio.new.title')} />
      <p className="-mt-3 mb-6 text-stone-600">{t('studio.new.intro')}</p>
      <div className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm sm:p-6">
        <StyleForm
          submitLabel={t('studio.new.submit')}
          busy={create.isPending}
          serverErrors={serverErrors}
          formError={formError}
          onSubmit={(input) =>
            create.mutate(input, {
              onSuccess: (style) => {
                void queryClient.invalidateQueries({ queryKey: trpc.styles.mine.queryKey() });
                toast('success', t('studio.new.created'));
                void navigate(localePath(`/studio/${style.id}`));
              },
              onError: (error) => {
                const fields = fieldErrorsFromDetails(errorInfo(error).details, t);
                setServerErrors(fields);
                setFormError(fields ? null : describeError(error, t));
              },
            })
          }
        >
          <LocalLink to="/studio" className={buttonClass('ghost')}>
            {t('common.actions.cancel')}
          </LocalLink>
        </StyleForm>
      </div>
    </div>
  );
}
