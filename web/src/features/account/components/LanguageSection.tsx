// The profile's language. Saving it also moves this page to that language's prefix and remembers the
// choice here, as the header's switch does.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { LOCALES, type Locale, type Profile } from '@style-license/shared';
import { Button } from '../../../components/ui/Button';
import { ErrorNotice } from '../../../components/ui/Feedback';
import { Field, inputClass } from '../../../components/ui/Field';
import { LOCALE_NAMES, isLocale } from '../../../lib/locale';
import { useTRPC } from '../../../lib/trpc';
import { useLocale } from '../../../lib/use-locale';
import { usePreferences } from '../../../stores/preferences';
import { pathInLocale } from '../account-logic';
import { Card } from './Card';

// Each language by its own name, so a reader of either can find theirs.

export function LanguageSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const pageLocale = useLocale();
  const setLocale = usePreferences((s) => s.setLocale);
  // Start from the language on screen: a page opened by a /ko link shows Korean, and saving keeps it.
  const [choice, setChoice] = useState<Locale>(pageLocale);
  const update = useMutation(
    trpc.profile.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.profile.get.queryKey(), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
        setLocale(saved.locale);
        if (saved.locale !== pageLocale) void navigate(pathInLocale(location, saved.locale));
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ locale: choice });
  };

  return (
    <Card id="account-language" title={t('account.language.title')}>
      <form onSubmit={submit} className="flex flex-col gap-4 sm:flex-row sm:items-start">
        <div className="sm:w-64">
          <Field label={t('account.language.label')} hint={t('account.language.hint')}>
            <select
              name="locale"
              value={choice}
              onChange={(e) => isLocale(e.target.value) && setChoice(e.target.value)}
              className={inputClass}
            >
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="sm:mt-6">
          <Button
            type="submit"
            busy={update.isPending}
            disabled={choice === profile.locale && choice === pageLocale}
          >
            {t('common.actions.save')}
          </Button>
        </div>
      </form>
      {update.error && (
        <div className="mt-3">
          <ErrorNotice error={update.error} />
        </div>
      )}
    </Card>
  );
}
