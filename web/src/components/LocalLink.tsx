// A link within the current language: `to="/search"` goes to `/ko/search` on a Korean page.
import { Link, NavLink, type LinkProps, type NavLinkProps } from 'react-router';
import { useLocalePath } from '../lib/use-locale';

export function LocalLink({ to, ...props }: Omit<LinkProps, 'to'> & { to: string }) {
  const localePath = useLocalePath();
  return <Link to={localePath(to)} {...props} />;
}

export function LocalNavLink({ to, ...props }: Omit<NavLinkProps, 'to'> & { to: string }) {
  const localePath = useLocalePath();
  return <NavLink to={localePath(to)} {...props} />;
}
