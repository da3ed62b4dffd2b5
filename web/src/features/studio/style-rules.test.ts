import { describe, expect, it } from 'vitest';
import { i18n, initI18n } from '../../lib/i18n';
import { checkStyleForm, submitBlock, trainingFailureText } from './style-rules';

initI18n('en');
const t = i18n.t.bind(i18n);

describe('style form', () => {
  it('sends what the shared schema makes of the input', () => {
    const checked = checkStyleForm({ name: '  Ember  ', description: '', tags: ['Ink'], price: '12' }, t);
    expect(checked).toEqual({
      ok: true,
      input: { name: 'Ember', description: '', tags: ['ink'], priceTokens: 12 },
    });
  });

  it('names each broken field in words, and never rounds a price', () => {
    const checked = checkStyleForm({ name: '', description: '<b>hi</b>', tags: [], price: '1.5' }, t);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.name).toBe('A name cannot be empty.');
    expect(checked.errors.description).toBe('The description cannot contain HTML tags.');
    expect(checked.errors.priceTokens).toBe('Enter a whole number of tokens from 1 to 10,000.');
    const big = checkStyleForm({ name: 'A', description: '', tags: [], price: '10001' }, t);
    expect(big.ok).toBe(false);
  });
});

describe('training', () => {
  it('allows submitting a draft with 10–100 images and no live run', () => {
    const draft = { status: 'draft' as const, training: null };
    expect(submitBlock(draft, 9)).toBe('too_few');
    expect(submitBlock(draft, 10)).toBeNull();
    expect(submitBlock({ status: 'ready', training: { status: 'running' } }, 20)).toBe('status');
    expect(submitBlock({ status: 'archived', training: null }, 20)).toBe('status');
  });

  it('says a failure with the limit the server recorded, or the general sentence without one', () => {
    expect(trainingFailureText({ code: 'stalled', seconds: 125 }, 'en', t)).toBe(
      'The training worker stopped responding for 2 minutes 5 seconds. Please submit the style again.',
    );
    expect(trainingFailureText({ code: 'stalled', seconds: null }, 'en', t)).toBe(
      'Training did not succeed. Please submit the style again.',
    );
  });
});
