export { listCandidateImages } from './core/training-set';
