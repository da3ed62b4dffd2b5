/**
 * The studio's pure rules: what a style's status allows, the style form checked with the shared schema
 * (field by field, in the user's language), and a training failure and a run's time left in words.
 */
import {
  STYLE_NAME_MAX,
  STYLE_PRICE,
  TRAINING_IMAGES,
  createStyleSchema,
  formatDuration,
  tagSchema,
  type ErrorDetail,
  type Locale,
  type StyleStatus,
} from '@style-license/shared';
import { enBase } from '@style-license/shared/i18n/en-base';
import type { TFunction } from 'i18next';
import { describeJobFailure } from '../../lib/job-failures';

type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A run of the style is queued or running (a first run, or a retrain of a ready style). */
export function isTrainingLive(style: { status: StyleStatus; training: { status: RunStatus } | null }) {
  return (
    style.status === 'queued' ||
    style.status === 'training' ||
    style.training?.status === 'queued' ||
    style.training?.status === 'running'
  );
}

/** Images can be added and a run submitted only to a draft, failed or ready style with no live run. */
export function canEditImages(style: { status: StyleStatus; training: { status: RunStatus } | null }) {
  return ['draft', 'failed', 'ready'].includes(style.status) && !isTrainingLive(style);
}

export type SubmitBlock = 'status' | 'too_few' | 'too_many' | null;

export function submitBlock(
  style: { status: StyleStatus; training: { status: RunStatus } | null },
  imageCount: number,
): SubmitBlock {
  if (!canEditImages(style)) return 'status';
  if (imageCount < TRAINING_IMAGES.min) return 'too_few';
  if (imageCount > TRAINING_IMAGES.max) return 'too_many';
  return null;
}

/** Why the latest run failed, in the artist's language (the general sentence when there are no words). */
export function trainingFailureText(
  failure: { code: string | null; seconds: number | null },
  locale: Locale,
  t: TFunction,
) {
  return describeJobFailure('training', failure, t, locale) ?? t('studio.training.failedUnknown');
}

/**
 * A live run's time left by its engine's estimate: whole minutes above a minute (an estimate is no
 * more exact than that), "less than a minute" below. Null without an estimate, and once it has passed:
 * a run late on its estimate would otherwise say "less than a minute" for as long as it is late.
 */
export function trainingTimeLeft(
  estimatedFinishAt: string | null | undefined,
  locale: Locale,
  t: TFunction,
  now = Date.now(),
): string | null {
  if (!estimatedFinishAt) return null;
  const seconds = (new Date(estimatedFinishAt).getTime() - now) / 1000;
  if (!(seconds > 0)) return null;
  if (seconds < 60) return t('studio.training.timeLeftUnderMinute');
  return t('studio.training.timeLeft', { duration: formatDuration(Math.round(seconds / 60) * 60, locale) });
}

export type StyleField = 'name' | 'description' | 'tags' | 'priceTokens';
export type FieldErrors = Partial<Record<StyleField, string>>;

const tagRuleWords = enBase.tagRules;
const nameRuleWords = enBase.names;

/** One issue (a zod issue on the client, a detail from the server) in words for its field. */
export function describeStyleIssue(
  issue: { path: string; rule: string; message: string },
  t: TFunction,
): { field: StyleField; text: string } | null {
  const field = issue.path.split('.')[0] as StyleField;
  const { rule } = issue;
  if (field === 'name') {
    if (rule === 'too_small') return { field, text: t('names.empty') };
    if (rule === 'too_big') return { field, text: t('names.too_long', { max: STYLE_NAME_MAX }) };
    if (Object.hasOwn(nameRuleWords, rule))
      return { field, text: t(`names.${rule as 'markup'}`, { max: STYLE_NAME_MAX }) };
    return { field, text: t('studio.form.nameInvalid') };
  }
  if (field === 'description') {
    if (rule === 'too_big') return { field, text: t('studio.form.descriptionTooLong') };
    return {
      field,
      text: t(
        /HTML/.test(issue.message) ? 'studio.form.descriptionMarkup' : 'studio.form.descriptionControl',
      ),
    };
  }
  if (field === 'tags') return { field, text: describeTagRule(rule, t) };
  if (field === 'priceTokens') return { field, text: t('studio.form.priceRange', STYLE_PRICE) };
  return null;
}

export function describeTagRule(rule: string, t: TFunction): string {
  if (Object.hasOwn(tagRuleWords, rule)) return t(`tagRules.${rule as 'bidi_controls'}`);
  if (rule === 'too_big') return t('studio.form.tagTooLong');
  return t('studio.form.tagInvalid');
}

/** A tag for TagChips' `validate`: the shared tag rules, in words; null when it is fine. */
export function tagProblem(tag: string, t: TFunction): string | null {
  const parsed = tagSchema.safeParse(tag);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const rule =
    issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : issue.code;
  return describeTagRule(rule, t);
}

export interface StyleFormValues {
  name: string;
  description: string;
  tags: string[];
  price: string;
}

/** The form checked with createStyleSchema; the input to send, or an error per field. */
export function checkStyleForm(values: StyleFormValues, t: TFunction) {
  const price = values.price.trim() === '' ? NaN : Number(values.price);
  const parsed = createStyleSchema.safeParse({
    name: values.name,
    description: values.description,
    tags: values.tags,
    priceTokens: price,
  });
  if (parsed.success) return { ok: true as const, input: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const rule =
      issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : issue.code;
    const described = describeStyleIssue({ path: issue.path.join('.'), rule, message: issue.message }, t);
    if (described && !errors[described.field]) errors[described.field] = described.text;
  }
  return { ok: false as const, errors };
}

/** The server's refusal of a style form, per field (null when no detail names a field). */
export function fieldErrorsFromDetails(details: ErrorDetail[], t: TFunction): FieldErrors | null {
  const errors: FieldErrors = {};
  for (const detail of details) {
    const described = describeStyleIssue(
      { path: detail.path ?? '', rule: detail.rule ?? '', message: detail.message },
      t,
    );
    if (described && !errors[described.field]) errors[described.field] = described.text;
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
