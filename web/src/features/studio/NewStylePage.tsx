// Creating a style: a draft, to which the artist then adds training images on its own page.
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { LocalLink } from '../../components/LocalLink';
import { buttonClass } from '../../components/ui/Button';
import { PageHeader } from '../../components/ui/Page';
import { toast } from '../../lib/toast';
import { useLocalePath } from '../../lib/use-locale';
import { StyleForm } from './components/StyleForm';
import { useCreateStyle } from './use-create-style';

export function NewStylePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const localePath = useLocalePath();
  // Created: on to the style's own page, where the training images go.
  const form = useCreateStyle((style) => {
    toast('success', t('studio.new.created'));
    void navigate(localePath(`/studio/${style.id}`));
  });

  return (
    <div className="mx-auto max-w-2xl">
      <LocalLink to="/studio" className="mb-4 inline-block text-sm text-stone-600 hover:text-violet-800">
        ← {t('studio.backToStudio')}
      </LocalLink>
      <PageHeader title={t('studio.new.title')} />
      <p className="-mt-3 mb-6 text-stone-600">{t('studio.new.intro')}</p>
      <div className="rounded-xl border border-stone-200 bg-white p-5 shadow-sm sm:p-6">
        <StyleForm submitLabel={t('studio.new.submit')} {...form}>
          <LocalLink to="/studio" className={buttonClass('ghost')}>
            {t('common.actions.cancel')}
          </LocalLink>
        </StyleForm>
      </div>
    </div>
  );
}
