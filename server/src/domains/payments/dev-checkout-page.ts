// The development checkout's page: plain HTML, clearly labelled as moving no money.
import { escapeHtml } from '../../http/html';
import type { Purchase } from './service';

export const DEV_CHECKOUT_LABEL = 'Development payment — no money moves';

function price(purchase: Purchase): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: purchase.currency.toUpperCase(),
  }).format(purchase.amount);
}

interface PageInput {
  purchase: Purchase;
  formToken: string;
  payUrl: string;
  cancelUrl: string;
  doneUrl: string;
}

function actions({ purchase, formToken, payUrl, cancelUrl, doneUrl }: PageInput): string {
  if (purchase.status !== 'pending') {
    return `<p>This purchase is <strong>${escapeHtml(purchase.status)}</strong>.</p>
<p><a href="${escapeHtml(doneUrl)}">Back to Style License</a></p>`;
  }
  return `<form method="post" action="${escapeHtml(payUrl)}">
  <input type="hidden" name="token" value="${escapeHtml(formToken)}">
  <p><button type="submit">Pay ${escapeHtml(price(purchase))}</button>
  <a href="${escapeHtml(cancelUrl)}" style="margin-left:1rem">Cancel</a></p>
</form>`;
}

export function devCheckoutPage(input: PageInput): string {
  const { purchase } = input;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${DEV_CHECKOUT_LABEL}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:420px;margin:4rem auto;padding:0 1rem">
<p style="background:#fff3cd;padding:.5rem 1rem;border-radius:6px"><strong>${DEV_CHECKOUT_LABEL}.</strong>
Stripe is not configured on this server, so this page completes purchases for free. Never enabled in production.</p>
<h1>Buy ${purchase.tokens} tokens</h1>
<p>Package <code>${escapeHtml(purchase.packageId)}</code>: ${purchase.tokens} tokens for ${escapeHtml(price(purchase))}.</p>
${actions(input)}
</body></html>`;
}
