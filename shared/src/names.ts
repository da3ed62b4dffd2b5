/**
 * The one rule for every name people see: display names (so artist and licensee names), style names.
 * Invariant: a stored name is NFC, trimmed, single-spaced, within its length, and free of what could
 * hide or fake text in a page, an EXIF field or an XMP packet. Typed input that breaks the rule is
 * refused with a reason per broken part; a name that nobody typed here (an identity provider's) is
 * cleaned with `sanitiseName` instead, so a hostile claim can never lock its owner out.
 */
import { LinkifyIt } from 'linkify-it';
import { z } from 'zod';
import { enBase as en } from './i18n/en-base';

/** Why a name was refused: the `rule` of its VALIDATION_FAILED detail, and its key in i18n `names`. */
export const NAME_RULES = [
  'control_characters',
  'bidi_controls',
  'invisible_characters',
  'noncharacters',
  'markup',
  'contains_url',
  'contains_id',
] as const;
export type NameRule = (typeof NAME_RULES)[number];

// Controls (NUL, which PostgreSQL refuses; CR, LF, ESC, C1) and lone surrogates (half an emoji, which
// reaches the database as U+FFFD).
const CONTROL = /[\p{Cc}\p{Cs}]/u;
// Overrides, embeddings, isolates and marks: they reorder what is shown without being shown.
const BIDI = /\p{Bidi_Control}/u;
// U+FFFE, U+FFFF and the other 64: not characters, and U+FFFE/U+FFFF make an XMP packet ill-formed.
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
const MARKUP = /[<>]/;
// Zero-width spaces and joiners, word joiners, soft hyphens, variation selectors, Hangul fillers and
// tag characters draw nothing (so two names can look the same and differ in bytes); U+2800 draws blank.
// Bidi controls are default-ignorable too, but have their own rule.
const INVISIBLE = /(?!\p{Bidi_Control})[\p{Default_Ignorable_Code_Point}\u2800]/u;
// …except inside an emoji, where ZWJ and presentation selectors build one picture (👩‍🎨, ❤️), and tag
// characters only in a subdivision flag (🏴 + letters + cancel tag): after any other emoji they would
// carry an invisible payload (a UUID spelled in tag characters, say) into files and records.
const EMOJI_BASE = /[\p{Extended_Pictographic}\u20E3]/u;
const EMOJI_JOINER = /^(?:\u200D|\uFE0E|\uFE0F)$/u;
const TAG_CHARACTER = /^[\u{E0020}-\u{E007F}]$/u;
const SUBDIVISION_FLAG = /^\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]+\u{E007F}$/u;
const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/iu;
// Whitespace that is not a control: controls are refused (or, from a provider, turned into a space).
const SPACE_RUN = /[^\S\p{Cc}]+/gu;

const all = (pattern: RegExp) => new RegExp(pattern.source, `${pattern.flags}g`);

// Fuzzy links too ("evil.com", "a@b.co"): a name must not read as an address, with or without a scheme.
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true });
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

const codePoints = (text: string) => Array.from(text).length;

/** NFC, whitespace runs as one space, trimmed: two spellings of one name become one string. */
export function normaliseName(raw: string): string {
  return raw.normalize('NFC').replace(SPACE_RUN, ' ').trim();
}

/** `text` without its invisible characters, keeping those that hold an emoji together. */
function withoutInvisible(text: string): string {
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    const emoji = EMOJI_BASE.test(segment);
    const flag = SUBDIVISION_FLAG.test(segment);
    kept += segment.replace(all(INVISIBLE), (c) =>
      (emoji && EMOJI_JOINER.test(c)) || (flag && TAG_CHARACTER.test(c)) ? c : '',
    );
  }
  return kept;
}

/**
 * The text an id or address check reads: NFKC folds full-width and mathematical letters and digits
 * (ｈｔｔｐｓ, １１１１) to ASCII, and every dash counts as a hyphen, so neither can dress up a fake id.
 */
function folded(text: string): string {
  return text.normalize('NFKC').replace(/\p{Dash}/gu, '-');
}

const containsUrl = (text: string) => linkify.test(text) || linkify.test(folded(text));
const containsId = (text: string) => UUID.test(folded(text));

/** Every rule `name` breaks, in NAME_RULES order; empty when it may be stored as it is. */
export function nameProblems(name: string): NameRule[] {
  const broken: Record<NameRule, boolean> = {
    control_characters: CONTROL.test(name),
    bidi_controls: BIDI.test(name),
    invisible_characters: withoutInvisible(name) !== name,
    noncharacters: NONCHARACTER.test(name),
    markup: MARKUP.test(name),
    contains_url: containsUrl(name),
    contains_id: containsId(name),
  };
  return NAME_RULES.filter((rule) => broken[rule]);
}

/** The longest start of `text` that ends on a grapheme boundary and has at most `max` code points. */
export function cutAtGrapheme(text: string, max: number): string {
  let kept = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    count += codePoints(segment);
    if (count > max) break;
    kept += segment;
  }
  return kept;
}

function withoutLinksAndIds(text: string): string {
  let kept = text;
  for (const match of (linkify.match(kept) ?? []).reverse()) {
    kept = kept.slice(0, match.index) + ' ' + kept.slice(match.lastIndex);
  }
  return kept.replace(all(UUID), ' ');
}

/**
 * A name nobody typed here (an identity provider's claim) made to pass the rule: whitespace controls
 * become spaces, everything else the rule forbids is removed, then it is cut at a grapheme boundary.
 * Returns '' when nothing usable is left; the caller picks a fallback.
 */
export function sanitiseName(raw: string, max: number): string {
  let text = raw
    .normalize('NFC')
    .replace(/[\t\n\v\f\r\u0085]/g, ' ')
    .replace(all(CONTROL), '')
    .replace(all(BIDI), '')
    .replace(all(NONCHARACTER), '')
    .replace(all(MARKUP), ' ');
  text = normaliseName(withoutLinksAndIds(withoutInvisible(text)));
  const cut = cutAtGrapheme(text, max).trim();
  // What removal cannot fix (a full-width address, an id that only appears once folded) leaves nothing.
  return nameProblems(cut).length === 0 ? cut : '';
}

/**
 * A name field of typed input: normalised, then refused with one issue per broken rule, each naming its
 * rule in `params.rule`. Length counts code points (one emoji or Hangul syllable is one), at most `max`.
 */
export function nameSchema(max: number) {
  return (
    z
      .string()
      // A bound before the work below, generous enough for spaces that collapse and NFD that composes.
      .max(max * 8)
      .transform(normaliseName)
      .superRefine((name, ctx) => {
        if (name.length === 0) {
          ctx.addIssue({
            code: 'too_small',
            minimum: 1,
            origin: 'string',
            inclusive: true,
            input: name,
            message: en.names.empty,
          });
          return;
        }
        if (codePoints(name) > max) {
          ctx.addIssue({
            code: 'too_big',
            maximum: max,
            origin: 'string',
            inclusive: true,
            input: name,
            message: en.names.too_long.replace('{{max}}', String(max)),
          });
        }
        for (const rule of nameProblems(name)) {
          ctx.addIssue({ code: 'custom', input: name, message: en.names[rule], params: { rule } });
        }
      })
  );
}
