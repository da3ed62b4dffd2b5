// Publishing from the studio: the persistent upload queue and the platform API it calls.
export {
  createHttpPublishApi,
  PublishApiError,
  type ConfirmResult,
  type HttpPublishApiOptions,
  type PublishApi,
} from './api';
export {
  enqueueSchema,
  openUploadQueue,
  queueOptionsSchema,
  type EnqueueInput,
  type UploadQueue,
} from './upload-queue';
export type { QueueRunState, UploadEvent, UploadItemView, UploadReport } from './queue-report';
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
