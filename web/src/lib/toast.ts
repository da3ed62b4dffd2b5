// Toasts, loaded on first use: the toast library is not part of the first page's JavaScript.
import type { ExternalToast } from 'sonner';

type Kind = 'success' | 'error' | 'info';

export function toast(kind: Kind, message: string, options?: ExternalToast) {
  void import('sonner').then(({ toast: show }) => show[kind](message, options));
}
