// The token history: filter by kind, newest first, "Load more" pages, and the same filter as a CSV file.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LEDGER_KINDS, type LedgerKind } from '@style-license/shared';
import { LocalLink } from '../../../components/LocalLink';
import { Button, buttonClass } from '../../../components/ui/Button';
import { EmptyState, ErrorNotice, Spinner } from '../../../components/ui/Feedback';
import { useTRPC } from '../../../lib/trpc';
import { useLocale } from '../../../lib/use-locale';
import { deltaTone, describeEntry, formatDelta, type HistoryEntry } from '../history-entry';

const PAGE_SIZE = 20;

/** The CSV export of exactly what the list shows: the same kinds, every page. */
export function historyCsvHref(kinds: readonly LedgerKind[]): string {
  return kinds.length ? `/tokens/history.csv?kinds=${kinds.join(',')}` : '/tokens/history.csv';
}

export function History() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [kinds, setKinds] = useState<LedgerKind[]>([]);
  const history = useInfiniteQuery(
    trpc.tokens.history.infiniteQueryOptions(
      { limit: PAGE_SIZE, kinds },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  // Kept in LEDGER_KINDS order, so the same choice is the same query (and the same CSV link).
  const toggle = (kind: LedgerKind) =>
    setKinds((now) => LEDGER_KINDS.filter((k) => (k === kind ? !now.includes(k) : now.includes(k))));
  const entries = history.data?.pages.flatMap((p) => p.entries) ?? [];

  return (
    <section aria-labelledby="history-title">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 id="history-title" className="text-lg font-semibold text-stone-900">
          {t('tokens.history.title')}
        </h2>
        <a href={historyCsvHref(kinds)} download className={buttonClass('secondary', 'sm')}>
          {t('tokens.history.export')}
        </a>
      </div>
      <div role="group" aria-label={t('tokens.history.filter')} className="mb-4 flex flex-wrap gap-2">
        <Chip pressed={kinds.length === 0} onClick={() => setKinds([])}>
          {t('tokens.history.all')}
        </Chip>
        {LEDGER_KINDS.map((kind) => (
          <Chip key={kind} pressed={kinds.includes(kind)} onClick={() => toggle(kind)}>
            {t(`tokens.kinds.${kind}`)}
          </Chip>
        ))}
      </div>
      {history.isPending ? (
        <Spinner />
      ) : history.isError ? (
        <ErrorNotice error={history.error} onRetry={() => void history.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title={kinds.length ? t('tokens.history.emptyFiltered') : t('tokens.history.empty')} />
      ) : (
        <>
          <ul className="divide-y divide-stone-200 overflow-hidden rounded-xl border border-stone-200 bg-white">
            {entries.map((entry) => (
              <EntryRow key={entry.id} entry={entry} />
            ))}
          </ul>
          {history.hasNextPage && (
            <div className="mt-4 flex justify-center">
              <Button
                look="secondary"
                busy={history.isFetchingNextPage}
                onClick={() => void history.fetchNextPage()}
              >
                {t('common.actions.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Chip({ pressed, onClick, children }: { pressed: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={`h-8 rounded-full border px-3 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 ${
        pressed
          ? 'border-violet-700 bg-violet-700 text-white'
          : 'border-stone-300 bg-white text-stone-700 hover:bg-stone-50'
      }`}
    >
      {children}
    </button>
  );
}

const TONE = { gain: 'text-emerald-700', spend: 'text-red-700', none: 'text-stone-700' } as const;

function EntryRow({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const described = describeEntry(entry, t);
  return (
    <li className="flex items-start gap-4 px-4 py-3 sm:px-5" data-testid="history-entry">
      <div className="min-w-0 flex-1">
        <p className="text-xs font-medium tracking-wide text-stone-500 uppercase">{described.kindLabel}</p>
        <p className="mt-0.5 font-medium break-words text-stone-900">{described.subject}</p>
        {described.note && <p className="mt-0.5 text-sm text-stone-600">{described.note}</p>}
        <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-stone-500">
          <time dateTime={entry.createdAt}>
            {t('tokens.history.when', { when: new Date(entry.createdAt) })}
          </time>
          {described.links.map((link) => (
            <LocalLink
              key={link.to}
              to={link.to}
              className="text-violet-700 underline-offset-2 hover:underline"
            >
              {link.label}
            </LocalLink>
          ))}
        </p>
      </div>
      <div className="shrink-0 text-right">
        <p className={`text-base font-semibold tabular-nums ${TONE[deltaTone(entry.delta)]}`}>
          <span className="sr-only">{t('tokens.history.change')} </span>
          {formatDelta(entry.delta, locale)}
        </p>
        <p className="mt-0.5 text-xs text-stone-500 tabular-nums">
          {t('tokens.history.balanceAfter', { count: entry.balanceAfter })}
        </p>
      </div>
    </li>
  );
}
