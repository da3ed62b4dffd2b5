// A style's picture: its signed thumbnail once training made one, else a calm placeholder with its initial.
export function StyleThumb({
  url,
  name,
  className = '',
}: {
  url: string | null;
  name: string;
  className?: string;
}) {
  if (url)
    return (
      <img src={url} alt={name} loading="lazy" className={`aspect-square w-full object-cover ${className}`} />
    );
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? '';
  return (
    <div
      aria-hidden="true"
      className={`flex aspect-square w-full items-center justify-center bg-gradient-to-br from-violet-100 via-rose-50 to-amber-50 text-4xl font-semibold text-violet-300 ${className}`}
    >
      {initial}
    </div>
  );
}

/** A thin progress bar with its value for screen readers; `pulse` while work runs with no measure yet. */
export function ProgressBar({
  value,
  label,
  tone = 'violet',
  pulse = false,
}: {
  value: number;
  label: string;
  tone?: 'violet' | 'emerald' | 'red';
  pulse?: boolean;
}) {
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  const colour = tone === 'emerald' ? 'bg-emerald-500' : tone === 'red' ? 'bg-red-500' : 'bg-violet-600';
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pulse ? undefined : pct}
      className="h-1.5 w-full overflow-hidden rounded-full bg-stone-200"
    >
      <div
        className={`h-full rounded-full transition-[width] duration-300 ${colour} ${pulse ? 'w-1/3 animate-pulse' : ''}`}
        style={pulse ? undefined : { width: `${pct}%` }}
      />
    </div>
  );
}
