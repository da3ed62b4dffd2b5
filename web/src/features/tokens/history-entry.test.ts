import { describe, expect, it } from 'vitest';
import { languageT } from '../../../test/unit/render';
import { deltaTone, describeEntry, formatDelta, type HistoryEntry } from './history-entry';

const STYLE = '11111111-1111-4111-8111-111111111111';
const GEN = '22222222-2222-4222-8222-222222222222';
const base = { id: 1, createdAt: '2026-12-01T10:00:00.000Z', balanceAfter: 95, note: null };
const generation = (styleName: string | null) =>
  ({
    type: 'generation',
    generationId: GEN,
    styleId: styleName ? STYLE : null,
    styleName,
    reason: null,
  }) as const;

const charge: HistoryEntry = {
  ...base,
  kind: 'generation_charge',
  delta: -5,
  subject: generation('Ink Wash'),
};
const refund: HistoryEntry = {
  ...base,
  kind: 'generation_refund',
  delta: 5,
  subject: { ...generation('Ink Wash'), reason: 'No result within 2 minutes' },
};
const earning: HistoryEntry = { ...base, kind: 'artist_earning', delta: 5, subject: generation('Ink Wash') };
const purchase: HistoryEntry = {
  ...base,
  kind: 'purchase',
  delta: 500,
  subject: { type: 'purchase', purchaseId: GEN, packageId: 'tokens_500', status: 'paid' },
};
const adjustment: HistoryEntry = {
  ...base,
  kind: 'adjustment',
  delta: -20,
  note: 'Duplicate charge reversed',
  subject: { type: 'other', referenceType: 'support', id: 'ticket-9' },
};

describe('describeEntry in English', () => {
  const t = languageT('en');

  it('names the style of an image charge and links to it and to my images', () => {
    const d = describeEntry(charge, t);
    expect(d.kindLabel).toBe('Image');
    expect(d.subject).toBe('Image in “Ink Wash”');
    expect(d.links.map((l) => l.to)).toEqual([`/styles/${STYLE}`, '/images']);
  });

  it('names refunds and earnings; an earning links to the artist’s studio', () => {
    expect(describeEntry(refund, t)).toMatchObject({
      kindLabel: 'Refund',
      subject: 'Refund for an image in “Ink Wash”',
    });
    const e = describeEntry(earning, t);
    expect(e).toMatchObject({ kindLabel: 'Earning', subject: 'Sale of an image in “Ink Wash”' });
    expect(e.links.map((l) => l.to)).toEqual([`/studio/${STYLE}`]);
  });

  it('names the package of a purchase and shows an adjustment’s note', () => {
    expect(describeEntry(purchase, t)).toMatchObject({
      kindLabel: 'Purchase',
      subject: 'Bought the 500-token package',
    });
    expect(describeEntry(adjustment, t)).toMatchObject({
      kindLabel: 'Adjustment',
      subject: 'Balance adjustment',
      note: 'Duplicate charge reversed',
    });
  });

  it('says a style is gone instead of linking to nothing', () => {
    const d = describeEntry({ ...charge, subject: generation(null) }, t);
    expect(d.subject).toBe('Image in “a removed style”');
    expect(d.links.map((l) => l.to)).toEqual(['/images']);
  });
});

describe('describeEntry in Korean', () => {
  const t = languageT('ko');
  it('uses the Korean labels and names', () => {
    expect(describeEntry(charge, t)).toMatchObject({
      kindLabel: '이미지',
      subject: '“Ink Wash” 스타일 이미지',
    });
    expect(describeEntry(purchase, t)).toMatchObject({
      kindLabel: '구매',
      subject: '토큰 500개 패키지 구매',
    });
    expect(describeEntry(refund, t).kindLabel).toBe('환불');
  });
});

describe('formatDelta', () => {
  it('signs gains with + and spending with a minus sign, grouped', () => {
    expect(formatDelta(1000, 'en')).toBe('+1,000');
    expect(formatDelta(-5, 'ko')).toBe('\u22125');
    expect(formatDelta(0, 'en')).toBe('0');
    expect([deltaTone(3), deltaTone(-3), deltaTone(0)]).toEqual(['gain', 'spend', 'none']);
  });
});
