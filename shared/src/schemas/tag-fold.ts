// The one fold of tag text into its canonical spelling, and the characters a tag may not contain.
// Invariants: normaliseTag is idempotent, and two spellings a reader cannot tell apart fold to one tag.

// A lone Korean letter typed on any keyboard (ㅋ, ㄱ): NFKC would turn it into a conjoining jamo meant
// only inside a syllable, which many fonts draw as a fragment. Syllables (수채화) go through NFKC as usual.
const OUTSIDE_COMPAT_JAMO = /[^\u3131-\u318E]+/gu;
// Full case folding keeps dotless ı apart from i (kırmızı stays Turkish); see normaliseTag.
const OUTSIDE_DOTLESS_I = /[^\u0131]+/gu;
// Whitespace, except U+FEFF, which \s counts as a space but is a zero-width character: refused instead.
const WHITESPACE_RUN = /[^\S\uFEFF]+/gu;

/**
 * The canonical spelling of a tag: NFKC, full case folding, whitespace collapsed and trimmed. So
 * 'ＷＡＴＥＲ', ' Water ' and 'WATER' are one tag, and so are 'ﬁne' and 'fine', 'Straße' and 'STRASSE'
 * ('strasse'), 'ΟΔΟΣ' and 'οδοσ' ('οδος'), 'İstanbul' and 'istanbul'. The stored spelling is what is
 * shown, so where two readings are possible the fold picks the readable one:
 * - JS has no foldCase: lower → upper → lower gives full case folding (ß → ss, ᾳ → αι, ᲀ → в); checked
 *   against Unicode's CaseFolding for every assigned code point. Only dotless ı is kept out of it (the
 *   round trip would make it i). Its last lower-casing applies the final-sigma rule, so every sigma is
 *   σ inside a word and ς at its end, as Greek is written, whichever form was typed.
 * - İ lower-cases to i + U+0307 (combining dot above). On i that dot draws over the dot i already has, so
 *   'i̇stanbul' looks exactly like 'istanbul': the dot is dropped and İstanbul matches istanbul. Tags are
 *   one vocabulary for every language, so the Turkish İ/I pairing is not applied (I folds to i, not ı).
 * - Hangul has no case and passes unchanged; NFKC composes NFD (macOS) jamo into the usual syllables.
 * Locale-independent by construction (no toLocaleLowerCase), so web, desktop and server agree.
 */
export function normaliseTag(raw: string): string {
  return raw
    .replace(OUTSIDE_COMPAT_JAMO, (run) => run.normalize('NFKC'))
    .replace(OUTSIDE_DOTLESS_I, (run) => run.toLowerCase().toUpperCase().toLowerCase())
    .normalize('NFC')
    .replace(/i\u0307/gu, 'i')
    .replace(WHITESPACE_RUN, ' ')
    .replace(/^ | $/gu, '');
}

/** Why a tag's characters were refused: the `rule` of its VALIDATION_FAILED detail, and its key in i18n `tagRules`. */
export const TAG_CHARACTER_RULES = [
  'bidi_controls',
  'invisible_characters',
  'unassigned_characters',
] as const;
export type TagCharacterRule = (typeof TAG_CHARACTER_RULES)[number];

// What emoji keyboards put between or after pictographs: a variation selector after a pictograph (❤️) or
// in a keycap (1️⃣; after a bare digit it would make 'water1\uFE0F' look like 'water1'), and a zero-width
// joiner between two pictographs, skin tones allowed (👩🏽‍🎨). Anywhere else they are refused.
const EMOJI_JOINER = String.raw`(?<=\p{Extended_Pictographic}|\p{Emoji_Presentation})[\uFE0E\uFE0F]|(?<=[#*0-9])\uFE0F(?=\u20E3)|(?<=\p{Extended_Pictographic}\uFE0F?\p{Emoji_Modifier}?)\u200D(?=\p{Extended_Pictographic})`;
// Embeddings, overrides, isolates and marks: they reorder what is shown ('r\u202Eevil' shows as 'rlive').
const BIDI = String.raw`\p{Bidi_Control}`;
// Drawn as nothing, so two tags look alike and differ in bytes ('water\u200Bcolor' and 'watercolor'):
// default-ignorable code points (zero-width space and joiners, soft hyphen, word joiner, Hangul fillers,
// variation selectors, tag characters), the other format characters, and the blank braille pattern.
const INVISIBLE = String.raw`\p{Default_Ignorable_Code_Point}\p{Cf}\u2800`;
// Unassigned (noncharacters included, which make an XMP packet ill-formed) and private use: the glyph
// depends on the font, and an unassigned code point could fold differently once Unicode assigns it.
const UNASSIGNED = String.raw`\p{Cn}\p{Co}`;
// What tagSchema refuses besides: controls, lone surrogates, markup brackets and the comma (which NFKC
// makes from their full-width forms, so a tag stored before NFKC can hold them once folded).
const OTHER_REFUSED = String.raw`\p{Cc}\p{Cs}<>,`;

/** Matches the characters of `classes`, or an emoji joiner (group 1), which is allowed. */
const outsideEmoji = (classes: string, except = '') =>
  new RegExp(`(${EMOJI_JOINER})|${except}[${classes}]`, 'gu');
const PATTERNS: Record<TagCharacterRule, RegExp> = {
  bidi_controls: new RegExp(`[${BIDI}]`, 'gu'),
  // Bidi controls are default-ignorable too, but have their own rule.
  invisible_characters: outsideEmoji(INVISIBLE, `(?![${BIDI}])`),
  unassigned_characters: outsideEmoji(UNASSIGNED),
};
const REFUSED = outsideEmoji(BIDI + INVISIBLE + UNASSIGNED + OTHER_REFUSED);

const holds = (tag: string, pattern: RegExp) => [...tag.matchAll(pattern)].some((m) => m[1] === undefined);

/** Every character rule the (folded) tag breaks, in TAG_CHARACTER_RULES order. */
export function tagCharacterProblems(tag: string): TagCharacterRule[] {
  return TAG_CHARACTER_RULES.filter((rule) => holds(tag, PATTERNS[rule]));
}

/**
 * A tag stored before these rules, folded and made acceptable to them by deleting every character they
 * refuse (folded first, since NFKC makes ',' from '，'; and again after, since a deletion can leave two
 * spaces or a decomposed pair). May be empty, or too long. New input is refused instead, so a person sees why.
 */
export function stripRefusedTagCharacters(tag: string): string {
  const keepJoiner = (_: string, joiner?: string) => joiner ?? '';
  return normaliseTag(normaliseTag(tag).replace(REFUSED, keepJoiner));
}
