// The character count under a comment or description box. It counts what the server will store (line
// breaks as one, outer whitespace trimmed) in code points, as the server does, so the form refuses exactly
// what the server would: an emoji or an astral Hanja counts once.
import { useTranslation } from 'react-i18next';
import { codePointLength } from '@style-license/shared';

/** The text as the server keeps it (plain-text.ts): `\r\n` as `\n`, outer whitespace trimmed. */
export function storedText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

export function measureText(text: string, max: number) {
  const length = codePointLength(storedText(text));
  return { length, empty: length === 0, over: length > max };
}

/** "12 / 1,000", and how many too many once over (announced, since the submit button stops working). */
export function CharacterCount({ id, length, max }: { id: string; length: number; max: number }) {
  const { t } = useTranslation();
  const over = length - max;
  return (
    <p id={id} className="flex flex-wrap gap-x-2 text-xs">
      <span className={`tabular-nums ${over > 0 ? 'font-medium text-red-700' : 'text-stone-500'}`}>
        {t('gallery.counter', { count: length, max })}
      </span>
      <span role="status" className="text-red-700">
        {over > 0 ? t('gallery.tooLong', { count: over }) : null}
      </span>
    </p>
  );
}
