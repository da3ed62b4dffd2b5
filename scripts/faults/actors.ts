/**
 * The people using the product while the fault suite breaks it: buyers who buy tokens and generations,
 * fans who like and comment. Each behaves as a careful client: a generation whose answer was lost is
 * asked for again with the same idempotency key (so it is bought once), a like is sent again (liking is
 * idempotent), a comment is not (it could be posted twice). What each saw is counted, by outcome.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Browser } from '../../server/test/browser';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type Outcome = 'ok' | 'refused' | 'unavailable' | 'lost';

/** One call's result: `code` is the API's error code when it answered with one. */
export interface Answer<T> {
  outcome: Outcome;
  status: number;
  code?: string;
  data?: T;
}

export class Counts {
  readonly byKey = new Map<string, number>();
  add(key: string, n = 1) {
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + n);
  }
  get(key: string) {
    return this.byKey.get(key) ?? 0;
  }
  toJSON() {
    return Object.fromEntries([...this.byKey].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Calls the API as the web client does; never throws: a dead server or a dropped connection is an outcome. */
export async function call<T>(
  base: string,
  browser: Browser,
  path: string,
  input?: unknown,
  mutation = false,
): Promise<Answer<T>> {
  try {
    const hop = mutation
      ? await browser.request(`${base}/trpc/${path}`, {
          json: input ?? {},
          headers: { 'x-style-license-csrf': '1', origin: base },
        })
      : await browser.request(
          `${base}/trpc/${path}${input ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`,
        );
    if (hop.status === 200)
      return { outcome: 'ok', status: 200, data: JSON.parse(hop.body).result.data as T };
    const code = parseCode(hop.body);
    // 502 (the balancer lost the server), 503 (a dependency is down): the call may or may not have happened.
    const outcome = hop.status >= 500 ? 'unavailable' : 'refused';
    return { outcome, status: hop.status, ...(code ? { code } : {}) };
  } catch {
    return { outcome: 'lost', status: 0 };
  }
}

function parseCode(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { data?: { code?: string } } }).error?.data?.code;
  } catch {
    return undefined;
  }
}

export interface ActorContext {
  base: string;
  styleId: string;
  priceTokens: number;
  /** Public images fans like and comment on. */
  images: string[];
  counts: Counts;
  /** Ids of generations the API accepted (answered with one), by any buyer. */
  accepted: Set<string>;
  stopped: () => boolean;
}

/** Buys tokens on the development checkout, as a person would: open it, pay; each step tried again. */
async function purchase(ctx: ActorContext, browser: Browser): Promise<void> {
  ctx.counts.add('purchase:started');
  for (let attempt = 0; attempt < 10 && !ctx.stopped(); attempt++) {
    const checkout = await call<{ url: string }>(
      ctx.base,
      browser,
      'payments.createCheckout',
      { packageId: 'tokens_100' },
      true,
    );
    if (checkout.outcome !== 'ok') {
      await sleep(500);
      continue;
    }
    try {
      const page = await browser.request(checkout.data!.url);
      const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1];
      if (!token) throw new Error('no pay form');
      const paid = await browser.request(`${checkout.data!.url}/pay`, { form: { token } });
      if (paid.status < 400) return ctx.counts.add('purchase:paid');
    } catch {
      // The page or the payment was lost with a server: a new checkout, as a person would start one.
    }
    await sleep(500);
  }
  ctx.counts.add('purchase:given-up');
}

/** Buys generations one after another; out of tokens, buys more. */
export async function buyer(ctx: ActorContext, browser: Browser): Promise<void> {
  while (!ctx.stopped()) {
    const idempotencyKey = randomUUID();
    const input = {
      styleId: ctx.styleId,
      expectedPriceTokens: ctx.priceTokens,
      promptTags: ['portrait'],
      text: 'under pressure',
      idempotencyKey,
    };
    let answer: Answer<{ id: string }> = { outcome: 'lost', status: 0 };
    // The same key until the API says yes or no: a lost answer must not buy a second image.
    for (let attempt = 0; attempt < 60; attempt++) {
      answer = await call<{ id: string }>(ctx.base, browser, 'generation.create', input, true);
      if (answer.outcome === 'ok' || answer.outcome === 'refused') break;
      ctx.counts.add(`generation:retried-after-${answer.outcome}`);
      await sleep(500);
    }
    if (answer.outcome === 'ok') {
      ctx.accepted.add(answer.data!.id);
      ctx.counts.add('generation:accepted');
      await awaitImage(ctx, browser, answer.data!.id);
    } else if (answer.code === 'INSUFFICIENT_CREDITS') {
      await purchase(ctx, browser);
    } else {
      ctx.counts.add(`generation:${answer.code ?? answer.outcome}`);
    }
    await sleep(randomInt(100, 400));
  }
}

/**
 * Waits for the image as the web client does, polling: a buyer has one image in the making at a time, so
 * the load stays within what the workers can render and every image is due by the end of the run.
 */
async function awaitImage(ctx: ActorContext, browser: Browser, generationId: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    await sleep(400);
    const seen = await call<{ status: string }>(ctx.base, browser, 'generation.get', { generationId });
    if (seen.data?.status === 'succeeded' || seen.data?.status === 'failed') {
      return ctx.counts.add(`generation:seen-${seen.data.status}`);
    }
  }
  ctx.counts.add('generation:stopped-waiting');
}

/** Likes and comments on public images in a loop. */
export async function fan(ctx: ActorContext, browser: Browser, name: string): Promise<void> {
  let n = 0;
  while (!ctx.stopped()) {
    const generationId = ctx.images[randomInt(ctx.images.length)]!;
    for (let attempt = 0; attempt < 20; attempt++) {
      const like = await call(ctx.base, browser, 'likes.add', { generationId }, true);
      ctx.counts.add(`like:${like.outcome}`);
      if (like.outcome === 'ok' || like.outcome === 'refused') break;
      await sleep(500);
    }
    const comment = await call(
      ctx.base,
      browser,
      'comments.add',
      { generationId, body: `${name} says hello (${++n})` },
      true,
    );
    ctx.counts.add(`comment:${comment.outcome}`);
    await sleep(randomInt(150, 450));
  }
}
