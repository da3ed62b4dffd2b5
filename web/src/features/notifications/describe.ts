/**
 * A notification in words, in the reader's language, from its type and payload, and the page of its
 * cause. Payloads are written by the server's event handlers (server/src/domains/training/events.ts and
 * generation/events.ts); they are read defensively here, since old rows may lack a field: a missing name
 * falls back to neutral words, an unknown type to a generic line, and nothing raw is ever shown.
 */
import type { TFunction } from 'i18next';
import type { Locale, NotificationType } from '@style-license/shared';
import { describeJobFailure } from '../../lib/job-failures';

export interface NotificationLike {
  type: string;
  payload?: unknown;
}

export interface DescribedNotification {
  title: string;
  body: string;
  /** A path within the language (`/studio/<id>`, `/images/<id>`), or null when it points nowhere. */
  to: string | null;
}

type Payload = Record<string, unknown>;

const str = (p: Payload, key: string): string | null =>
  typeof p[key] === 'string' && (p[key] as string).length > 0 ? (p[key] as string) : null;
const num = (p: Payload, key: string): number | null =>
  typeof p[key] === 'number' && Number.isFinite(p[key]) ? (p[key] as number) : null;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An id only goes into a link when it is one: a payload never steers the reader somewhere else. */
const id = (p: Payload, key: string): string | null => {
  const value = str(p, key);
  return value && UUID.test(value) ? value : null;
};

function failureSentence(
  kind: 'generation' | 'training',
  p: Payload,
  t: TFunction,
  locale: Locale,
): string | null {
  return describeJobFailure(kind, { code: str(p, 'reasonCode'), seconds: num(p, 'seconds') }, t, locale);
}

export function describeNotification(
  notification: NotificationLike,
  t: TFunction,
  locale: Locale,
): DescribedNotification {
  const p: Payload =
    notification.payload && typeof notification.payload === 'object' ? (notification.payload as Payload) : {};
  const type = notification.type as NotificationType;
  const style = str(p, 'styleName') ?? t('notifications.yourStyle');
  const styleId = id(p, 'styleId');

  switch (type) {
    case 'model_training_completed': {
      const version = num(p, 'version');
      return {
        title: t('notifications.types.model_training_completed.title'),
        body:
          version === null ? '' : t('notifications.types.model_training_completed.body', { style, version }),
        to: styleId ? `/studio/${styleId}` : '/studio',
      };
    }
    case 'model_training_failed': {
      const reason = failureSentence('training', p, t, locale) ?? t('jobFailures.training.processing_failed');
      const kept = num(p, 'keptVersion');
      const body = t('notifications.types.model_training_failed.body', { style, reason });
      return {
        title: t('notifications.types.model_training_failed.title'),
        body:
          kept === null
            ? body
            : `${body} ${t('notifications.types.model_training_failed.kept', { version: kept })}`,
        to: styleId ? `/studio/${styleId}` : '/studio',
      };
    }
    case 'image_generation_completed':
      return {
        title: t('notifications.types.image_generation_completed.title'),
        body: t('notifications.types.image_generation_completed.body', { style }),
        to: '/images',
      };
    case 'image_generation_failed':
      return {
        title: t('notifications.types.image_generation_failed.title'),
        body: t('notifications.types.image_generation_failed.body', {
          reason:
            failureSentence('generation', p, t, locale) ?? t('jobFailures.generation.processing_failed'),
        }),
        to: '/images',
      };
    case 'image_liked': {
      const generationId = id(p, 'generationId');
      return {
        title: t('notifications.types.image_liked.title'),
        body: t('notifications.types.image_liked.body', {
          name: str(p, 'likerName') ?? t('notifications.someone'),
          style,
        }),
        to: generationId ? `/images/${generationId}` : null,
      };
    }
    case 'image_commented': {
      const generationId = id(p, 'generationId');
      const excerpt = str(p, 'excerpt');
      const body = t('notifications.types.image_commented.body', {
        name: str(p, 'authorName') ?? t('notifications.someone'),
        style,
      });
      return {
        title: t('notifications.types.image_commented.title'),
        body: excerpt ? `${body} “${excerpt}”` : body,
        to: generationId ? `/images/${generationId}` : null,
      };
    }
    default:
      return {
        title: t('notifications.types.generic.title'),
        body: t('notifications.types.generic.body'),
        to: null,
      };
  }
}
