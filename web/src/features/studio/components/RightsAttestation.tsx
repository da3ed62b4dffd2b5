/**
 * The artist's statement that they own the rights to the training set, ticked before each training
 * run (the server records it with the run; without it, training.submit refuses). Shared by the web
 * studio and the desktop studio's publish step.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export function RightsAttestation({
  checked,
  onChange,
  disabled = false,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const hintId = useId();
  return (
    <div className="flex flex-col gap-1">
      <label className="flex items-start gap-2 text-sm text-stone-800">
        <input
          type="checkbox"
          className="mt-0.5 size-4 shrink-0 accent-violet-700"
          checked={checked}
          disabled={disabled}
          aria-describedby={checked ? undefined : hintId}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span>{t('studio.training.rightsStatement')}</span>
      </label>
      {/* Indented to the statement's text (checkbox 1rem + gap 0.5rem), so it reads as its note. */}
      {!checked && (
        <p id={hintId} className="pl-6 text-xs text-stone-600">
          {t('studio.training.rightsRequired')}
        </p>
      )}
    </div>
  );
}
