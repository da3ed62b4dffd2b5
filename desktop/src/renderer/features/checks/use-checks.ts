/**
 * The platform's rules over the picked pictures. A query once the artist has run it, so it runs again by
 * itself whenever the catalog changes (a pick, a fix) and the report never goes stale.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeError } from '@style-license/web/lib/errors';
import { toast } from '@style-license/web/lib/toast';
import type { FixAction, Problem } from '../../../core/checks/index';
import { keys } from '../../lib/query-keys';
import { studio } from '../../lib/studio';
import { usePublish } from '../publish/publish-store';

export const checksKey = (alreadyInStyle: number) => [...keys.catalog, 'checks', alreadyInStyle] as const;

export function useChecks() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const inStyle = usePublish((s) => s.inStyle);
  const [started, setStarted] = useState(false);
  const report = useQuery({
    queryKey: checksKey(inStyle),
    queryFn: () => studio.checkPicked(inStyle > 0 ? { alreadyInStyle: inStyle } : {}),
    enabled: started,
  });
  const fix = useMutation({
    mutationFn: (input: { problem: Problem; action: FixAction }) => studio.fixProblem(input),
    onSuccess: (result) =>
      toast(
        'success',
        t('desktop.checks.fixed', { unpicked: result.unpicked.length, copied: result.copied.length }),
      ),
    onError: (error) => toast('error', describeError(error, t)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.catalog }),
  });
  const run = () => (started ? void report.refetch() : setStarted(true));
  return { report, run, started, fix };
}

/** The latest report, wherever it is read (the publish section waits for a passing one). */
export function useCheckReport() {
  const inStyle = usePublish((s) => s.inStyle);
  return useQuery({
    queryKey: checksKey(inStyle),
    queryFn: () => studio.checkPicked(inStyle > 0 ? { alreadyInStyle: inStyle } : {}),
    enabled: false,
  });
}
