import net from 'node:net';

const defaultPort = (target: string) =>
  target.startsWith('amqp') ? 5672 : target.startsWith('https') ? 443 : 80;

/**
 * A TCP relay in front of a service (RabbitMQ, PostgreSQL, S3), so a test can take the service away the
 * way an outage or a network failure does: drop every connection, refuse new ones, then come back on
 * the same address. Loopback only.
 */
export async function startTcpProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  const frozen = new Set<[net.Socket, net.Socket]>();
  let freezeNew = false;
  const hold = (pair: [net.Socket, net.Socket]) => {
    const [client, upstream] = pair;
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
    frozen.add(pair);
  };
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: hostname, port: Number(port) || defaultPort(target) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.on('close', () => (pairs.delete(pair), frozen.delete(pair)));
    if (freezeNew) hold(pair);
    else client.pipe(upstream).pipe(client);
  });
  /**
   * Stops carrying bytes either way, with connections still open: a peer that went silent. By default
   * only the open connections (one dead TCP connection); `includingNew` also accepts new connections and
   * carries nothing on them (a service that stopped answering, as a partition or SIGSTOP leaves it).
   */
  const freeze = ({ includingNew = false } = {}) => {
    freezeNew = includingNew;
    for (const pair of pairs) if (!frozen.has(pair)) hold(pair);
  };
  /** Carries bytes again on every frozen connection (what was sent meanwhile arrives late) and new ones. */
  const thaw = () => {
    freezeNew = false;
    for (const [client, upstream] of frozen) client.pipe(upstream).pipe(client);
    frozen.clear();
  };
  const dropConnections = () => sockets.forEach((socket) => socket.destroy());
  const listen = (at = 0) => new Promise<void>((resolve) => server.listen(at, '127.0.0.1', resolve));
  await listen();
  const proxyPort = (server.address() as net.AddressInfo).port;
  const stopListening = () =>
    new Promise<void>((resolve) => (server.close(() => resolve()), dropConnections()));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(proxyPort);
  return {
    url: url.toString(),
    dropConnections,
    freeze,
    thaw,
    stopListening,
    listen: () => listen(proxyPort),
    close: () => (server.listening ? stopListening() : Promise.resolve()),
  };
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
