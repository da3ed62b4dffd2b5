// The visitor's welcome above the feed: what the product is, in a band short enough that the feed starts
// above the fold on a desktop. On a phone the pitch is left out, so the images are a thumb's scroll away.
import { useTranslation } from 'react-i18next';
import { LocalLink } from '../../components/LocalLink';
import { buttonClass } from '../../components/ui/Button';

export function Welcome() {
  const { t } = useTranslation();
  return (
    <section className="relative overflow-hidden rounded-2xl bg-gradient-to-br from-violet-900 via-violet-800 to-stone-900 px-5 py-5 text-white sm:px-8 sm:py-7">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute -top-24 -right-16 size-64 rounded-full bg-amber-300/20 blur-3xl"
      />
      <div className="relative flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between lg:gap-10">
        <div className="max-w-3xl">
          <p className="hidden text-xs font-medium tracking-wide text-violet-200 uppercase sm:block">
            {t('home.hero.eyebrow')}
          </p>
          <h1 className="text-xl leading-snug font-semibold tracking-tight text-balance sm:mt-2 sm:text-2xl lg:text-[1.75rem]">
            {t('home.hero.headline')}
          </h1>
          <p className="mt-2 hidden leading-relaxed text-violet-100 sm:block">{t('home.hero.pitch')}</p>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2 sm:gap-3">
          <LocalLink to="/search" className={`${buttonClass('secondary')} border-transparent`}>
            {t('home.hero.findStyles')}
          </LocalLink>
          <LocalLink
            to="/artist/apply"
            className={`${buttonClass('ghost')} text-white ring-1 ring-white/40 hover:bg-white/10`}
          >
            {t('home.hero.becomeArtist')}
          </LocalLink>
        </div>
      </div>
    </section>
  );
}
