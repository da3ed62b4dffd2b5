import { healthOutputSchema, type HealthOutput } from '@style-license/shared';

/** One tRPC query over plain fetch; the typed tRPC client arrives with the web client issue. */
export async function fetchHealth(): Promise<HealthOutput> {
  const response = await fetch('/trpc/health.check');
  const body = (await response.json()) as { result?: { data?: unknown } };
  return healthOutputSchema.parse(body.result?.data);
}
