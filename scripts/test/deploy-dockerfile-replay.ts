/**
 * A stand-in for `docker build`, used by deploy-image-builds.test.ts: replays a parsed Dockerfile's stages
 * (deploy-dockerfile-parser.ts) in folders, each standing for a stage's file system. Follows Docker's
 * documented behaviour only as far as this repository's Dockerfiles use it (no globs in COPY); anything
 * else is refused, so a new construct fails the test instead of being silently misread.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { parseEnv, substitute, type Dockerfile } from './deploy-dockerfile-parser';

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
