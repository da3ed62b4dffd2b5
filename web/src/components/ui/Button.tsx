// The one button, in four looks. A `busy` button is disabled and says so to screen readers.
import type { ButtonHTMLAttributes } from 'react';

const LOOKS = {
  primary: 'bg-violet-700 text-white hover:bg-violet-800 disabled:bg-violet-300',
  secondary: 'border border-stone-300 bg-white text-stone-800 hover:bg-stone-50 disabled:text-stone-400',
  ghost: 'text-stone-700 hover:bg-stone-100 disabled:text-stone-400',
  danger: 'bg-red-700 text-white hover:bg-red-800 disabled:bg-red-300',
} as const;

const SIZES = { sm: 'h-8 px-3 text-sm', md: 'h-10 px-4 text-sm', lg: 'h-12 px-6 text-base' } as const;

export function buttonClass(look: keyof typeof LOOKS = 'primary', size: keyof typeof SIZES = 'md') {
  return `inline-flex items-center justify-center gap-2 rounded-lg font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-violet-600 disabled:cursor-not-allowed ${LOOKS[look]} ${SIZES[size]}`;
}

export function Button({
  look = 'primary',
  size = 'md',
  busy = false,
  className = '',
  type = 'button',
  disabled,
  children,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  look?: keyof typeof LOOKS;
  size?: keyof typeof SIZES;
  busy?: boolean;
}) {
  return (
    <button
      type={type}
      className={`${buttonClass(look, size)} ${className}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...props}
    >
      {busy && (
        <span
          aria-hidden="true"
          className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent"
        />
      )}
      {children}
    </button>
  );
}
