/** Test support for the worker's engines: synthetic artworks and colour-histogram measurements. */
export {
  ARTISTS,
  MEDIUM,
  SUBJECTS,
  makeArtwork,
  makeTrainingSet,
  subjectFor,
  type Artist,
  type ArtworkOptions,
  type Subject,
  type TrainingArtwork,
} from './artworks';
export { chiSquareDistance, colourHistogram, setHistogram } from './colour-histograms';
