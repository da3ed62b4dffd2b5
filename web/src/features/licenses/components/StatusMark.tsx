// A round check (genuine) or cross (not genuine) beside a verdict; decorative, the words say it.
export function StatusMark({ genuine, size = 'md' }: { genuine: boolean; size?: 'md' | 'lg' }) {
  const box = size === 'lg' ? 'size-10' : 'size-8';
  return (
    <span
      aria-hidden="true"
      className={`flex ${box} shrink-0 items-center justify-center rounded-full text-white ${genuine ? 'bg-emerald-600' : 'bg-red-600'}`}
    >
      <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="2.5" className="size-1/2">
        {genuine ? (
          <path d="M4 10.5l4 4 8-9" strokeLinecap="round" strokeLinejoin="round" />
        ) : (
          <path d="M5 5l10 10M15 5L5 15" strokeLinecap="round" />
        )}
      </svg>
    </span>
  );
}
