// One problem of the check: what is wrong, how serious, the pictures it concerns, and its fixes.
import { useTranslation } from 'react-i18next';
import { Badge } from '@style-license/web/ui/Badge';
import { Button } from '@style-license/web/ui/Button';
import type { FixAction, Problem } from '../../../core/checks/index';
import { thumbnailUrl } from '../../lib/images';
import { fixLabel, problemText } from './problem-text';

const SHOWN = 6;

export function ProblemItem({
  problem,
  busy,
  onFix,
}: {
  problem: Problem;
  busy: boolean;
  onFix: (action: FixAction) => void;
}) {
  const { t } = useTranslation();
  const error = problem.severity === 'error';
  return (
    <li
      className={`flex flex-col gap-2 rounded-lg border p-3 ${error ? 'border-red-200 bg-red-50/60' : 'border-amber-200 bg-amber-50/60'}`}
    >
      <div className="flex items-start gap-2">
        <Badge tone={error ? 'bad' : 'busy'}>
          {error ? t('desktop.checks.error') : t('desktop.checks.warning')}
        </Badge>
        <p className="min-w-0 flex-1 text-sm text-stone-900">{problemText(problem, t)}</p>
      </div>
      {problem.imageIds.length > 0 && problem.code !== 'too_many_images' && (
        <ul
          className="flex flex-wrap gap-1"
          aria-label={t('desktop.checks.pictures', { count: problem.imageIds.length })}
        >
          {problem.imageIds.slice(0, SHOWN).map((id) => (
            <li key={id}>
              <img
                src={thumbnailUrl(id, 64)}
                alt=""
                className="size-12 rounded border border-stone-200 bg-white object-cover"
              />
            </li>
          ))}
          {problem.imageIds.length > SHOWN && (
            <li className="self-center text-xs text-stone-600">
              {t('desktop.checks.more', { count: problem.imageIds.length - SHOWN })}
            </li>
          )}
        </ul>
      )}
      {problem.fixes.length > 0 && (
        <div className="flex flex-wrap gap-1.5">
          {problem.fixes.map((action) => (
            <Button key={action} look="secondary" size="sm" disabled={busy} onClick={() => onFix(action)}>
              {fixLabel(problem, action, t)}
            </Button>
          ))}
        </div>
      )}
    </li>
  );
}
