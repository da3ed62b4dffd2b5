// Prices and package choice, kept pure so they are tested without a page.
import type { Locale } from '@style-license/shared';

export interface PackageLike {
  id: string;
  tokens: number;
  amount: number;
  currency: string;
}

/**
 * A package price in the page's language. `amount` is in the currency's minor unit, as Stripe counts it:
 * KRW has none (10 000 is ₩10,000), a two-decimal currency would be cents. Intl knows each currency's
 * decimals, so the conversion follows the currency instead of assuming won.
 */
export function formatMoney(amount: number, currency: string, locale: Locale): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
  return format.format(amount / 10 ** minorDigits(currency));
}

/** How many decimals the currency has (KRW 0, USD 2), which is what a minor unit is worth. */
function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions()
      .maximumFractionDigits ?? 0
  );
}

/** The price of one token in a package, in the same currency (fractions of the minor unit kept). */
export function formatPerToken(pkg: PackageLike, locale: Locale): string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: pkg.currency.toUpperCase(),
    maximumFractionDigits: 2,
  });
  return format.format(pkg.amount / 10 ** minorDigits(pkg.currency) / pkg.tokens);
}

/** `?need=` as a whole number of tokens above zero, else null (absent, junk, zero or negative). */
export function parseNeed(value: string | null): number | null {
  if (value === null || !/^\d{1,7}$/.test(value.trim())) return null;
  const need = Number(value.trim());
  return need > 0 ? need : null;
}

/**
 * The package to highlight for a buyer who needs `need` tokens: the smallest that covers it on its own,
 * else (a need beyond every package) the largest. Null when there is no need to meet.
 */
export function choosePackage<P extends PackageLike>(packages: readonly P[], need: number | null): P | null {
  if (need === null || packages.length === 0) return null;
  const bySize = [...packages].sort((a, b) => a.tokens - b.tokens);
  return bySize.find((p) => p.tokens >= need) ?? bySize.at(-1)!;
}
