// One settings section: a titled white card.
import type { ReactNode } from 'react';

export function Card({
  id,
  title,
  lead,
  children,
}: {
  id: string;
  title: string;
  lead?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-stone-200 bg-white p-5 sm:p-6">
      <h2 id={id} className="text-lg font-semibold text-stone-900">
        {title}
      </h2>
      {lead && <p className="mt-1 text-sm text-stone-600">{lead}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}
