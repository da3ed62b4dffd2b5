/**
 * One token history entry in words: its kind's label, what it was for (named: the style of the image, the
 * package bought) with links to it, and its signed change. Pure, so the naming is tested per kind.
 */
import type { TFunction } from 'i18next';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@style-license/server';
import { findTokenPackage, type Locale } from '@style-license/shared';

export type HistoryEntry = inferRouterOutputs<AppRouter>['tokens']['history']['entries'][number];

export interface EntryLink {
  to: string;
  label: string;
}

export interface DescribedEntry {
  kindLabel: string;
  /** What the tokens moved for, e.g. `Image in “Ink Wash”` or `Bought the 500-token package`. */
  subject: string;
  links: EntryLink[];
  /** A person-written note (adjustments); system notes on other kinds are not shown. */
  note: string | null;
}

export function describeEntry(entry: HistoryEntry, t: TFunction): DescribedEntry {
  const kindLabel = t(`tokens.kinds.${entry.kind}`);
  const s = entry.subject;
  if (s.type === 'generation') {
    const style = s.styleName ?? t('tokens.subject.unknownStyle');
    const links: EntryLink[] = [];
    if (entry.kind === 'artist_earning') {
      // The artist earned from someone else's image: their own style in the studio is what they can open.
      if (s.styleId) links.push({ to: `/studio/${s.styleId}`, label: t('tokens.subject.viewStudio') });
      return { kindLabel, subject: t('tokens.subject.earning', { style }), links, note: null };
    }
    if (s.styleId && s.styleName)
      links.push({ to: `/styles/${s.styleId}`, label: t('tokens.subject.viewStyle') });
    links.push({ to: '/images', label: t('tokens.subject.viewImages') });
    const key = entry.kind === 'generation_refund' ? 'tokens.subject.refund' : 'tokens.subject.charge';
    return { kindLabel, subject: t(key, { style }), links, note: null };
  }
  if (s.type === 'purchase') {
    const pkg = s.packageId ? findTokenPackage(s.packageId) : undefined;
    const subject = pkg
      ? t('tokens.subject.purchase', { count: pkg.tokens })
      : t('tokens.subject.purchaseUnknown');
    return { kindLabel, subject, links: [], note: null };
  }
  return { kindLabel, subject: t('tokens.subject.adjustment'), links: [], note: entry.note };
}

/** `+100` or `−5` (a true minus sign), grouped for the language; zero has no sign. */
export function formatDelta(delta: number, locale: Locale): string {
  const size = new Intl.NumberFormat(locale).format(Math.abs(delta));
  if (delta > 0) return `+${size}`;
  if (delta < 0) return `\u2212${size}`;
  return size;
}

export function deltaTone(delta: number): 'gain' | 'spend' | 'none' {
  return delta > 0 ? 'gain' : delta < 0 ? 'spend' : 'none';
}
