import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../lib/i18n';
import { SignaturePreview, type SignatureSource } from './SignaturePreview';

initI18n('en');

/** Every write to the on-screen canvas (the one with role img), by drawing call. */
let writes: string[] = [];
/** Images being decoded, by source URL, to be finished by the test in any order. */
const decoding = new Map<string, { done: () => void }>();

function fakeContext(canvas: HTMLCanvasElement) {
  const onScreen = () => canvas.getAttribute('role') === 'img';
  return new Proxy(
    {},
    {
      get(_, prop) {
        if (prop === 'canvas') return canvas;
        if (prop === 'getImageData')
          return (_x: number, _y: number, width: number, height: number) => {
            // Transparent in the top-left corner, opaque ink elsewhere: something to trim and stamp.
            const data = new Uint8ClampedArray(width * height * 4);
            for (let i = 4; i < data.length; i += 4) data[i + 3] = 255;
            return { data, width, height };
          };
        if (prop === 'createLinearGradient' || prop === 'createRadialGradient')
          return () => ({ addColorStop: () => undefined });
        return () => {
          if (onScreen()) writes.push(String(prop));
        };
      },
      set: () => true,
    },
  );
}

class FakeImage {
  naturalWidth = 40;
  naturalHeight = 20;
  crossOrigin = '';
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  set src(url: string) {
    decoding.set(url, { done: () => this.onload?.() });
  }
}

beforeEach(() => {
  writes = [];
  decoding.clear();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    return fakeContext(this) as never;
  });
  vi.stubGlobal('Image', FakeImage);
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:${++n}`);
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const fileSource = (name: string): SignatureSource => ({
  kind: 'file',
  file: new File(['x'], name, { type: 'image/png' }),
});

describe('SignaturePreview', () => {
  it('lets a newer file win: the older render, finishing last, draws nothing on the canvas', async () => {
    const { rerender } = render(<SignaturePreview source={fileSource('old.png')} />);
    rerender(<SignaturePreview source={fileSource('new.png')} />);
    expect([...decoding.keys()]).toEqual(['blob:1', 'blob:2']);
    // The newer one decodes first and stamps its signature…
    await act(async () => decoding.get('blob:2')!.done());
    expect(writes).toContain('putImageData');
    expect(await screen.findByText(/gets a (white|black) outline/)).toBeInTheDocument();
    const drawn = writes.length;
    // …then the older one finishes: it must not draw over it.
    await act(async () => decoding.get('blob:1')!.done());
    expect(writes).toHaveLength(drawn);
  });
});
