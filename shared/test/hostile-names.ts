// The hostile names of issue 11 (defects 3–5), shared by the unit tests of the rule and the server tests
// that send them through every path that sets a name.
import type { NameRule } from '../src/index';

/** Each hostile name of issue 11 (defects 3–5) and the one rule it breaks. */
export const HOSTILE_NAMES: [string, string, NameRule][] = [
  ['a NUL byte', 'Mira\u0000Quill', 'control_characters'],
  ['CR/LF', 'Mira\r\nQuill', 'control_characters'],
  ['a tab', 'Mira\tQuill', 'control_characters'],
  ['a lone surrogate (half an emoji)', 'Mira \ud83d', 'control_characters'],
  ['a right-to-left override', 'r\u202Eevil', 'bidi_controls'],
  ['a bidi isolate', 'Mira \u2067Quill\u2069', 'bidi_controls'],
  ['a zero-width space', 'Mira\u200B Quill', 'invisible_characters'],
  ['a zero-width joiner between letters', 'Mi\u200Dra', 'invisible_characters'],
  ['a word joiner', 'Mira\u2060Quill', 'invisible_characters'],
  ['a Hangul filler', '\u3164', 'invisible_characters'],
  ['a blank Braille cell', 'Mira \u2800', 'invisible_characters'],
  [
    'tag characters after an emoji (not a flag)',
    'Studio \u2764\u{E0031}\u{E0032}\u{E0033}',
    'invisible_characters',
  ],
  ['U+FFFE', 'Mira\uFFFE', 'noncharacters'],
  ['U+FFFF', 'Mira\uFFFF', 'noncharacters'],
  ['U+FDD0', 'Mira\uFDD0', 'noncharacters'],
  ['XML-looking text', '<x:xmpmeta>', 'markup'],
  ['a URL', 'x" (license 2222, https://evil.example/l)', 'contains_url'],
  ['a bare domain', 'Mira evil.com', 'contains_url'],
  ['an email address', 'mira@evil.com', 'contains_url'],
  ['a full-width URL', 'ｈｔｔｐｓ：／／ｅｖｉｌ．ｃｏｍ', 'contains_url'],
  ['a UUID', 'A, license 11111111-1111-1111-1111-111111111111', 'contains_id'],
  ['a UUID without hyphens', 'A 11111111111111111111111111111111', 'contains_id'],
  ['a UUID with en dashes', 'A 11111111–1111–1111–1111–111111111111', 'contains_id'],
  [
    'a full-width UUID',
    '１１１１１１１１-１１１１-１１１１-１１１１-１１１１１１１１１１１１',
    'contains_id',
  ],
];
