// Checks before upload: runs the platform's rules on the picked pictures and offers each problem's fixes.
import { useTranslation } from 'react-i18next';
import { Button } from '@style-license/web/ui/Button';
import { ErrorNotice } from '@style-license/web/ui/Feedback';
import { ProblemItem } from './ProblemItem';
import { useChecks } from './use-checks';

export function ChecksPanel() {
  const { t } = useTranslation();
  const { report, run, started, fix } = useChecks();
  const summary = report.data?.summary;
  return (
    <section aria-labelledby="checks-title" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="checks-title" className="text-base font-semibold text-stone-900">
          {t('desktop.checks.title')}
        </h2>
        <Button look="secondary" size="sm" busy={report.isFetching} onClick={run}>
          {started ? t('desktop.checks.runAgain') : t('desktop.checks.run')}
        </Button>
      </div>
      {!started && <p className="text-sm text-stone-600">{t('desktop.checks.intro')}</p>}
      {report.isError && <ErrorNotice error={report.error} onRetry={run} />}
      {summary && (
        <p
          role="status"
          className={`rounded-lg px-3 py-2 text-sm font-medium ${summary.canUpload ? 'bg-emerald-50 text-emerald-900' : 'bg-red-50 text-red-900'}`}
        >
          {summary.canUpload
            ? t('desktop.checks.canUpload', { count: summary.selected })
            : t('desktop.checks.cannotUpload', { count: summary.errors })}
          {summary.warnings > 0 && ` ${t('desktop.checks.warnings', { count: summary.warnings })}`}
        </p>
      )}
      {report.data && report.data.problems.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label={t('desktop.checks.problems')}>
          {report.data.problems.map((problem) => (
            <ProblemItem
              key={`${problem.code}:${problem.imageIds.join(',')}`}
              problem={problem}
              busy={fix.isPending}
              onFix={(action) => fix.mutate({ problem, action })}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
