import { describe, expect, it } from 'vitest';
import {
  cutAtGrapheme,
  displayNameSchema,
  nameProblems,
  NAME_RULES,
  resources,
  sanitiseName,
} from '../src/index';
import { HOSTILE_NAMES } from './hostile-names';

const rulesOf = (input: string) => {
  const result = displayNameSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => (issue.code === 'custom' ? issue.params?.rule : issue.code));
};

describe('the name rule', () => {
  it.each(HOSTILE_NAMES)('refuses %s, naming the rule it breaks', (_name, input, rule) => {
    expect(rulesOf(input)).toEqual([rule]);
  });

  it.each([
    ['a Latin name', 'Mira Quill'],
    ['Hangul and Latin', '김민지 Kim'],
    ['initials', 'J.R.R. Tolkien'],
    ['a ZWJ emoji', 'Mina 👩‍🎨'],
    ['an emoji with a presentation selector', '❤️ Love'],
    ['a keycap', '1️⃣ One'],
    ['a subdivision flag (tag characters)', '🏴󠁧󠁢󠁥󠁮󠁧󠁿 Fan'],
    ['quotes and ampersands', 'Tom & "Jerry"'],
  ])('accepts %s', (_name, input) => {
    expect(rulesOf(input)).toEqual([]);
  });

  it('stores NFC, trimmed, single-spaced: NFD and NFC Zoë are one string', () => {
    expect(displayNameSchema.parse('  Zoe\u0308   Park\u00A0 ')).toBe('Zo\u00EB Park');
    expect(displayNameSchema.parse('Zo\u00EB Park')).toBe('Zo\u00EB Park');
  });

  it('counts code points: 60 Hangul syllables fit (typed as NFD too), 61 do not', () => {
    expect(displayNameSchema.parse('가'.repeat(60).normalize('NFD'))).toBe('가'.repeat(60));
    expect(rulesOf('가'.repeat(61))).toEqual(['too_big']);
    expect(rulesOf('   ')).toEqual(['too_small']);
  });

  it('reports every rule a name breaks, once each', () => {
    expect(nameProblems('<b>\u202E\u0000 https://x.com\u0000')).toEqual([
      'control_characters',
      'bidi_controls',
      'markup',
      'contains_url',
    ]);
  });

  it('has a message in every language for every rule', () => {
    for (const strings of Object.values(resources)) {
      for (const rule of [...NAME_RULES, 'empty', 'too_long', 'name_taken'] as const) {
        expect(strings.names[rule], rule).toMatch(/\S/);
      }
    }
  });
});

describe('names from elsewhere (sanitiseName)', () => {
  it.each(HOSTILE_NAMES)('turn %s into a name that passes the rule', (_name, input) => {
    const cleaned = sanitiseName(input, 60);
    expect(nameProblems(cleaned)).toEqual([]);
    expect(cleaned).toBe(cleaned.normalize('NFC').trim());
  });

  it('keep what is left of the name, with line breaks as spaces', () => {
    expect(sanitiseName('Mira\r\nQuill', 60)).toBe('Mira Quill');
    expect(sanitiseName('Mi\u0000ra\u200B Qu\u202Eill', 60)).toBe('Mira Quill');
    expect(sanitiseName('<b>Mira</b> https://evil.example/x 11111111-1111-1111-1111-111111111111', 60)).toBe(
      'b Mira /b',
    );
  });

  it('leave nothing when nothing usable is left, so the caller picks a fallback', () => {
    expect(sanitiseName('\u200B\u3164 https://evil.example', 60)).toBe('');
    expect(sanitiseName('ｈｔｔｐｓ：／／ｅｖｉｌ．ｃｏｍ', 60)).toBe('');
  });

  it('cut at a grapheme boundary: an emoji is kept whole or dropped, never split into U+FFFD', () => {
    const name = `${'x'.repeat(58)}👩‍🎨`; // 58 + 3 code points
    expect(sanitiseName(name, 60)).toBe('x'.repeat(58));
    expect(sanitiseName(name, 61)).toBe(name);
    expect(cutAtGrapheme('Zoe\u0308', 3)).toBe('Zo');
    expect(sanitiseName(`${'가'.repeat(70)}`, 60)).toBe('가'.repeat(60));
  });
});
