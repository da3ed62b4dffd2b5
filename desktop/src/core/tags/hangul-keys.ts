/**
 * Text as the keys typed to produce it, so a Korean tag can be suggested while its last syllable is still
 * being composed by the input method: '수챟' and '수채ㅎ' (on the way to '수채화') both lead to '수채화'.
 * Invariant: characters other than Hangul syllables and compatibility jamo are their own single key.
 */

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
const LEADS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const VOWELS = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';
const TAILS = ['', ...'ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ'];

// Compound vowels and final clusters are typed as two keys on a standard (2-set) Korean keyboard.
const TWO_KEYS: Record<string, string> = {
  ㅘ: 'ㅗㅏ',
  ㅙ: 'ㅗㅐ',
  ㅚ: 'ㅗㅣ',
  ㅝ: 'ㅜㅓ',
  ㅞ: 'ㅜㅔ',
  ㅟ: 'ㅜㅣ',
  ㅢ: 'ㅡㅣ',
  ㄳ: 'ㄱㅅ',
  ㄵ: 'ㄴㅈ',
  ㄶ: 'ㄴㅎ',
  ㄺ: 'ㄹㄱ',
  ㄻ: 'ㄹㅁ',
  ㄼ: 'ㄹㅂ',
  ㄽ: 'ㄹㅅ',
  ㄾ: 'ㄹㅌ',
  ㄿ: 'ㄹㅍ',
  ㅀ: 'ㄹㅎ',
  ㅄ: 'ㅂㅅ',
};

const keysOfJamo = (jamo: string): string => TWO_KEYS[jamo] ?? jamo;

function keysOfCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < HANGUL_FIRST || code > HANGUL_LAST) return keysOfJamo(char);
  const index = code - HANGUL_FIRST;
  const lead = LEADS[Math.floor(index / 588)] ?? '';
  const vowel = VOWELS[Math.floor((index % 588) / 28)] ?? '';
  const tail = TAILS[index % 28] ?? '';
  return lead + keysOfJamo(vowel) + keysOfJamo(tail);
}

export interface TypedKeys {
  keys: string;
  /** Where each character of the text starts in `keys` (a match inside a tag starts at one of these). */
  starts: number[];
}

export function typedKeys(text: string): TypedKeys {
  let keys = '';
  const starts: number[] = [];
  for (const char of text) {
    starts.push(keys.length);
    keys += keysOfCharacter(char);
  }
  return { keys, starts };
}
