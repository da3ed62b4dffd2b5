/**
 * Readers for the deployment files, used by deploy-files.test.ts: a Dockerfile parser and a stand-in for
 * `docker build` that replays a Dockerfile's stages in folders, Docker's .dockerignore matching, and
 * compose's variable interpolation. Each follows Docker's documented behaviour only as far as this
 * repository's files use it (no heredocs, no globs in COPY, no ONBUILD); anything else is refused, so a
 * new construct fails the test instead of being silently misread.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';

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

/**
 * Docker's .dockerignore matching (moby/patternmatcher): patterns relative to the context root, `*` and
 * `?` within one path segment, `**` across any number of segments, a pattern also excluding everything
 * under a directory it matches, `!` re-including, the last matching pattern deciding.
 */
export function dockerignoreMatcher(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = posix.normalize((negate ? line.slice(1) : line).trim()).replace(/^\/+|\/+$/g, '');
      let source = '';
      for (let i = 0; i < pattern.length; i++) {
        const char = pattern[i]!;
        if (char === '*' && pattern[i + 1] === '*') {
          if (pattern[i + 2] === '/') {
            source += '(?:.*/)?';
            i += 2;
          } else {
            source += '.*';
            i += 1;
          }
        } else if (char === '*') source += '[^/]*';
        else if (char === '?') source += '[^/]';
        else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { negate, regex: new RegExp(`^${source}$`) };
    });
  return (path: string) => {
    const parts = path.split('/');
    // The path itself and every parent directory: excluding a directory excludes what is in it.
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.regex.test(candidate))) excluded = !rule.negate;
    }
    return excluded;
  };
}

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

/** What replaying a stage left: its file system (container paths under `root`), env and skipped steps. */
export interface ReplayedStage {
  name: string;
  from: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  /** Steps that cannot run here, each with its reason. */
  skipped: string[];
  /** RUN commands that ran, with how long each took. */
  ran: { command: string; seconds: number }[];
}

export interface ReplayOptions {
  /** The build context: the repository as .dockerignore lets it through. */
  context: string;
  /** Where stage folders go. */
  workspace: string;
  /** Replayed stages by content (a stage identical to one already replayed is reused: Docker's cache). */
  cache: Map<string, ReplayedStage>;
  /** Decides what each RUN command is: `run` here, or `skip` with a reason; throwing refuses it. */
  classify(command: string): { run: true } | { run: false; reason: string };
  /** Runs a shell command in `cwd` with exactly `env`; rejects when it fails. */
  exec(command: string, cwd: string, env: Record<string, string>): Promise<void>;
}

/** A container path inside a replayed stage's folder. */
export const hostPath = (stage: Pick<ReplayedStage, 'root'>, containerPath: string) =>
  join(stage.root, posix.resolve('/', containerPath));

function copyInto(source: string, destination: string, intoDirectory: boolean) {
  // A directory's contents are copied (not the directory itself); a file goes into a destination that
  // ends with "/" (or receives several sources), else becomes the destination.
  const isDirectory = statSync(source).isDirectory();
  const target = isDirectory
    ? destination
    : intoDirectory
      ? join(destination, basename(source))
      : destination;
  mkdirSync(isDirectory ? target : dirname(target), { recursive: true });
  cpSync(source, target, { recursive: true, verbatimSymlinks: true });
}

/**
 * Replays the stages of a Dockerfile, in order, each in a folder of its own standing for its file system:
 * WORKDIR, ENV, ARG and COPY are applied; RUN commands that `classify` allows run in the stage's
 * working directory with the stage's environment only; the rest are recorded as skipped. A COPY --from
 * of a path the earlier stage does not have fails, unless the path is outside /app and that stage is a
 * bare base image (then it is a file of that image, recorded as skipped).
 */
export async function replayDockerfile(
  dockerfile: Dockerfile,
  options: ReplayOptions,
  copyTree: (source: string, target: string) => Promise<void>,
): Promise<Map<string, ReplayedStage>> {
  const stages = new Map<string, ReplayedStage>();
  for (const stage of dockerfile.stages) {
    // Docker's cache key, in short: the base, every instruction, and what the stages it copies from hold.
    const key = createHash('sha256')
      .update(JSON.stringify([stage.from, stage.instructions]))
      .update(
        stage.instructions
          .map((i) => i.flags.from)
          .filter(Boolean)
          .map((from) => stages.get(from!)?.root ?? from!)
          .join('\n'),
      )
      .digest('hex')
      .slice(0, 16);
    const cached = options.cache.get(key);
    if (cached) {
      stages.set(stage.name, { ...cached, name: stage.name });
      continue;
    }
    const replayed: ReplayedStage = {
      name: stage.name,
      from: stage.from,
      root: join(options.workspace, `${stage.name}-${key}`),
      workdir: '/',
      env: {},
      skipped: [],
      ran: [],
    };
    mkdirSync(replayed.root, { recursive: true });
    const vars: Record<string, string> = { ...dockerfile.args };
    for (const instruction of stage.instructions) {
      const args = substitute(instruction.args, { ...vars, ...replayed.env });
      if (instruction.keyword === 'ARG') {
        const [name, value] = args.split('=');
        vars[name!] = value ?? dockerfile.args[name!] ?? '';
      } else if (instruction.keyword === 'ENV') {
        Object.assign(replayed.env, parseEnv(args));
      } else if (instruction.keyword === 'WORKDIR') {
        replayed.workdir = posix.resolve(replayed.workdir, args);
        mkdirSync(hostPath(replayed, replayed.workdir), { recursive: true });
      } else if (instruction.keyword === 'COPY') {
        const parts = args.split(/\s+/);
        const destinationPath = posix.resolve(replayed.workdir, parts.at(-1)!);
        const sources = parts.slice(0, -1);
        const intoDirectory = parts.at(-1)!.endsWith('/') || parts.at(-1) === '.' || sources.length > 1;
        const from = instruction.flags.from;
        for (const source of sources) {
          if (/[*?[]/.test(source)) throw new Error(`globs in COPY are not supported here: ${args}`);
          let origin: string;
          if (from) {
            const earlier = stages.get(from);
            if (!earlier) throw new Error(`COPY --from=${from}: no such earlier stage`);
            origin = hostPath(earlier, source);
            if (!existsSync(origin)) {
              const bare = dockerfile.stages.find((s) => s.name === from)!.instructions.length === 0;
              if (bare && !source.startsWith('/app/')) {
                replayed.skipped.push(`COPY --from=${from} ${source}: a file of the image ${earlier.from}`);
                continue;
              }
              throw new Error(`COPY --from=${from} ${source}: stage ${from} has no such path`);
            }
          } else {
            origin = join(options.context, source === '.' ? '' : source);
            if (!existsSync(origin)) throw new Error(`COPY ${source}: not in the build context`);
          }
          const destination = hostPath(replayed, destinationPath);
          // A directory from an earlier stage (node_modules, dist) through `copyTree`, which may link.
          if (from && statSync(origin).isDirectory()) await copyTree(origin, destination);
          else copyInto(origin, destination, intoDirectory);
        }
      } else if (instruction.keyword === 'RUN') {
        const verdict = options.classify(args);
        if (!verdict.run) {
          replayed.skipped.push(`RUN ${args}: ${verdict.reason}`);
          continue;
        }
        const started = Date.now();
        await options.exec(args, hostPath(replayed, replayed.workdir), { ...vars, ...replayed.env });
        replayed.ran.push({ command: args, seconds: Math.round((Date.now() - started) / 1000) });
      }
      // USER, EXPOSE, HEALTHCHECK, STOPSIGNAL, CMD change no files: the test reads them from the parse.
    }
    options.cache.set(key, replayed);
    stages.set(stage.name, replayed);
  }
  return stages;
}

/** Runs `command` with bash in `cwd`, with exactly `env`; rejects with its output's tail on failure. */
export function execShell(command: string, cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-6000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`\`${command}\` failed (exit ${code}) in ${cwd}:\n${output}`)),
    );
  });
}
