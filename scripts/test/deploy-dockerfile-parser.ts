/**
 * A Dockerfile parser, as far as this repository's Dockerfiles need one (no heredocs, no ONBUILD): the
 * stages, their instructions with options and arguments, and the ENV, CMD and HEALTHCHECK they end with.
 * An instruction it does not know is refused, so a new construct fails the deploy tests instead of being
 * silently misread. deploy-dockerfile-replay.ts replays what this reads.
 */

export interface Instruction {
  keyword: string;
  /** `--name=value` options before the arguments (`--from=build`, `--mount=…`, `--interval=15s`). */
  flags: Record<string, string>;
  /** The arguments after the options, continuation lines joined, ARGs not yet substituted. */
  args: string;
}

export interface Stage {
  name: string;
  /** The base image or stage, global ARGs substituted. */
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  args: Record<string, string>;
  stages: Stage[];
}

/** Substitutes `${NAME}` and `$NAME` from `vars` (unknown names become empty, as Docker does). */
export function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a, b) => {
    return vars[(a ?? b) as string] ?? '';
  });
}

function splitFlags(rest: string): { flags: Record<string, string>; args: string } {
  const flags: Record<string, string> = {};
  let args = rest.trim();
  for (;;) {
    const match = /^--([a-z-]+)(?:=(\S*))?\s+/.exec(args);
    if (!match) break;
    flags[match[1]!] = match[2] ?? 'true';
    args = args.slice(match[0].length);
  }
  return { flags, args };
}

export function parseDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Comments (the `# syntax=` directive included) and blank lines, also inside a continued instruction.
    if (line === '' || line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  if (pending) throw new Error('a continued instruction never ends');
  const dockerfile: Dockerfile = { args: {}, stages: [] };
  for (const line of logical) {
    const [, word, rest = ''] = /^(\S+)\s*([\s\S]*)$/.exec(line)!;
    const keyword = word!.toUpperCase();
    if (rest.startsWith('<<')) throw new Error(`heredocs are not supported here: ${line}`);
    const { flags, args } = splitFlags(rest);
    if (keyword === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      if (as !== undefined && as.toUpperCase() !== 'AS') throw new Error(`cannot read: ${line}`);
      const index = dockerfile.stages.length;
      dockerfile.stages.push({
        name: name ?? String(index),
        from: substitute(image!, dockerfile.args),
        instructions: [],
      });
      continue;
    }
    const stage = dockerfile.stages.at(-1);
    if (!stage) {
      if (keyword !== 'ARG') throw new Error(`only ARG may come before FROM: ${line}`);
      const [name, value = ''] = args.split('=');
      dockerfile.args[name!] = value;
      continue;
    }
    if (
      ![
        'ARG',
        'ENV',
        'WORKDIR',
        'COPY',
        'RUN',
        'USER',
        'EXPOSE',
        'HEALTHCHECK',
        'STOPSIGNAL',
        'CMD',
      ].includes(keyword)
    )
      throw new Error(`instruction not supported by this reader: ${line}`);
    stage.instructions.push({ keyword, flags, args });
  }
  return dockerfile;
}

/** `ENV A=1 B="two words"` → { A: '1', B: 'two words' } (the `ENV A 1` legacy form too). */
export function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  if (!args.includes('=')) {
    const [name, ...value] = args.split(/\s+/);
    env[name!] = value.join(' ');
    return env;
  }
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const value = match[2]!;
    env[match[1]!] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return env;
}

/** The exec form (`["node", "dist/server.mjs"]`) of CMD and HEALTHCHECK CMD; the shell form is refused. */
export function execForm(args: string): string[] {
  const json = args.replace(/^CMD\s+/, '');
  if (!json.startsWith('[')) throw new Error(`use the exec form (a JSON array): ${args}`);
  return JSON.parse(json) as string[];
}

/** The instructions of `stage` with this keyword. */
export const instructions = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword);

/** The ENV a stage ends with (ARGs are build-time only and not kept). */
export function stageEnv(stage: Stage): Record<string, string> {
  return Object.assign({}, ...instructions(stage, 'ENV').map((i) => parseEnv(i.args))) as Record<
    string,
    string
  >;
}
