import { useTranslation } from 'react-i18next';
import { LocalLink } from '../components/LocalLink';
import { buttonClass } from '../components/ui/Button';
import { PageHeader } from '../components/ui/Page';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-lg py-10">
      <PageHeader title={t('common.notFound.title')} />
      <p className="mb-6 text-stone-700">{t('common.notFound.body')}</p>
      <LocalLink to="/" className={buttonClass()}>
        {t('common.notFound.home')}
      </LocalLink>
    </div>
  );
}
