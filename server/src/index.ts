export { buildApp } from './app';
export { loadServerConfig, serverShape, type ServerConfig } from './config';
export type { ServerDeps } from './deps';
export type { AppRouter } from './trpc/router';
export { enqueue } from './messaging/outbox';
export { startOutboxRelay, type OutboxRelay } from './messaging/relay';
export { consumeOnce } from './messaging/consume-once';
export { startServer, serverLogger, type RunningServer } from './start';
export {
  seedDemoContent,
  startDemoContent,
  type DemoOptions,
  type DemoReport,
  type DemoRun,
} from './demo/seed';
export { DEMO_ARTISTS, type DemoArtworks, type DemoLook } from './demo/content';
