// Email (from the identity provider, read-only) and the display name, checked by the name rules: each
// broken rule is its own sentence under the field.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Profile } from '@style-license/shared';
import { Button } from '../../../components/ui/Button';
import { Field, inputClass } from '../../../components/ui/Field';
import { toast } from '../../../lib/toast';
import { useTRPC } from '../../../lib/trpc';
import { nameProblems } from '../account-logic';
import { Card } from './Card';

export function ProfileSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(profile.displayName);
  const update = useMutation(
    trpc.profile.update.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.profile.get.queryKey(), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
        setName(saved.displayName);
        toast('success', t('account.profile.saved'));
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ displayName: name });
  };
  const problems = update.error ? nameProblems(update.error, t) : [];

  return (
    <Card id="account-profile" title={t('account.profile.title')}>
      <form onSubmit={submit} className="flex flex-col gap-4">
        <Field label={t('account.profile.email')}>
          <input value={profile.email} readOnly className={`${inputClass} bg-stone-50 text-stone-600`} />
        </Field>
        <Field
          label={t('account.profile.displayName')}
          hint={t('account.profile.displayNameHint')}
          error={
            problems.length > 0 &&
            problems.map((problem) => (
              <span key={problem} className="block">
                {problem}
              </span>
            ))
          }
        >
          <input
            name="displayName"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="nickname"
            className={inputClass}
          />
        </Field>
        <div>
          <Button type="submit" busy={update.isPending} disabled={name === profile.displayName}>
            {update.isPending ? t('common.actions.saving') : t('common.actions.save')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
