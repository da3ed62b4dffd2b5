/**
 * The file formats that carry our manifests, each with the c2pa-ts asset that finds and places the
 * manifest store in it: PNG (a `caBX` chunk before the first IDAT), JPEG (APP11 JUMBF segments), and
 * WebP (a `C2PA` RIFF chunk at the end, our own asset since c2pa-ts has none).
 */
import { JPEG, PNG, type Asset } from '@trustnxt/c2pa-ts/asset';
import { WebPAsset } from './webp-asset';

export type CredentialFormat = 'png' | 'webp' | 'jpeg';

const ASSETS = {
  png: PNG,
  jpeg: JPEG,
  webp: WebPAsset,
} satisfies Record<CredentialFormat, { canRead(data: Uint8Array): boolean; new (data: Uint8Array): Asset }>;

/** The format the bytes start like, or undefined for anything else. */
export function detectFormat(file: Uint8Array): CredentialFormat | undefined {
  return (Object.keys(ASSETS) as CredentialFormat[]).find((format) => ASSETS[format].canRead(file));
}

/**
 * The asset over a private copy of the bytes: the caller's buffer is never written, and c2pa-ts's
 * parsers get a buffer of their own (a pooled Node Buffer shares its ArrayBuffer with others).
 */
export function assetOf(file: Uint8Array, format: CredentialFormat): Asset {
  const Type = ASSETS[format];
  if (!Type.canRead(file)) throw new Error(`the file is not a ${format.toUpperCase()} file`);
  return new Type(new Uint8Array(file));
}
