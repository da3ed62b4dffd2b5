// One bought image as it is made: polled every second while queued or running, then the result with its
// download and license, or the reason it failed (the charge is refunded then). A failed poll (a network
// blip, a rate limit) never stops the polling of a paid image: it slows down and says so, with a retry.
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeJobFailure } from '../../lib/job-failures';
import { LocalLink } from '../../components/LocalLink';
import { Badge, statusTone } from '../../components/ui/Badge';
import { Button, buttonClass } from '../../components/ui/Button';
import { ErrorNotice } from '../../components/ui/Feedback';
import { describeError, errorCodeOf } from '../../lib/errors';
import { toast } from '../../lib/toast';
import { useTRPC, useTRPCClient } from '../../lib/trpc';
import { useLocale } from '../../lib/use-locale';

export const POLL_MS = 1000;
/** The gentler pace after a failed poll, so an outage or a rate limit is not made worse. */
export const POLL_AFTER_ERROR_MS = 5000;
const ACTIVE = new Set(['queued', 'running']);
/** Answers that asking again cannot change: no such generation (or not ours), or signed out. */
const FINAL_ERRORS = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED']);

export function GenerationStatus({
  generationId,
  styleId,
  styleName,
  onAgain,
}: {
  generationId: string;
  styleId: string;
  styleName: string;
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [downloading, setDownloading] = useState(false);
  const query = useQuery({
    ...trpc.generation.get.queryOptions({ generationId }),
    refetchInterval: (q) => {
      // Once the job ended there is nothing more to wait for; until then it is followed, error or not.
      if (q.state.data && !ACTIVE.has(q.state.data.status)) return false;
      if (!q.state.error) return POLL_MS;
      return FINAL_ERRORS.has(errorCodeOf(q.state.error) ?? '') ? false : POLL_AFTER_ERROR_MS;
    },
  });
  // The owner's view (MyGeneration); another user's public view has no license or charge to show.
  const generation = query.data && 'costTokens' in query.data ? query.data : null;
  const status = generation?.status;
  const done = status === 'succeeded' || status === 'failed';
  const failure = { code: generation?.failureCode ?? null, seconds: generation?.failureSeconds ?? null };
  const failureText = describeJobFailure('generation', failure, t, locale) ?? t('style.generate.refunded');

  // When the job ends the balance may change (a refund), so the header and quote are refreshed.
  useEffect(() => {
    if (!done) return;
    void queryClient.invalidateQueries({ queryKey: trpc.tokens.balance.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.generation.quote.queryKey({ styleId }) });
    // pathKey: My images and the token history are infinite lists, which a plain queryKey() misses.
    void queryClient.invalidateQueries({ queryKey: trpc.generation.mine.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.tokens.history.pathKey() });
  }, [done, queryClient, trpc, styleId]);

  async function download() {
    setDownloading(true);
    try {
      const { url } = await client.generation.download.query({ generationId });
      const link = document.createElement('a');
      link.href = url;
      link.download = `style-license-${generationId}.png`;
      document.body.append(link);
      link.click();
      link.remove();
    } catch (error) {
      toast('error', describeError(error, t));
    } finally {
      setDownloading(false);
    }
  }

  if (query.error && !generation)
    return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  const shown = status ?? 'queued';
  return (
    <div className="flex flex-col gap-4" aria-live="polite">
      {query.error && !done && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      <div className="flex flex-wrap items-center gap-3">
        <Badge tone={statusTone(shown)}>{t(`common.status.${shown}`)}</Badge>
        <p className="text-sm font-medium text-stone-800" role="status">
          {t(`style.generate.status.${shown}`)}
        </p>
      </div>

      {!done && (
        <div className="flex aspect-square w-full items-center justify-center rounded-xl bg-gradient-to-br from-violet-50 to-stone-100">
          <span
            aria-hidden="true"
            className="size-10 animate-spin rounded-full border-4 border-violet-500 border-r-transparent"
          />
        </div>
      )}

      {status === 'succeeded' && generation && (
        <>
          {generation.previewUrl && (
            <img
              src={generation.previewUrl}
              alt={t('style.generate.resultAlt', { name: styleName })}
              className="aspect-square w-full rounded-xl bg-stone-100 object-cover shadow-sm"
            />
          )}
          <p className="text-sm text-stone-600">
            {t('style.generate.charged', { count: generation.costTokens })}
          </p>
          <Button size="lg" className="w-full" onClick={() => void download()} busy={downloading}>
            {t('style.generate.download')}
          </Button>
          <div className="grid grid-cols-2 gap-2">
            {generation.licenseId && (
              <LocalLink to={`/licenses/${generation.licenseId}`} className={buttonClass('secondary')}>
                {t('style.generate.license')}
              </LocalLink>
            )}
            <LocalLink to="/images" className={buttonClass('secondary')}>
              {t('style.generate.myImages')}
            </LocalLink>
          </div>
        </>
      )}

      {status === 'failed' && generation && (
        <div
          role="alert"
          className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          {failureText}
        </div>
      )}

      {done && (
        <Button look={status === 'failed' ? 'primary' : 'ghost'} onClick={onAgain} className="self-center">
          {t('style.generate.again')}
        </Button>
      )}
    </div>
  );
}
