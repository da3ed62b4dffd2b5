/**
 * Positional parameters for SQL text built from validated pieces: values never enter the text, only
 * their `$n` placeholders do, so a tag or path can hold any character.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** The placeholder for `value`, e.g. `$3`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
