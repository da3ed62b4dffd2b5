/**
 * How the signature will be stamped on every image: a generated sample picture with the signature laid
 * over it by stamp.ts (the worker's rules and the shared geometry). A new file is first normalised as the
 * server will (trimmed, scaled to the stored height); the current signature is already in stored form.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  SIGNATURE_RULES,
  compositeSignatureLayer,
  layerFromInk,
  type OutlineColour,
} from '@style-license/shared';
import { SAMPLE_SIZE, drawSample, type SampleTone } from './sample-picture';
import { stampGeometry, storedSignature, trimBounds } from './stamp';

export type SignatureSource = { kind: 'file'; file: File } | { kind: 'stored'; url: string };

type Outcome =
  | { state: 'empty' }
  | { state: 'stamped'; outline: OutlineColour }
  | { state: 'blank' }
  | { state: 'unreadable' };

const TONES: SampleTone[] = ['light', 'dark'];

/** Preview decoding stays cheap: a huge canvas is drawn at most this wide before trimming. */
const DECODE_MAX_SIDE = 2400;

function loadImage(src: string, crossOrigin: boolean): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    if (crossOrigin) img.crossOrigin = 'anonymous';
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('unreadable'));
    img.src = src;
  });
}

function canvasOf(width: number, height: number) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return { canvas, ctx: canvas.getContext('2d', { willReadFrequently: true })! };
}

/** The signature as the server stores it: for a new file, trimmed and scaled to the stored height. */
function storedForm(img: HTMLImageElement, normalise: boolean): HTMLCanvasElement | null {
  if (!normalise) {
    const { canvas, ctx } = canvasOf(img.naturalWidth, img.naturalHeight);
    ctx.drawImage(img, 0, 0);
    return canvas;
  }
  const scale = Math.min(1, DECODE_MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
  const source = canvasOf(
    Math.max(1, Math.round(img.naturalWidth * scale)),
    Math.max(1, Math.round(img.naturalHeight * scale)),
  );
  source.ctx.drawImage(img, 0, 0, source.canvas.width, source.canvas.height);
  const pixels = source.ctx.getImageData(0, 0, source.canvas.width, source.canvas.height);
  const trim = trimBounds(pixels);
  if (!trim) return null;
  const stored = storedSignature(trim);
  const out = canvasOf(stored.size.width, stored.size.height);
  out.ctx.imageSmoothingQuality = 'high';
  out.ctx.drawImage(
    source.canvas,
    trim.left,
    trim.top,
    trim.width,
    trim.height,
    stored.ink.left,
    stored.ink.top,
    stored.ink.width,
    stored.ink.height,
  );
  return out.canvas;
}

/**
 * Draws the sample and stamps the signature on it; says what happened. Null when `signal` was aborted
 * while the image decoded (a newer file or tone took over): then it draws nothing, so an older render that
 * finishes last cannot stamp its signature over the newer one.
 */
async function render(
  target: HTMLCanvasElement,
  tone: SampleTone,
  source: SignatureSource | null,
  signal: AbortSignal,
): Promise<Outcome | null> {
  const ctx = target.getContext('2d', { willReadFrequently: true });
  if (!ctx) return { state: 'empty' };
  drawSample(ctx, tone);
  if (!source) return { state: 'empty' };
  const url = source.kind === 'file' ? URL.createObjectURL(source.file) : source.url;
  try {
    const img = await loadImage(url, source.kind === 'stored');
    // The only wait: everything below draws at once, so this one check keeps an old render off the canvas.
    if (signal.aborted) return null;
    const stored = storedForm(img, source.kind === 'file');
    if (!stored) return { state: 'blank' };
    const { box } = stampGeometry(SAMPLE_SIZE, stored);
    const ink = canvasOf(box.width, box.height);
    ink.ctx.imageSmoothingQuality = 'high';
    ink.ctx.drawImage(stored, 0, 0, box.width, box.height);
    const layer = layerFromInk(ink.ctx.getImageData(0, 0, box.width, box.height), box, SAMPLE_SIZE.width);
    const picture = ctx.getImageData(0, 0, SAMPLE_SIZE.width, SAMPLE_SIZE.height);
    compositeSignatureLayer(
      { data: picture.data, width: picture.width, height: picture.height, channels: 4 },
      layer,
    );
    ctx.putImageData(picture, 0, 0);
    return { state: 'stamped', outline: layer.outlineColour };
  } catch {
    return signal.aborted ? null : { state: 'unreadable' };
  } finally {
    if (source.kind === 'file') URL.revokeObjectURL(url);
  }
}

export function SignaturePreview({ source }: { source: SignatureSource | null }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  const [tone, setTone] = useState<SampleTone>('light');
  const [outcome, setOutcome] = useState<Outcome>({ state: 'empty' });

  useEffect(() => {
    // A newer source or tone aborts this render before it draws (not only before it reports).
    const controller = new AbortController();
    if (ref.current)
      void render(ref.current, tone, source, controller.signal).then((o) => {
        if (o && !controller.signal.aborted) setOutcome(o);
      });
    return () => controller.abort();
  }, [source, tone]);

  const rules = {
    width: Math.round(SIGNATURE_RULES.widthRatio * 100),
    opacity: Math.round(SIGNATURE_RULES.opacity * 100),
  };
  return (
    <figure className="overflow-hidden rounded-xl border border-stone-200 bg-white shadow-sm">
      <div className="flex items-center justify-between gap-3 border-b border-stone-100 px-4 py-3">
        <figcaption className="text-sm font-medium text-stone-800">{t('artist.preview.title')}</figcaption>
        <div
          role="group"
          aria-label={t('artist.preview.background')}
          className="flex rounded-lg bg-stone-100 p-0.5 text-xs"
        >
          {TONES.map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={tone === option}
              onClick={() => setTone(option)}
              className={`rounded-md px-2.5 py-1 font-medium focus-visible:outline-2 focus-visible:outline-violet-600 ${tone === option ? 'bg-white text-stone-900 shadow-sm' : 'text-stone-600'}`}
            >
              {t(`artist.preview.${option}`)}
            </button>
          ))}
        </div>
      </div>
      <canvas
        ref={ref}
        width={SAMPLE_SIZE.width}
        height={SAMPLE_SIZE.height}
        role="img"
        aria-label={t('artist.preview.alt')}
        className="block aspect-[3/2] w-full"
      />
      <div className="space-y-1 px-4 py-3 text-sm text-stone-600" aria-live="polite">
        {outcome.state === 'empty' && <p>{t('artist.preview.empty')}</p>}
        {outcome.state === 'stamped' && <p>{t(`artist.preview.outline.${outcome.outline}`)}</p>}
        {outcome.state === 'blank' && <p className="text-red-700">{t('artist.preview.blank')}</p>}
        {outcome.state === 'unreadable' && <p className="text-red-700">{t('artist.preview.unreadable')}</p>}
        <p className="text-xs text-stone-500">{t('artist.preview.rules', rules)}</p>
      </div>
    </figure>
  );
}
