// Small status labels (style and job statuses, "Demo").
import type { ReactNode } from 'react';

const TONES = {
  neutral: 'bg-stone-100 text-stone-700',
  good: 'bg-emerald-100 text-emerald-800',
  busy: 'bg-amber-100 text-amber-900',
  bad: 'bg-red-100 text-red-800',
  accent: 'bg-violet-100 text-violet-800',
} as const;

export type BadgeTone = keyof typeof TONES;

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${TONES[tone]}`}>
      {children}
    </span>
  );
}

/** The tone of a style, job, generation or purchase status. */
export function statusTone(status: string): BadgeTone {
  if (status === 'ready' || status === 'succeeded' || status === 'paid') return 'good';
  if (status === 'failed' || status === 'expired') return 'bad';
  if (status === 'queued' || status === 'training' || status === 'running' || status === 'pending')
    return 'busy';
  return 'neutral';
}
