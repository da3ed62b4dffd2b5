// Who is signed in, from `auth.me` (null when nobody is). Signing in is a full-page trip through the
// identity provider (`/auth/signin`), which brings the visitor back to `returnTo` on this site.
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

export function useMe() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
}

export function signInHref(returnTo: string): string {
  return `/auth/signin?returnTo=${encodeURIComponent(returnTo)}`;
}

export function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}
