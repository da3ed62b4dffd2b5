/**
 * The CPU "quilt" engine: training builds a compact style model (Lab palette + tag-indexed texture
 * patches), generation quilts a new image from it (Efros & Freeman 2001). TypeScript and sharp only.
 */
export {
  trainQuilt,
  type QuiltTrainingImage,
  type QuiltTrainingOptions,
  type TrainingProgress,
} from './train';
export { generateQuilt, synthesiseQuilt, type QuiltGenerationRequest, type QuiltSynthesis } from './generate';
export {
  decodeQuiltModel,
  encodeQuiltModel,
  readImageLibrary,
  QUILT_FORMAT_VERSION,
  type QuiltModel,
  type QuiltModelHeader,
} from './artifact';
export { normaliseTags, selectSourceImages } from './tags';
