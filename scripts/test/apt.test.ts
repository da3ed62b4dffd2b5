// `npm test` installs RabbitMQ with apt when it is missing, on machines where another apt process may be
// running and where the package lists may be missing or stale.
import { describe, expect, it } from 'vitest';

type Run = (command: string, args: string[], env?: Record<string, string>) => Promise<string>;
interface Apt {
  APT_LOCK_TIMEOUT_S: number;
  aptInstall(
    name: string,
    tools: { run: Run; log?: (message: string) => void; sleep?: (ms: number) => Promise<void> },
  ): Promise<string>;
}
// A plain .mjs module: imported by URL so TypeScript does not need declarations for it.
const { APT_LOCK_TIMEOUT_S, aptInstall } = (await import(
  new URL('../services/apt.mjs', import.meta.url).href
)) as Apt;

const KNOWN = 'rabbitmq-server:\n  Installed: (none)\n  Candidate: 3.10.8-1.1+deb12u1\n';
const UNKNOWN = 'N: Unable to locate package rabbitmq-server\n';
const HELD =
  'E: Could not get lock /var/cache/apt/archives/lock. It is held by process 4242 (apt-get)\n' +
  'E: Unable to lock directory /var/cache/apt/archives/';

/**
 * A fake apt: answers each call from `script` (matched on its words without options; the last answer
 * repeats), and records every call in full (`calls`) and without its options (`steps`).
 */
function fakeApt(script: Record<string, Array<string | Error>>) {
  const calls: string[] = [];
  const steps: string[] = [];
  const run: Run = async (command, args) => {
    const words = [command, ...args.filter((a) => !a.startsWith('-') && !a.includes('::'))];
    const call = words.join(' ');
    calls.push(`${command} ${args.join(' ')}`);
    steps.push(call);
    const key = Object.keys(script).find((k) => call.startsWith(k));
    const answer = key ? (script[key]!.length > 1 ? script[key]!.shift()! : script[key]![0]!) : '';
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { run, calls, steps, sleep: async () => {} };
}

describe('installing a service with apt', () => {
  it('waits for a lock another apt or dpkg process holds, instead of failing at once', async () => {
    const apt = fakeApt({
      'apt-cache policy': [KNOWN],
      'apt-get install': [new Error(HELD), new Error(HELD), 'Setting up rabbitmq-server'],
    });
    await expect(aptInstall('rabbitmq-server', apt)).resolves.toContain('Setting up');
    const installs = apt.calls.filter((call) => call.includes(' install '));
    expect(installs).toHaveLength(3);
    // dpkg's own locks are waited for by apt itself.
    for (const call of installs) expect(call).toContain(`-o DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_S}`);
  });

  it('gives up on a lock after the lock timeout', async () => {
    const apt = fakeApt({ 'apt-cache policy': [KNOWN], 'apt-get install': [new Error(HELD)] });
    await expect(aptInstall('rabbitmq-server', apt)).rejects.toThrow(/Could not get lock/);
    const attempts = apt.steps.filter((step) => step === 'apt-get install rabbitmq-server').length;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(APT_LOCK_TIMEOUT_S);
  });

  it('runs apt-get update first when the package lists do not know the package', async () => {
    const apt = fakeApt({ 'apt-cache policy': [''], 'apt-get install': ['ok'] });
    await aptInstall('rabbitmq-server', apt);
    expect(apt.steps).toEqual([
      'apt-cache policy rabbitmq-server',
      'apt-get update',
      'apt-get install rabbitmq-server',
    ]);
  });

  it('does not refresh the package lists when they already have the package', async () => {
    const apt = fakeApt({ 'apt-cache policy': [KNOWN], 'apt-get install': ['ok'] });
    await aptInstall('rabbitmq-server', apt);
    expect(apt.steps).not.toContain('apt-get update');
  });

  it('runs apt-get update and tries again when the install cannot locate the package', async () => {
    const apt = fakeApt({
      'apt-cache policy': [KNOWN],
      'apt-get install': [new Error(`apt-get install failed\nE: ${UNKNOWN}`), 'ok'],
    });
    await expect(aptInstall('rabbitmq-server', apt)).resolves.toBe('ok');
    expect(apt.steps.filter((step) => step.startsWith('apt-get'))).toEqual([
      'apt-get install rabbitmq-server',
      'apt-get update',
      'apt-get install rabbitmq-server',
    ]);
  });

  it('waits for the package lists lock too, which apt-get update does not wait for itself', async () => {
    const listsHeld = 'E: Could not get lock /var/lib/apt/lists/lock. It is held by process 7 (apt-get)';
    const apt = fakeApt({
      'apt-cache policy': ['Candidate: (none)'],
      'apt-get update': [new Error(listsHeld), 'Reading package lists... Done'],
      'apt-get install': ['ok'],
    });
    await expect(aptInstall('rabbitmq-server', apt)).resolves.toBe('ok');
    expect(apt.steps.filter((step) => step === 'apt-get update')).toHaveLength(2);
  });
});
