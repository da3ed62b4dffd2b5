// The style's name, description, tags and price: one form for creating a style and editing it.
// Editing, it follows the style as it changes on the server (a save, a training run ending), field by
// field: a field the artist has touched keeps their text until the parent says it was saved (`saved`).
import { useState, type FormEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MAX_TAGS, STYLE_DESCRIPTION_MAX, STYLE_PRICE, type CreateStyleInput } from '@style-license/shared';
import { Button } from '../../../components/ui/Button';
import { Field, inputClass } from '../../../components/ui/Field';
import { TagChips } from '../../../components/ui/TagChips';
import { useTRPC } from '../../../lib/trpc';
import { checkStyleForm, tagProblem, type FieldErrors, type StyleFormValues } from '../style-rules';

type FieldName = keyof StyleFormValues;
const FIELDS: FieldName[] = ['name', 'description', 'tags', 'price'];

const valuesOf = (initial?: Partial<StyleFormValues>): StyleFormValues => ({
  name: initial?.name ?? '',
  description: initial?.description ?? '',
  tags: initial?.tags ?? [],
  price: initial?.price ?? '',
});

export function StyleForm({
  initial,
  saved = 0,
  submitLabel,
  busy,
  serverErrors,
  formError,
  onSubmit,
  children,
}: {
  initial?: Partial<StyleFormValues>;
  /** Bumped by the parent after each successful save: every field then follows `initial` again. */
  saved?: number;
  submitLabel: string;
  busy: boolean;
  serverErrors?: FieldErrors | null;
  formError?: string | null;
  onSubmit: (input: CreateStyleInput) => void;
  /** Extra actions beside the submit button (Cancel). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const popular = useQuery({ ...trpc.styles.popularTags.queryOptions(), staleTime: 5 * 60_000 });
  const base = valuesOf(initial);
  const baseKey = JSON.stringify(base);
  const [values, setValues] = useState<StyleFormValues>(base);
  // Fields edited since the last save (or since the form opened): a new `initial` leaves them alone.
  const [touched, setTouched] = useState<ReadonlySet<FieldName>>(new Set());
  const [synced, setSynced] = useState({ baseKey, saved });
  if (synced.saved !== saved) {
    // Saved: what is in the fields went to the server; the values it returns replace them all.
    setSynced({ baseKey: synced.baseKey, saved });
    setTouched(new Set());
  } else if (synced.baseKey !== baseKey) {
    setSynced({ baseKey, saved });
    setValues((v) => {
      const next = { ...v };
      for (const key of FIELDS) if (!touched.has(key)) Object.assign(next, { [key]: base[key] });
      return next;
    });
  }
  const [errors, setErrors] = useState<FieldErrors>({});
  const shown = { ...serverErrors, ...errors };
  const set = <K extends FieldName>(key: K, value: StyleFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setTouched((t) => new Set(t).add(key));
    setErrors((e) => ({ ...e, [key === 'price' ? 'priceTokens' : key]: undefined }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkStyleForm(values, t);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    onSubmit(checked.input);
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-5">
      <Field label={t('studio.form.name')} error={shown.name}>
        <input
          className={inputClass}
          name="name"
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
          maxLength={400}
        />
      </Field>
      <Field
        label={t('studio.form.description')}
        hint={t('studio.form.descriptionHint', {
          count: values.description.length,
          max: STYLE_DESCRIPTION_MAX,
        })}
        error={shown.description}
      >
        <textarea
          className={`${inputClass} min-h-28`}
          name="description"
          rows={4}
          value={values.description}
          onChange={(e) => set('description', e.target.value)}
        />
      </Field>
      <TagChips
        label={t('studio.form.tags')}
        hint={t('studio.form.tagsHint')}
        value={values.tags}
        onChange={(tags) => set('tags', tags)}
        suggestions={popular.data?.map((tag) => tag.name) ?? []}
        max={MAX_TAGS}
        validate={(tag) => tagProblem(tag, t)}
        error={shown.tags}
      />
      <Field
        label={t('studio.form.price')}
        hint={t('studio.form.priceHint', STYLE_PRICE)}
        error={shown.priceTokens}
      >
        <input
          className={`${inputClass} max-w-40`}
          name="priceTokens"
          inputMode="numeric"
          value={values.price}
          onChange={(e) => set('price', e.target.value)}
        />
      </Field>
      {formError && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" busy={busy}>
          {submitLabel}
        </Button>
        {children}
      </div>
    </form>
  );
}
