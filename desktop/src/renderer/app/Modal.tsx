// A Radix dialog in the studio's look: focus trapped, Escape closes, focus goes back where it was.
import { Dialog } from 'radix-ui';
import { useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Modal({
  open,
  onOpenChange,
  title,
  description,
  size = 'md',
  onKeyDown,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  size?: 'md' | 'lg' | 'full';
  onKeyDown?: (event: KeyboardEvent) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  // Most dialogs open from a key, not a Radix trigger: focus goes back to what had it (the grid).
  const returnTo = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open && document.activeElement instanceof HTMLElement) returnTo.current = document.activeElement;
  }, [open]);
  const width = { md: 'max-w-lg', lg: 'max-w-3xl', full: 'max-w-[min(96vw,1600px)] h-[92vh]' }[size];
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-stone-900/50" />
        <Dialog.Content
          onKeyDown={onKeyDown}
          onCloseAutoFocus={(event) => {
            if (!returnTo.current?.isConnected) return;
            event.preventDefault();
            returnTo.current.focus();
          }}
          {...(description ? {} : { 'aria-describedby': undefined })}
          className={`fixed top-1/2 left-1/2 z-50 flex max-h-[92vh] w-[calc(100%-1.5rem)] -translate-x-1/2 -translate-y-1/2 flex-col rounded-xl bg-white p-4 shadow-xl sm:p-5 ${width}`}
        >
          <div className="mb-3 flex items-start gap-3">
            <Dialog.Title className="min-w-0 flex-1 text-lg font-semibold break-words text-stone-900">
              {title}
            </Dialog.Title>
            <Dialog.Close
              aria-label={t('desktop.actions.close')}
              className="rounded-lg px-2 text-xl leading-none text-stone-600 hover:bg-stone-100"
            >
              ×
            </Dialog.Close>
          </div>
          {description && (
            <Dialog.Description className="mb-3 text-sm text-stone-600">{description}</Dialog.Description>
          )}
          <div className="min-h-0 flex-1 overflow-auto">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
