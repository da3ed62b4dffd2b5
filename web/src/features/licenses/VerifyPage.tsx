// Verify a license: by its id (opens the license page) or by the image file itself (checked here).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Field, inputClass } from '../../components/ui/Field';
import { PageHeader } from '../../components/ui/Page';
import { useLocalePath } from '../../lib/use-locale';
import { FileCheck } from './components/FileCheck';
import { parseLicenseId } from './license-view';

export function VerifyPage() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t('license.verify.title')} />
      <p className="-mt-3 mb-6 text-stone-600">{t('license.verify.lead')}</p>
      <div className="flex flex-col gap-5">
        <FileCheck />
        <ById />
      </div>
    </div>
  );
}

function ById() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const localePath = useLocalePath();
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const licenseId = parseLicenseId(value);
    setInvalid(licenseId === null);
    if (licenseId) void navigate(localePath(`/licenses/${licenseId}`));
  };

  return (
    <section
      aria-labelledby="verify-by-id"
      className="rounded-xl border border-stone-200 bg-white p-5 sm:p-6"
    >
      <h2 id="verify-by-id" className="text-lg font-semibold text-stone-900">
        {t('license.verify.byId.title')}
      </h2>
      <form onSubmit={submit} noValidate className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="flex-1">
          <Field
            label={t('license.verify.byId.label')}
            hint={t('license.verify.byId.hint')}
            error={invalid ? t('license.verify.byId.invalid') : undefined}
          >
            <input
              name="licenseId"
              value={value}
              onChange={(e) => {
                setValue(e.target.value);
                if (invalid) setInvalid(false);
              }}
              autoComplete="off"
              spellCheck={false}
              placeholder={t('license.verify.byId.placeholder')}
              className={`${inputClass} font-mono text-sm`}
            />
          </Field>
        </div>
        <Button type="submit" className="sm:mt-6">
          {t('license.verify.byId.submit')}
        </Button>
      </form>
    </section>
  );
}
