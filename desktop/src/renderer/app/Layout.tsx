/**
 * The studio's screen. At desktop width: the library and filters on the left, the grid in the middle,
 * the tag, check and publish panels on the right (as tabs). At phone width one section at a time, chosen
 * from a tab bar.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurate, type Section } from '../features/curate/curate-store';

const SECTIONS: Section[] = ['library', 'grid', 'tags', 'checks', 'publish'];
const SIDE = ['tags', 'checks', 'publish'] as const;
type Side = (typeof SIDE)[number];
const isSide = (section: Section): section is Side => (SIDE as readonly Section[]).includes(section);

function Tab({ section, active }: { section: Section; active: boolean }) {
  const { t } = useTranslation();
  const setSection = useCurate((s) => s.setSection);
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      onClick={() => setSection(section)}
      className={`flex-auto border-b-2 px-2 py-2 text-sm font-medium whitespace-nowrap ${active ? 'border-violet-700 text-violet-900' : 'border-transparent text-stone-600 hover:text-stone-900'}`}
    >
      {t(`desktop.sections.${section}`)}
    </button>
  );
}

export function Layout({
  library,
  filters,
  grid,
  side,
}: {
  library: ReactNode;
  filters: ReactNode;
  grid: ReactNode;
  side: Record<Side, ReactNode>;
}) {
  const { t } = useTranslation();
  const section = useCurate((s) => s.section);
  // On wide screens the side panel shows the section last chosen among its own (tags by default).
  const sideSection: Side = isSide(section) ? section : 'tags';
  const show = (which: Section) => (section === which ? 'flex' : 'hidden');
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div
        role="tablist"
        aria-label={t('desktop.sections.label')}
        className="flex shrink-0 overflow-x-auto border-b border-stone-200 bg-white lg:hidden"
      >
        {SECTIONS.map((each) => (
          <Tab key={each} section={each} active={section === each} />
        ))}
      </div>
      <div className="flex min-h-0 flex-1">
        <aside
          aria-label={t('desktop.sections.library')}
          className={`${show('library')} w-full flex-col gap-4 overflow-auto bg-stone-50 p-3 lg:flex lg:w-64 lg:shrink-0 lg:border-r lg:border-stone-200`}
        >
          {library}
        </aside>
        <main className={`${show('grid')} min-w-0 flex-1 flex-col lg:flex`}>
          {filters}
          <div className="flex min-h-0 flex-1 flex-col p-2">{grid}</div>
        </main>
        <aside
          aria-label={t('desktop.sections.panels')}
          className={`${isSide(section) ? 'flex' : 'hidden'} w-full flex-col overflow-hidden bg-white lg:flex lg:w-96 lg:shrink-0 lg:border-l lg:border-stone-200`}
        >
          <div
            role="tablist"
            aria-label={t('desktop.sections.panels')}
            className="hidden shrink-0 border-b border-stone-200 lg:flex"
          >
            {SIDE.map((each) => (
              <Tab key={each} section={each} active={sideSection === each} />
            ))}
          </div>
          {SIDE.map((each) => (
            <div
              key={each}
              className={`${sideSection === each ? 'flex' : 'hidden'} min-h-0 flex-1 flex-col overflow-auto p-3`}
            >
              {side[each]}
            </div>
          ))}
        </aside>
      </div>
    </div>
  );
}
