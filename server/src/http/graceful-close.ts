/**
 * Stopping a server that keep-alive clients hold open. Fastify's close() stops listening and ends the
 * connections idle at that moment; one busy then (a load balancer's pooled upstream socket with a request
 * in flight) stays open after its answer, and the close waits for the client to hang up — which a
 * balancer's connection pool never does. A server taken out of rotation under load therefore ran into
 * the 20 s stop limit and exited 1 (found by the scale-out benchmark). From the moment the close begins,
 * every answer says `Connection: close`, so each connection ends with its last request.
 */
import type { FastifyInstance } from 'fastify';

export function closeConnectionsOnClose(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}
