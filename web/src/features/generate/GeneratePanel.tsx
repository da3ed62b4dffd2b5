// The buy box on a style page: prompt tags from the style's own vocabulary, a description with a live
// count, an optional seed, and the cost against the buyer's balance before anything is charged. Short of
// tokens, it offers the way to buy them instead of a submit; signed out, a sign-in button.
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { GENERATION_TEXT_MAX, MAX_TAGS, SEED_MAX, type StyleDetail } from '@style-license/shared';
import { LocalLink } from '../../components/LocalLink';
import { Button, buttonClass } from '../../components/ui/Button';
import { ErrorNotice, Spinner } from '../../components/ui/Feedback';
import { Field, inputClass } from '../../components/ui/Field';
import { TagChips } from '../../components/ui/TagChips';
import { TagList } from '../../components/ui/TagList';
import { describeError, errorInfo } from '../../lib/errors';
import { signInHref, useMe } from '../../lib/session';
import { useTRPC } from '../../lib/trpc';
import { GenerationStatus } from './GenerationStatus';
import { useGenerationSubmit, type GenerationRequest } from './useGenerationSubmit';

/** The request check (and the schema library with it) arrives once the buyer is filling the form in. */
const loadCheck = () => import('./check-request');

type GenerateStyle = Pick<StyleDetail, 'id' | 'name' | 'tags'> & { priceTokens?: number };

export function GeneratePanel({ style }: { style: GenerateStyle }) {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  return (
    <section
      aria-labelledby="generate-title"
      className="rounded-2xl border border-stone-200 bg-white p-5 shadow-sm sm:p-6"
    >
      <h2 id="generate-title" className="text-lg font-semibold text-stone-900">
        {t('style.generate.title')}
      </h2>
      {me.isPending ? (
        <Spinner />
      ) : me.data ? (
        <GenerateForm style={style} />
      ) : (
        <div className="mt-3 flex flex-col gap-4">
          {style.priceTokens !== undefined && (
            <p className="text-2xl font-semibold text-stone-900">
              {t('style.page.price', { count: style.priceTokens })}
            </p>
          )}
          <p className="text-sm text-stone-600">{t('style.generate.signIn.body')}</p>
          <a
            href={signInHref(`${location.pathname}${location.search}`)}
            className={`${buttonClass('primary', 'lg')} w-full`}
          >
            {t('style.generate.signIn.button')}
          </a>
        </div>
      )}
    </section>
  );
}

type FieldErrors = Partial<Record<'tags' | 'text' | 'seed', string>>;

function GenerateForm({ style }: { style: GenerateStyle }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const location = useLocation();
  const quote = useQuery(trpc.generation.quote.queryOptions({ styleId: style.id }));
  const { submit, pending, error, earlierWentThrough } = useGenerationSubmit(style.id);
  const [tags, setTags] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [seed, setSeed] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [generationId, setGenerationId] = useState<string | null>(null);
  // The balance the server last called too low: the buy path stays until the balance changes.
  const [shortAt, setShortAt] = useState<number | null>(null);

  if (generationId)
    return (
      <div className="mt-4">
        <GenerationStatus
          generationId={generationId}
          styleId={style.id}
          styleName={style.name}
          onAgain={() => setGenerationId(null)}
        />
      </div>
    );
  if (quote.error)
    return (
      <div className="mt-4">
        <ErrorNotice error={quote.error} onRetry={() => void quote.refetch()} />
      </div>
    );
  if (!quote.data) return <Spinner />;

  const { priceTokens, balance, enough } = quote.data;
  if (priceTokens === null)
    return <p className="mt-3 text-sm text-stone-600">{t('style.generate.notForSale')}</p>;
  const short = !enough || shortAt === balance;
  const shortfall = Math.max(1, priceTokens - balance);
  const textLength = [...text].length;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (short || priceTokens === null) return;
    const request: GenerationRequest = {
      styleId: style.id,
      expectedPriceTokens: priceTokens,
      promptTags: tags,
      text,
      ...(seed.trim() === '' ? {} : { seed: /^\d+$/.test(seed.trim()) ? Number(seed.trim()) : Number.NaN }),
    };
    // The shared schema is the server's own rule: refuse here what it would refuse there.
    const refused = (await loadCheck()).refusedFields(request);
    if (refused.length > 0) {
      const errors: FieldErrors = {};
      for (const field of refused) {
        if (field === 'text')
          errors.text =
            textLength > GENERATION_TEXT_MAX
              ? t('style.generate.textTooLong', { max: GENERATION_TEXT_MAX })
              : t('style.generate.textMarkup');
        else if (field === 'seed') errors.seed = t('style.generate.seedInvalid', { max: SEED_MAX });
        else if (field === 'promptTags') errors.tags = t('errors.VALIDATION_FAILED');
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    const result = await submit(request);
    if (result.generation) setGenerationId(result.generation.id);
    else if (errorInfo(result.error).code === 'INSUFFICIENT_CREDITS') setShortAt(balance);
  }

  return (
    <form
      onSubmit={(e) => void onSubmit(e)}
      onFocusCapture={() => void loadCheck()}
      noValidate
      className="mt-1 flex flex-col gap-5"
    >
      <p className="text-sm text-stone-600">{t('style.generate.intro')}</p>
      <TagChips
        label={t('style.generate.tags')}
        hint={t('style.generate.tagsHint')}
        value={tags}
        onChange={setTags}
        suggestions={style.tags}
        onlySuggestions
        max={MAX_TAGS}
        showCount={false}
        error={fieldErrors.tags}
      />
      {style.tags.length > 0 && (
        <TagList
          tags={style.tags}
          selected={tags}
          onToggle={(tag) => {
            if (tags.includes(tag)) setTags(tags.filter((x) => x !== tag));
            // The server takes at most MAX_TAGS; more would only be refused after the click to buy.
            else if (tags.length < MAX_TAGS) setTags([...tags, tag]);
          }}
          size="sm"
          label={t('style.generate.tagsHint')}
        />
      )}
      {tags.length >= MAX_TAGS && (
        <p className="-mt-3 text-xs text-stone-600" role="status">
          {t('style.generate.tagsMax', { count: MAX_TAGS })}
        </p>
      )}
      <div className="flex flex-col gap-1">
        <Field label={t('style.generate.text')} error={fieldErrors.text}>
          <textarea
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('style.generate.textPlaceholder')}
            className={`${inputClass} resize-y`}
          />
        </Field>
        <p
          className={`self-end text-xs tabular-nums ${textLength > GENERATION_TEXT_MAX ? 'font-medium text-red-700' : 'text-stone-500'}`}
          aria-live="polite"
        >
          {t('style.generate.textCount', { count: textLength, max: GENERATION_TEXT_MAX })}
        </p>
      </div>
      <Field label={t('style.generate.seed')} hint={t('style.generate.seedHint')} error={fieldErrors.seed}>
        <input
          type="text"
          inputMode="numeric"
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          className={`${inputClass} sm:max-w-48`}
        />
      </Field>

      <dl className="grid grid-cols-3 gap-2 rounded-xl bg-stone-50 p-4 text-sm">
        <div>
          <dt className="text-stone-600">{t('style.generate.cost')}</dt>
          <dd className="mt-0.5 font-semibold text-stone-900" data-testid="quote-cost">
            {t('common.tokens', { count: priceTokens })}
          </dd>
        </div>
        <div>
          <dt className="text-stone-600">{t('style.generate.balance')}</dt>
          <dd
            className={`mt-0.5 font-semibold ${short ? 'text-red-700' : 'text-stone-900'}`}
            data-testid="quote-balance"
          >
            {t('common.tokens', { count: balance })}
          </dd>
        </div>
        {!short && (
          <div>
            <dt className="text-stone-600">{t('style.generate.after')}</dt>
            <dd className="mt-0.5 font-semibold text-stone-900">
              {t('common.tokens', { count: balance - priceTokens })}
            </dd>
          </div>
        )}
      </dl>

      {short ? (
        <div role="alert" className="flex flex-col gap-3 rounded-xl border border-amber-200 bg-amber-50 p-4">
          <div>
            <p className="font-medium text-amber-900">{t('style.generate.short.title')}</p>
            <p className="mt-1 text-sm text-amber-900">
              {t('style.generate.short.body', { count: shortfall })}
            </p>
          </div>
          <LocalLink
            to={`/tokens?need=${shortfall}&returnTo=${encodeURIComponent(location.pathname)}`}
            className={`${buttonClass('primary', 'lg')} w-full`}
          >
            {t('style.generate.short.buy')}
          </LocalLink>
        </div>
      ) : (
        <>
          {earlierWentThrough ? (
            <div
              role="alert"
              className="flex flex-col gap-2 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
            >
              <p>{t('style.generate.earlier.body')}</p>
              <LocalLink to="/images" className="self-start font-medium underline">
                {t('style.generate.earlier.link')}
              </LocalLink>
            </div>
          ) : (
            error != null && (
              <p
                role="alert"
                className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
              >
                {describeError(error, t)}
              </p>
            )
          )}
          <Button type="submit" size="lg" busy={pending} className="w-full">
            {pending ? t('style.generate.submitting') : t('style.generate.submit')}
          </Button>
        </>
      )}
    </form>
  );
}
