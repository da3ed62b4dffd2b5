// The front door: what the product is, popular tags, and the newest and most used styles.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { StyleSort } from '@style-license/shared';
import { LocalLink } from '../../components/LocalLink';
import { StyleGrid, StyleGridSkeleton } from '../../components/styles/StyleCard';
import { buttonClass } from '../../components/ui/Button';
import { EmptyState, ErrorNotice } from '../../components/ui/Feedback';
import { useDocumentTitle } from '../../components/ui/Page';
import { TagList } from '../../components/ui/TagList';
import { useTRPC } from '../../lib/trpc';

const SHELF_SIZE = 8;

export function HomePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  useDocumentTitle(t('home.title'));
  const tags = useQuery(trpc.styles.popularTags.queryOptions());
  const steps = (['pick', 'create', 'own'] as const).map((step, i) => ({ step, n: i + 1 }));

  return (
    <div className="flex flex-col gap-12 sm:gap-16">
      <section className="relative overflow-hidden rounded-2xl bg-gradient-to-br from-violet-900 via-violet-800 to-stone-900 px-6 py-10 text-white sm:px-12 sm:py-16">
        <div
          aria-hidden="true"
          className="pointer-events-none absolute -top-24 -right-24 size-72 rounded-full bg-amber-300/20 blur-3xl"
        />
        <div
          aria-hidden="true"
          className="pointer-events-none absolute -bottom-32 left-1/3 size-80 rounded-full bg-fuchsia-400/20 blur-3xl"
        />
        <div className="relative max-w-2xl">
          <p className="text-sm font-medium tracking-wide text-violet-200 uppercase">
            {t('home.hero.eyebrow')}
          </p>
          <h1 className="mt-3 text-3xl leading-tight font-semibold tracking-tight text-balance sm:text-5xl">
            {t('home.hero.headline')}
          </h1>
          <p className="mt-5 text-base leading-relaxed text-violet-100 sm:text-lg">{t('home.hero.pitch')}</p>
          <div className="mt-8 flex flex-wrap gap-3">
            <LocalLink to="/search" className={`${buttonClass('secondary', 'lg')} border-transparent`}>
              {t('home.hero.findStyles')}
            </LocalLink>
            <LocalLink
              to="/artist/apply"
              className={`${buttonClass('ghost', 'lg')} text-white ring-1 ring-white/40 hover:bg-white/10`}
            >
              {t('home.hero.becomeArtist')}
            </LocalLink>
          </div>
        </div>
      </section>

      <section aria-labelledby="home-tags">
        <h2 id="home-tags" className="mb-4 text-lg font-semibold text-stone-900">
          {t('home.popularTags')}
        </h2>
        {tags.error ? (
          <ErrorNotice error={tags.error} onRetry={() => void tags.refetch()} />
        ) : tags.data ? (
          <TagList
            tags={tags.data.map((tag) => tag.name)}
            linkTo={(tag) => `/search?tags=${encodeURIComponent(tag)}`}
          />
        ) : (
          <div aria-hidden="true" className="h-8 w-2/3 animate-pulse rounded-full bg-stone-100" />
        )}
      </section>

      <Shelf sort="newest" title={t('home.newest')} />
      <Shelf sort="popular" title={t('home.popular')} />

      <section
        aria-labelledby="home-how"
        className="rounded-2xl border border-stone-200 bg-white p-6 sm:p-10"
      >
        <h2 id="home-how" className="text-lg font-semibold text-stone-900">
          {t('home.how.title')}
        </h2>
        <ol className="mt-6 grid gap-6 sm:grid-cols-3">
          {steps.map(({ step, n }) => (
            <li key={step} className="flex gap-4">
              <span
                aria-hidden="true"
                className="flex size-9 shrink-0 items-center justify-center rounded-full bg-violet-100 font-semibold text-violet-800"
              >
                {n}
              </span>
              <div>
                <h3 className="font-medium text-stone-900">{t(`home.how.${step}.title`)}</h3>
                <p className="mt-1 text-sm text-stone-600">{t(`home.how.${step}.body`)}</p>
              </div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Shelf({ sort, title }: { sort: StyleSort; title: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const styles = useQuery(trpc.styles.search.queryOptions({ sort, limit: SHELF_SIZE }));
  const id = `home-${sort}`;
  return (
    <section aria-labelledby={id}>
      <div className="mb-4 flex items-baseline justify-between gap-3">
        <h2 id={id} className="text-lg font-semibold text-stone-900">
          {title}
        </h2>
        <LocalLink
          to={`/search?sort=${sort}`}
          aria-describedby={id}
          className="text-sm font-medium text-violet-700 hover:underline"
        >
          {t('home.seeAll')}
          <span aria-hidden="true"> →</span>
        </LocalLink>
      </div>
      {styles.error ? (
        <ErrorNotice error={styles.error} onRetry={() => void styles.refetch()} />
      ) : !styles.data ? (
        <StyleGridSkeleton />
      ) : styles.data.items.length === 0 ? (
        <EmptyState title={t('home.empty')} />
      ) : (
        <StyleGrid styles={styles.data.items} label={title} />
      )}
    </section>
  );
}
