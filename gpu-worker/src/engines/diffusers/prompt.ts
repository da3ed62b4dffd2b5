/**
 * How a style is named to its LoRA and how a buyer's request becomes a prompt. Every caption a style was
 * trained on starts with its trigger token, so every prompt for it starts with the same token; the
 * token and the training seed come from the style's id, so a retrain of one style is reproducible.
 */
import { createHash } from 'node:crypto';
import type { GenerationRequest } from '../engine';

/** A word no base model knows, unique per style: `slstyle` and 8 hex digits of the style's id. */
export function triggerFor(styleId: string | undefined): string {
  return `slstyle${
    (styleId ?? '')
      .replace(/[^0-9a-f]/gi, '')
      .slice(0, 8)
      .toLowerCase() || 'base'
  }`;
}

export function seedFor(styleId: string | undefined): number {
  return (
    createHash('sha256')
      .update(styleId ?? '')
      .digest()
      .readUInt32BE(0) % 2_147_483_647
  );
}

/** What a diffusion model should steer away from in any style: defects, not content. */
export const NEGATIVE_PROMPT = 'lowres, blurry, jpeg artifacts, deformed, bad anatomy';

/** Trigger first (as in training captions), then the chosen tags, then the buyer's own words. */
export function promptFor(request: Pick<GenerationRequest, 'styleId' | 'tags' | 'text'>): string {
  return [triggerFor(request.styleId), ...request.tags, request.text.trim()].filter(Boolean).join(', ');
}
