// The account menu (Radix's accessible dropdown: arrow keys, Escape, focus return). On a phone it also
// carries the main navigation, which the header has no room for.
import { DropdownMenu } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Me } from '@style-license/shared';
import { useSignOut } from '../../lib/sign-out';
import { useLocalePath } from '../../lib/use-locale';

const itemClass =
  'flex cursor-pointer items-center rounded-md px-3 py-2 text-sm text-stone-800 outline-none data-[highlighted]:bg-violet-50 data-[highlighted]:text-violet-900';

export function AccountMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const localePath = useLocalePath();
  const { here: signOut } = useSignOut();
  const go = (path: string) => () => void navigate(localePath(path));
  const initial = [...me.displayName][0]?.toUpperCase() ?? '?';

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label={t('common.nav.menu')}
        className="flex size-9 items-center justify-center rounded-full bg-violet-700 text-sm font-semibold text-white outline-offset-2 focus-visible:outline-2 focus-visible:outline-violet-600"
      >
        {me.avatarUrl ? (
          <img src={me.avatarUrl} alt="" className="size-9 rounded-full object-cover" />
        ) : (
          initial
        )}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-xl border border-stone-200 bg-white p-1.5 shadow-lg"
        >
          <DropdownMenu.Label className="truncate px-3 py-2 text-xs text-stone-500">
            {me.displayName}
          </DropdownMenu.Label>
          <DropdownMenu.Item className={`${itemClass} md:hidden`} onSelect={go('/search')}>
            {t('common.nav.search')}
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} onSelect={go('/images')}>
            {t('common.nav.myImages')}
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} onSelect={go('/tokens')}>
            {t('common.nav.tokens')}
          </DropdownMenu.Item>
          {me.role === 'artist' ? (
            <DropdownMenu.Item className={itemClass} onSelect={go('/studio')}>
              {t('common.nav.studio')}
            </DropdownMenu.Item>
          ) : (
            <DropdownMenu.Item className={itemClass} onSelect={go('/artist/apply')}>
              {t('common.nav.becomeArtist')}
            </DropdownMenu.Item>
          )}
          <DropdownMenu.Item className={itemClass} onSelect={go('/notifications')}>
            {t('common.nav.notifications')}
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} onSelect={go('/verify')}>
            {t('common.nav.verify')}
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} onSelect={go('/account')}>
            {t('common.nav.account')}
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="my-1 h-px bg-stone-200" />
          <DropdownMenu.Item className={itemClass} onSelect={() => signOut.mutate()}>
            {t('common.nav.signOut')}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
