// What the generate panel's and the status's tests share: a style, a generation of it as its owner sees it.
import { myGeneration } from '../../../test/unit/fixtures';

export const STYLE = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Neon Nights',
  tags: ['neon', 'city'],
};
export const GEN_ID = '22222222-2222-4222-8222-222222222222';
export const LICENSE_ID = '33333333-3333-4333-8333-333333333333';
export const ME = { id: 'u', displayName: 'Mina', role: 'user' };

/** The panel's generation as its owner sees it. */
export function generation(status: string, extra: Record<string, unknown> = {}) {
  return { ...myGeneration(GEN_ID, STYLE.id, status, { styleName: STYLE.name }), mine: true, ...extra };
}
