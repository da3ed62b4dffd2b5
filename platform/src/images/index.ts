/** Image facts checked by content, shared by the server and the desktop studio (Node only, sharp). */
export { imageEnd, sniffRasterFormat, type RasterFormat } from './format';
export { hammingDistance, NEAR_DUPLICATE_BITS, perceptualHash } from './perceptual-hash';
export { COPY_MATCH_BITS, copyHash, copyHashOfGrid } from './copy-hash';
