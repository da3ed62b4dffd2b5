export * from './enums';
export * from './accounts';
export * from './styles';
export * from './generations';
export * from './tokens';
export * from './social';
export * from './messaging';
export * from './security';
