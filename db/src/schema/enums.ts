// Postgres enums built from the lists in shared/, so the database and the API cannot drift apart.
import { pgEnum } from 'drizzle-orm/pg-core';
import {
  ENGINES,
  GENERATION_STATUSES,
  IMAGE_FORMATS,
  JOB_FAILURE_CODES,
  JOB_STATUSES,
  LEDGER_KINDS,
  NOTIFICATION_TYPES,
  PURCHASE_STATUSES,
  SESSION_KINDS,
  STYLE_STATUSES,
  USER_ROLES,
  VISIBILITIES,
  LOCALES,
} from '@style-license/shared';

export const userRole = pgEnum('user_role', USER_ROLES);
export const locale = pgEnum('locale', LOCALES);
export const sessionKind = pgEnum('session_kind', SESSION_KINDS);
export const styleStatus = pgEnum('style_status', STYLE_STATUSES);
export const jobStatus = pgEnum('job_status', JOB_STATUSES);
export const generationStatus = pgEnum('generation_status', GENERATION_STATUSES);
export const visibility = pgEnum('visibility', VISIBILITIES);
export const engine = pgEnum('engine', ENGINES);
export const ledgerKind = pgEnum('ledger_kind', LEDGER_KINDS);
export const purchaseStatus = pgEnum('purchase_status', PURCHASE_STATUSES);
export const notificationType = pgEnum('notification_type', NOTIFICATION_TYPES);
export const imageFormat = pgEnum('image_format', IMAGE_FORMATS);
export const jobFailureCode = pgEnum('job_failure_code', JOB_FAILURE_CODES);
