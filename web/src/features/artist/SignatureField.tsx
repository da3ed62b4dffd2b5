/**
 * The signature file picker: PNG or JPG up to 2 MB, checked here before anything is sent. The native
 * input is visually hidden (its button speaks the browser's language, not the page's) behind a label
 * in the page's language that shows the chosen file.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkSignatureFile } from './signature-file';

const ACCEPT = '.png,.jpg,.jpeg,image/png,image/jpeg';

export function SignatureField({
  onFile,
  error,
  label,
}: {
  onFile: (file: File | null, problem: string | null) => void;
  error?: string | null;
  label: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-1">
      <span id={`${id}-label`} className="text-sm font-medium text-stone-800">
        {label}
      </span>
      <label
        className={`flex cursor-pointer items-center gap-3 rounded-lg border border-dashed bg-white p-2 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-violet-600 hover:border-violet-400 ${error ? 'border-red-600' : 'border-stone-300'}`}
      >
        <input
          type="file"
          name="signature"
          accept={ACCEPT}
          className="sr-only"
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-chosen ${id}-hint${error ? ` ${id}-error` : ''}`}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            const chosen = event.target.files?.[0] ?? null;
            setName(chosen?.name ?? null);
            if (!chosen) return onFile(null, null);
            const rule = checkSignatureFile(chosen);
            onFile(rule ? null : chosen, rule ? t(`artist.signatureRules.${rule}`) : null);
          }}
        />
        <span className="shrink-0 rounded-md bg-violet-50 px-3 py-2 text-sm font-medium text-violet-800">
          {t('artist.form.chooseFile')}
        </span>
        <span id={`${id}-chosen`} className="min-w-0 truncate text-sm text-stone-600">
          {name ?? t('artist.form.noFile')}
        </span>
      </label>
      <p id={`${id}-hint`} className="text-xs text-stone-600">
        {t('artist.form.signatureHint')}
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
