/**
 * Compose's variable interpolation and its env files, as the compose checks (deploy-support.ts and the
 * deploy-compose-*.test.ts files) use them: what compose would make of compose.yaml with
 * deploy/compose.env.example, and which variables it requires.
 */

export interface Interpolation {
  value: unknown;
  /** Every variable referenced. */
  used: Set<string>;
  /** Those referenced as `${NAME:?…}` or `${NAME?…}`: compose refuses to start without them. */
  required: Set<string>;
}

/**
 * Compose's interpolation over every string of a parsed compose file: `$$`, `$NAME`, `${NAME}`,
 * `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`. Throws, as compose
 * does, when a required variable is missing.
 */
export function interpolate(document: unknown, vars: Record<string, string | undefined>): Interpolation {
  const used = new Set<string>();
  const required = new Set<string>();
  const pattern = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;
  const one = (text: string) =>
    text.replace(pattern, (_m, dollar, braced, operator: string | undefined, operand: string, bare) => {
      if (dollar) return '$';
      const name = (braced ?? bare) as string;
      used.add(name);
      const value = vars[name];
      const missing = operator?.startsWith(':') ? !value : value === undefined;
      if (operator?.endsWith('?')) {
        required.add(name);
        if (missing) throw new Error(`required variable ${name} is missing: ${operand}`);
      }
      if (operator?.endsWith('-') && missing) return operand;
      return value ?? '';
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return one(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
    return node;
  };
  return { value: walk(document), used, required };
}

/** `KEY=value` lines of a compose env file (comments and blank lines skipped). */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.trim();
  }
  return vars;
}
