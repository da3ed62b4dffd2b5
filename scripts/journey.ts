/**
 * A newcomer's whole journey against a running server (`npm start` in another terminal), through the
 * same HTTP endpoints a browser uses: sign in with the development provider, become an artist, buy
 * tokens on the development checkout, train a style from 10 images, buy an image in it, download the
 * signed PNG and verify its license. `npm run journey` runs it; the `npm start` smoke test too.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { MEDIUM, makeArtwork, subjectFor, type Artist } from '@style-license/gpu-worker/testing';
import { Browser } from '../server/test/browser';

type Log = (step: string) => void;

async function drawSignature(): Promise<Buffer> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><path d="M10 100 C 100 0, 200 120, 390 20" ' +
    'stroke="#1a1a2e" stroke-width="8" fill="none" stroke-linecap="round"/></svg>';
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function client(base: string, browser = new Browser()) {
  const headers = { 'x-style-license-csrf': '1', origin: base };
  async function call<T = unknown>(path: string, input?: unknown, mutation = false): Promise<T> {
    const hop = mutation
      ? await browser.request(`${base}/trpc/${path}`, { json: input ?? {}, headers })
      : await browser.request(
          `${base}/trpc/${path}${input ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`,
        );
    if (hop.status !== 200) throw new Error(`${path} answered ${hop.status}: ${hop.body}`);
    return JSON.parse(hop.body).result.data as T;
  }
  return { browser, call };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  { ms = 60_000, pollMs = 100 } = {},
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** `browser` may come from an address of its own (sign-ins are rate limited per address). */
export async function signIn(base: string, who: { name: string; email: string }, browser = new Browser()) {
  const api = client(base, browser);
  const login = await api.browser.follow(`${base}/auth/signin`);
  const submitted = await api.browser.request(login.url, { form: who });
  await api.browser.follow(submitted.location!, (location) => location === `${base}/`);
  return api;
}

export async function buyTokens(base: string, api: ReturnType<typeof client>, packageId = 'tokens_100') {
  const checkout = await api.call<{ url: string }>('payments.createCheckout', { packageId }, true);
  const page = await api.browser.request(checkout.url);
  const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error('the development checkout page has no pay form');
  await api.browser.request(`${checkout.url}/pay`, { form: { token } });
  return api.call<{ balance: number }>('tokens.balance');
}

/**
 * `count` pictures of `look` no earlier call drew: the platform refuses a training image another
 * artist's style already holds, and every journey's artist is another artist.
 */
export async function freshTrainingSet(look: Artist, count: number) {
  const first = randomInt(0, 2 ** 40);
  return Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const subject = subjectFor(first + n);
      return {
        fileName: `${look}-${first + n}-${subject}.png`,
        data: await makeArtwork(look, first + n),
        tags: [subject, MEDIUM[look]],
      };
    }),
  );
}

export async function trainStyle(
  api: ReturnType<typeof client>,
  name: string,
  {
    tags = ['watercolour'],
    priceTokens = 5,
    look = 'ember',
  }: { tags?: string[]; priceTokens?: number; look?: Artist } = {},
) {
  const style = await api.call<{ id: string }>(
    'styles.create',
    { name, description: '', tags, priceTokens },
    true,
  );
  const images = await freshTrainingSet(look, 10);
  const files = images.map((i) => ({
    fileName: i.fileName,
    byteSize: i.data.length,
    sha256: createHash('sha256').update(i.data).digest('hex'),
  }));
  const { uploads } = await api.call<{ uploads: { url: string; uploadToken: string }[] }>(
    'training.requestUploads',
    { styleId: style.id, files },
    true,
  );
  await Promise.all(
    uploads.map((u, i) => fetch(u.url, { method: 'PUT', body: new Uint8Array(images[i]!.data) })),
  );
  await api.call(
    'training.confirmUploads',
    {
      styleId: style.id,
      uploads: uploads.map((u, i) => ({ uploadToken: u.uploadToken, tags: images[i]!.tags })),
    },
    true,
  );
  await api.call('training.submit', { styleId: style.id, rightsAttested: true }, true);
  // Every half second: training takes seconds, and each poll counts against the API rate limit.
  await until(
    'training',
    async () => (await api.call<{ status: string }>('styles.get', { styleId: style.id })).status === 'ready',
    { pollMs: 500 },
  );
  return style.id;
}

export async function generate(
  api: ReturnType<typeof client>,
  styleId: string,
  {
    tags = ['portrait'],
    pollMs = 100,
    priceTokens,
  }: {
    tags?: string[];
    pollMs?: number;
    /** The price already shown (skips the quote). */ priceTokens?: number;
  } = {},
) {
  // As a buyer's client does: show the quote (unless it was shown already), then buy at that price.
  const quote = priceTokens
    ? { priceTokens }
    : await api.call<{ priceTokens: number }>('generation.quote', { styleId });
  const created = await api.call<{ id: string }>(
    'generation.create',
    {
      styleId,
      expectedPriceTokens: quote.priceTokens,
      promptTags: tags,
      text: 'a quiet morning',
      idempotencyKey: randomUUID(),
    },
    true,
  );
  return until(
    'the image',
    async () => {
      const g = await api.call<{ status: string; id: string }>('generation.get', {
        generationId: created.id,
      });
      if (g.status === 'failed') throw new Error('generation failed');
      return g.status === 'succeeded' ? g : null;
    },
    { pollMs },
  );
}

export async function becomeArtist(api: ReturnType<typeof client>) {
  const signature = (await drawSignature()).toString('base64');
  await api.call(
    'artists.submitApplication',
    { contactEmail: 'artist@example.test', signature: { fileName: 'signature.png', dataBase64: signature } },
    true,
  );
}

export async function runJourney(base: string, log: Log = () => {}) {
  // Artist names are unique (by look-alike skeleton): a journey run again on the same data needs a new one.
  const api = await signIn(base, {
    name: `New Artist ${randomInt(1000, 10_000)}`,
    email: `artist-${randomUUID().slice(0, 8)}@example.test`,
  });
  log('signed in through the development provider');
  await becomeArtist(api);
  const me = await api.call<{ role: string; displayName: string }>('auth.me');
  log(`became an artist (${me.role})`);
  const { balance } = await buyTokens(base, api);
  log(`bought tokens on the development checkout: balance ${balance}`);
  const history = await api.call<{ entries: { kind: string; delta: number }[] }>('tokens.history', {});
  const styleId = await trainStyle(api, 'First Light');
  const notifications = (await api.call<{ items: { type: string }[] }>('notifications.list', {})).items;
  log(`trained a style from 10 images: ${styleId}`);
  const generation = await generate(api, styleId);
  log(`generated an image: ${generation.id}`);
  const { url, licenseId } = await api.call<{ url: string; licenseId: string }>('generation.download', {
    generationId: generation.id,
  });
  const file = Buffer.from(await (await fetch(url)).arrayBuffer());
  log(`downloaded the signed PNG (${file.length} bytes), license ${licenseId}`);
  const verification = await api.call<{ genuine: boolean; licenseeName?: string }>(
    'licenses.verify',
    { fileBase64: file.toString('base64') },
    true,
  );
  log(
    `verified: ${verification.genuine ? `genuine, licensed to ${verification.licenseeName}` : 'NOT genuine'}`,
  );
  return {
    me,
    balance,
    history,
    styleId,
    notifications,
    generationId: generation.id,
    file,
    licenseId,
    verification,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const base = process.argv[2] ?? 'http://127.0.0.1:3000';
  runJourney(base, (step) => console.log(`✓ ${step}`)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
