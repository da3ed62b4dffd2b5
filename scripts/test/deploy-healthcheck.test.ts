/**
 * deploy/healthcheck.mjs, the images' HEALTHCHECK, against a local HTTP server (the server's) and a local
 * TCP connection (the workers' to the broker).
 */
import { spawnSync } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ROOT, healthcheck } from './deploy-support';

describe('deploy/healthcheck.mjs', () => {
  const listen = (server: HttpServer | ReturnType<typeof createTcpServer>) =>
    new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );

  it('server: healthy exactly when GET /healthz on PORT answers 200', async () => {
    let status = 200;
    const server = createHttpServer((req, res) => {
      res.writeHead(req.url === '/healthz' ? status : 404).end();
    });
    const port = String(await listen(server));
    expect(await healthcheck.serverHealthy({ PORT: port })).toBe(true);
    status = 503;
    expect(await healthcheck.serverHealthy({ PORT: port })).toBe(false);
    await new Promise((resolve) => server.close(resolve));
    expect(await healthcheck.serverHealthy({ PORT: port })).toBe(false);
    // As the HEALTHCHECK runs it: exit code 1 when nothing answers.
    const cli = spawnSync(process.execPath, ['deploy/healthcheck.mjs', 'server'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: port },
      encoding: 'utf8',
    });
    expect([cli.status, cli.stderr.trim()]).toEqual([1, `GET /healthz on port ${port} did not answer 200`]);
  });

  it("worker: healthy exactly while a connection to AMQP_URL's port is established", async () => {
    expect(healthcheck.brokerPort('amqp://user:pass@rabbitmq')).toBe(5672);
    expect(healthcheck.brokerPort('amqps://rabbitmq.example')).toBe(5671);
    expect(healthcheck.brokerPort(undefined)).toBeNull();
    const broker = createTcpServer((socket) => socket.on('error', () => {}));
    const port = await listen(broker);
    const env = { AMQP_URL: `amqp://style:secret@127.0.0.1:${port}` };
    expect(healthcheck.workerHealthy(env)).toBe(false);
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    expect(healthcheck.workerHealthy(env)).toBe(true);
    const cli = spawnSync(process.execPath, ['deploy/healthcheck.mjs', 'worker'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    expect(cli.status).toBe(0);
    socket.destroy();
    await new Promise((resolve) => broker.close(resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(healthcheck.workerHealthy(env)).toBe(false);
  });
});
