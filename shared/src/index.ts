// Browser-safe: nothing here may import Node built-ins, because web and desktop renderer load it too.
export * from './errors';
export * from './domain';
export * from './queue';
export * from './i18n/index';
export * from './names';
export * from './schemas/health';
export * from './schemas/accounts';
export * from './schemas/artists';
export * from './schemas/profile';
export * from './schemas/tokens';
export * from './jobs';
export * from './failures';
export * from './schemas/styles';
export * from './schemas/training';
export * from './signing';
export * from './signature-layer';
export * from './schemas/generation';
