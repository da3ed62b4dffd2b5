/**
 * The shape a translation must have for a resource written in English: the same keys, a string for every
 * string. English plural forms other than `_other` (`_one`, …) are left out, because Korean plurals have
 * only the `other` form (i18next picks the form with `Intl.PluralRules`).
 */
export type Translation<T> = {
  [
    K in keyof T as K extends `${string}_${'zero' | 'one' | 'two' | 'few' | 'many'}` ? never : K
  ]: T[K] extends string ? string : Translation<T[K]>;
};
