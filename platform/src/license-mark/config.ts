/**
 * The mark's key, read by the worker (which embeds) and the server (which reads): both must hold the
 * same one. Unset, development and tests use the public default, so anyone with this code could read
 * marks and, worse, forge them for any license id; production therefore refuses it.
 */
import { z } from 'zod';
import { DEFAULT_MARK_KEY } from './layout';

export const licenseMarkShape = {
  /** A secret of at least 32 characters shared by servers and workers. Changing it orphans every earlier mark. */
  LICENSE_MARK_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
};

export interface LicenseMarkConfig {
  NODE_ENV: string;
  LICENSE_MARK_KEY?: string | undefined;
}

export const markKeyOf = (config: LicenseMarkConfig) => config.LICENSE_MARK_KEY ?? DEFAULT_MARK_KEY;

export function licenseMarkProblems(config: LicenseMarkConfig): string[] {
  if (config.NODE_ENV !== 'production' || config.LICENSE_MARK_KEY) return [];
  return [
    'LICENSE_MARK_KEY: must be set to a secret of your own in production (the public default key is refused)',
  ];
}
