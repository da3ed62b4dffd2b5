import { enBase } from './en-base';
import { uiEn } from './ui/en/index';

export { enBase } from './en-base';

/** Everything in English: the base and every screen of the web client and desktop renderer (ui/en/). */
export const en = { ...enBase, ...uiEn };

/** Every locale must have these keys (see Translation); the type makes a missing Korean string a compile error. */
export type Resources = typeof en;
