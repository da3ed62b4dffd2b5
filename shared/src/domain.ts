/**
 * Enumerations of the data model that the API, the database and the clients all speak.
 * The database schema builds its enums from these lists, so there is one source of truth.
 */
export const USER_ROLES = ['user', 'artist'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const SESSION_KINDS = ['web', 'desktop'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const STYLE_STATUSES = ['draft', 'queued', 'training', 'ready', 'failed', 'archived'] as const;
export type StyleStatus = (typeof STYLE_STATUSES)[number];

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const GENERATION_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

export const VISIBILITIES = ['private', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const ENGINES = ['quilt', 'diffusers-lora'] as const;
export type Engine = (typeof ENGINES)[number];

/** The file type of each engine's trained model: quilt's own format, or a LoRA adapter in safetensors. */
export const ENGINE_ARTIFACT_EXTENSIONS: Record<Engine, string> = {
  quilt: 'quilt',
  'diffusers-lora': 'safetensors',
};

export const LEDGER_KINDS = [
  'purchase',
  'generation_charge',
  'generation_refund',
  'artist_earning',
  'adjustment',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const PURCHASE_STATUSES = ['pending', 'paid', 'failed', 'expired'] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

/** What the platform tells a user about; clients word each from its type and payload (schemas/notifications). */
export const NOTIFICATION_TYPES = [
  'model_training_completed',
  'model_training_failed',
  'image_generation_completed',
  'image_generation_failed',
  'image_liked',
  'image_commented',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const IMAGE_FORMATS = ['jpeg', 'png'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Price per generated image, in tokens; the database enforces the same bounds with a CHECK. */
export const STYLE_PRICE = { min: 1, max: 10000 } as const;

/**
 * The smallest side a signature may have, as uploaded and once its empty border is trimmed (the server's
 * visibility check; clients name it when they refuse one). Here, not with the schemas, so naming it loads no zod.
 */
export const SIGNATURE_MIN_SIDE_PX = 16;
