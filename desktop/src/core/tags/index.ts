/**
 * Tagging in the studio core: the undoable editor, autocomplete and caption sidecars, all over a TagStore.
 * Every function here takes zod-validated input and refuses bad input with AppError, changing nothing.
 */
export * from './editor';
export * from './history';
export * from './operations';
export * from './find-replace';
export * from './autocomplete';
export * from './sidecars';
export { MAX_IMAGE_TAGS, MAX_SELECTION } from './input';
