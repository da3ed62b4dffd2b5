// `npm test` gives the browser journeys a Chromium, installing Debian's package as it does RabbitMQ's.
import { describe, expect, it } from 'vitest';

type Run = (command: string, args: string[], env?: Record<string, string>) => Promise<string>;
interface Chromium {
  DEBIAN_CHROMIUM: string;
  HANGUL_FONT_DIR: string;
  ensureChromium(options: {
    env?: Record<string, string | undefined>;
    isRoot?: boolean;
    exists?: (path: string) => boolean;
    run?: Run;
    sleep?: (ms: number) => Promise<void>;
  }): Promise<string>;
}
// A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
const { DEBIAN_CHROMIUM, HANGUL_FONT_DIR, ensureChromium } = (await import(
  new URL('../services/chromium.mjs', import.meta.url).href
)) as Chromium;

/** A machine whose files are `present`; apt-get install adds /usr/bin/chromium. Records apt's steps. */
function machine(present: string[], { aptKnows = true } = {}) {
  const files = new Set(present);
  const steps: string[] = [];
  const run: Run = async (command, args) => {
    const words = [command, ...args.filter((a) => !a.startsWith('-') && !a.includes('::'))].join(' ');
    steps.push(words);
    if (words.startsWith('apt-cache policy')) return aptKnows ? 'Candidate: 156.0-1~deb12u1\n' : '';
    if (words === 'apt-get install chromium') files.add(DEBIAN_CHROMIUM);
    if (words === 'apt-get install fonts-nanum') files.add(HANGUL_FONT_DIR);
    return '';
  };
  return { run, steps, exists: (path: string) => files.has(path), sleep: async () => {} };
}

describe('finding or installing Chromium for the browser journeys', () => {
  it('uses the installed one and runs no apt', async () => {
    const m = machine([DEBIAN_CHROMIUM, HANGUL_FONT_DIR]);
    await expect(ensureChromium({ ...m, env: {}, isRoot: true })).resolves.toBe(DEBIAN_CHROMIUM);
    expect(m.steps).toEqual([]);
  });

  it('adds a Hangul font when there is none, so Korean pages render their text', async () => {
    const m = machine([DEBIAN_CHROMIUM]);
    await expect(ensureChromium({ ...m, env: {}, isRoot: true })).resolves.toBe(DEBIAN_CHROMIUM);
    expect(m.steps).toEqual(['apt-cache policy fonts-nanum', 'apt-get install fonts-nanum']);
  });

  it('installs the Debian package as root when it is missing', async () => {
    const m = machine([]);
    await expect(ensureChromium({ ...m, env: {}, isRoot: true })).resolves.toBe(DEBIAN_CHROMIUM);
    expect(m.steps.slice(0, 2)).toEqual(['apt-cache policy chromium', 'apt-get install chromium']);
  });

  it('refreshes the package lists only when apt does not know the package', async () => {
    const m = machine([], { aptKnows: false });
    await ensureChromium({ ...m, env: {}, isRoot: true });
    expect(m.steps.slice(0, 3)).toEqual([
      'apt-cache policy chromium',
      'apt-get update',
      'apt-get install chromium',
    ]);
  });

  it('does not try apt without root, and says how to get one', async () => {
    const m = machine([]);
    await expect(ensureChromium({ ...m, env: {}, isRoot: false })).rejects.toThrow(
      /apt-get install chromium.*CHROMIUM_PATH/,
    );
    expect(m.steps).toEqual([]);
  });

  it('takes CHROMIUM_PATH as given, and refuses one that does not exist', async () => {
    const m = machine(['/opt/chrome/chrome']);
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome' };
    await expect(ensureChromium({ ...m, env, isRoot: true })).resolves.toBe('/opt/chrome/chrome');
    await expect(
      ensureChromium({ ...m, env: { CHROMIUM_PATH: '/nowhere/chrome' }, isRoot: true }),
    ).rejects.toThrow(/CHROMIUM_PATH/);
    expect(m.steps).toEqual([]);
  });
});
