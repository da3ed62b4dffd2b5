// A generated sample picture to stamp the signature on: a calm landscape, light or dark, so the artist
// sees both outline colours' surroundings. Drawn, not downloaded: nothing to load, nothing licensed.
export type SampleTone = 'light' | 'dark';

export const SAMPLE_SIZE = { width: 768, height: 512 } as const;

export function drawSample(ctx: CanvasRenderingContext2D, tone: SampleTone) {
  const { width: w, height: h } = SAMPLE_SIZE;
  const light = tone === 'light';
  const sky = ctx.createLinearGradient(0, 0, 0, h);
  sky.addColorStop(0, light ? '#fde7d4' : '#1e1b4b');
  sky.addColorStop(0.55, light ? '#f9c8c2' : '#4c1d95');
  sky.addColorStop(1, light ? '#e9d5ff' : '#831843');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, w, h);

  // The sun (or moon), with a soft glow.
  const glow = ctx.createRadialGradient(w * 0.7, h * 0.32, 10, w * 0.7, h * 0.32, 160);
  glow.addColorStop(0, light ? 'rgba(255,245,220,0.95)' : 'rgba(254,240,138,0.6)');
  glow.addColorStop(1, 'rgba(255,255,255,0)');
  ctx.fillStyle = glow;
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = light ? '#fff7ed' : '#fef9c3';
  ctx.beginPath();
  ctx.arc(w * 0.7, h * 0.32, 46, 0, Math.PI * 2);
  ctx.fill();

  if (!light) {
    ctx.fillStyle = 'rgba(255,255,255,0.8)';
    for (let i = 0; i < 40; i++) {
      const x = (i * 997) % w;
      const y = (i * 613) % (h * 0.5);
      ctx.fillRect(x, y, 2, 2);
    }
  }

  // Three ranges of hills, lighter in the distance.
  const ranges = light ? ['#c4b5fd', '#a78bfa', '#6d28d9'] : ['#6b21a8', '#3b0764', '#1c0a2e'];
  ranges.forEach((colour, i) => {
    const base = h * (0.58 + i * 0.13);
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.moveTo(0, h);
    ctx.lineTo(0, base);
    for (let x = 0; x <= w; x += 8) {
      const y = base - Math.sin(x / (90 + i * 40) + i * 1.7) * (26 - i * 4) - Math.sin(x / 37 + i) * 6;
      ctx.lineTo(x, y);
    }
    ctx.lineTo(w, h);
    ctx.closePath();
    ctx.fill();
  });
}
