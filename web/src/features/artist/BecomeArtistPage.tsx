/**
 * Becoming an artist: a contact email, the name to be known by, and a signature, previewed stamped on a
 * sample picture exactly as the worker will stamp it. An artist sees their current signature instead,
 * with a way to replace it.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applyAsArtistSchema } from '@style-license/shared';
import { Button } from '../../components/ui/Button';
import { ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { Field, inputClass } from '../../components/ui/Field';
import { PageHeader } from '../../components/ui/Page';
import { describeError } from '../../lib/errors';
import { useMe } from '../../lib/session';
import { toast } from '../../lib/toast';
import { useTRPC } from '../../lib/trpc';
import { useLocalePath } from '../../lib/use-locale';
import { RefreshNotice } from '../studio/components/RefreshNotice';
import { describeSignatureError, errorField, toSignatureFile } from './signature-file';
import { SignatureField } from './SignatureField';
import { SignaturePreview, type SignatureSource } from './SignaturePreview';

export function BecomeArtistPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Spinner />;
  // Only when nothing loaded: a failed background refresh keeps the page, with a note.
  if (me.isLoadingError) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data?.role === 'artist')
    return (
      <>
        <RefreshNotice query={me} />
        <ReplaceSignature />
      </>
    );
  return (
    <div>
      <RefreshNotice query={me} />
      <PageHeader title={t('artist.apply.title')} />
      <p className="-mt-3 mb-8 max-w-2xl text-stone-600">{t('artist.apply.intro')}</p>
      <ApplyForm defaultName={me.data?.displayName ?? ''} defaultEmail={me.data?.email ?? ''} />
    </div>
  );
}

const emailSchema = applyAsArtistSchema.shape.contactEmail;

function ApplyForm({ defaultName, defaultEmail }: { defaultName: string; defaultEmail: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const localePath = useLocalePath();
  const [email, setEmail] = useState(defaultEmail);
  const [name, setName] = useState(defaultName);
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState<SignatureSource | null>(null);
  const [errors, setErrors] = useState<{ email?: string; name?: string; signature?: string; form?: string }>(
    {},
  );
  const apply = useMutation(trpc.artists.submitApplication.mutationOptions());

  async function submit(event: FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    if (!emailSchema.safeParse(email.trim()).success) next.email = t('artist.form.emailInvalid');
    if (!file) next.signature = t('artist.form.signatureMissing');
    setErrors(next);
    if (next.email || !file) return;
    const signature = await toSignatureFile(file);
    if (!signature.ok) return setErrors({ signature: t(`artist.signatureRules.${signature.rule}`) });
    const displayName = name.trim() && name.trim() !== defaultName ? name.trim() : undefined;
    apply.mutate(
      { contactEmail: email.trim(), signature: signature.value, displayName },
      {
        onSuccess: async () => {
          await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
          toast('success', t('artist.apply.done'));
          void navigate(localePath('/studio'));
        },
        onError: (error) => {
          const field = errorField(error);
          if (field === 'signature') setErrors({ signature: describeSignatureError(error, t) });
          else if (field === 'displayName') setErrors({ name: describeError(error, t) });
          else if (field === 'contactEmail') setErrors({ email: t('artist.form.emailInvalid') });
          else setErrors({ form: describeError(error, t) });
        },
      },
    );
  }

  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
      <form
        onSubmit={(e) => void submit(e)}
        noValidate
        className="flex flex-col gap-5 self-start rounded-xl border border-stone-200 bg-white p-5 shadow-sm sm:p-6"
      >
        <Field
          label={t('artist.form.displayName')}
          hint={t('artist.form.displayNameHint')}
          error={errors.name}
        >
          <input
            className={inputClass}
            name="displayName"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="nickname"
          />
        </Field>
        <Field
          label={t('artist.form.contactEmail')}
          hint={t('artist.form.contactEmailHint')}
          error={errors.email}
        >
          <input
            className={inputClass}
            name="contactEmail"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="email"
            required
          />
        </Field>
        <SignatureField
          label={t('artist.form.signature')}
          error={errors.signature}
          onFile={(chosen, problem) => {
            setFile(chosen);
            setSource(chosen ? { kind: 'file', file: chosen } : null);
            setErrors((e) => ({ ...e, signature: problem ?? undefined }));
          }}
        />
        {errors.form && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {errors.form}
          </p>
        )}
        <p className="text-xs text-stone-500">{t('artist.apply.terms')}</p>
        <Button type="submit" size="lg" busy={apply.isPending} className="self-start">
          {t('artist.apply.submit')}
        </Button>
      </form>
      <div className="lg:sticky lg:top-6 lg:self-start">
        <SignaturePreview source={source} />
      </div>
    </div>
  );
}

/** An artist's own signature: shown stamped, replaceable (new images use the new one; old ones keep theirs). */
function ReplaceSignature() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery({ ...trpc.artists.mySignatureUrl.queryOptions(), staleTime: 60_000 });
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A new key empties the picker after a replacement.
  const [pickerKey, setPickerKey] = useState(0);
  const replace = useMutation(trpc.artists.replaceSignature.mutationOptions());
  const currentUrl = current.data?.url ?? null;
  const source: SignatureSource | null = file
    ? { kind: 'file', file }
    : currentUrl
      ? { kind: 'stored', url: currentUrl }
      : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return setError(t('artist.form.signatureMissing'));
    const signature = await toSignatureFile(file);
    if (!signature.ok) return setError(t(`artist.signatureRules.${signature.rule}`));
    replace.mutate(
      { signature: signature.value },
      {
        onSuccess: () => {
          setFile(null);
          setError(null);
          setPickerKey((k) => k + 1);
          void queryClient.invalidateQueries({ queryKey: trpc.artists.mySignatureUrl.queryKey() });
          toast('success', t('artist.replace.done'));
        },
        onError: (e) => setError(describeSignatureError(e, t)),
      },
    );
  }

  return (
    <div>
      <PageHeader title={t('artist.replace.title')} />
      <p className="-mt-3 mb-8 max-w-2xl text-stone-600">{t('artist.replace.intro')}</p>
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)]">
        <form
          onSubmit={(e) => void submit(e)}
          noValidate
          className="flex flex-col gap-5 self-start rounded-xl border border-stone-200 bg-white p-5 shadow-sm sm:p-6"
        >
          <div>
            <p className="text-sm font-medium text-stone-800">{t('artist.replace.current')}</p>
            {current.isPending && <Spinner />}
            {current.isLoadingError && (
              <ErrorNotice error={current.error} onRetry={() => void current.refetch()} />
            )}
            <RefreshNotice query={current} />
            {currentUrl && (
              <img
                src={currentUrl}
                alt={t('artist.replace.currentAlt')}
                className="mt-2 h-16 max-w-full rounded-lg border border-stone-200 bg-[repeating-conic-gradient(#f5f5f4_0_25%,#fff_0_50%)] bg-[length:16px_16px] object-contain p-2"
              />
            )}
          </div>
          <SignatureField
            key={pickerKey}
            label={t('artist.replace.newSignature')}
            error={error}
            onFile={(chosen, problem) => {
              setFile(chosen);
              setError(problem);
            }}
          />
          <p className="text-xs text-stone-500">{t('artist.replace.note')}</p>
          <Button type="submit" busy={replace.isPending} disabled={!file} className="self-start">
            {t('artist.replace.submit')}
          </Button>
        </form>
        <div className="lg:sticky lg:top-6 lg:self-start">
          <SignaturePreview source={source} />
        </div>
      </div>
    </div>
  );
}
