// The main ↔ core port protocol over worker_threads' MessageChannel (the same shape as Electron's
// MessageChannelMain): answers find their calls by id, errors come back as envelopes, a dead port fails fast.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@style-license/shared';
import { connectPeer, nodePort, type PortMessage } from '../src/main/port-protocol';

type Remote = {
  echo(params: { value: number; delay: number }): Promise<number>;
  fail(params: { code: string }): Promise<never>;
  crash(params: null): Promise<never>;
  wait(params: null, signal: AbortSignal): Promise<string>;
};

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

function pair(onUnexpected = vi.fn()) {
  const channel = new MessageChannel();
  channels.push(channel);
  const aborted = vi.fn();
  const server = connectPeer(nodePort(channel.port2), {
    onUnexpected,
    serve: {
      echo: ({ value, delay }: { value: number; delay: number }) =>
        new Promise((resolve) => setTimeout(() => resolve(value * 2), delay)),
      fail: ({ code }: { code: 'FORBIDDEN' }) => {
        throw new AppError(code, 'refused here');
      },
      crash: () => {
        throw new Error('secret stack detail');
      },
      wait: (_params: null, signal: AbortSignal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            aborted();
            reject(new Error('aborted'));
          }),
        ),
    },
  });
  const client = connectPeer<Remote>(nodePort(channel.port1), { serve: {} });
  return { channel, client, server, aborted };
}

/** Every message one port sends, as the other end sees it. */
function spy(port: MessagePort) {
  const seen: PortMessage[] = [];
  port.on('message', (message: PortMessage) => seen.push(message));
  return seen;
}

describe('the port protocol', () => {
  it('matches answers to their calls by id, whatever order they come back in', async () => {
    const { client } = pair();
    const answers = await Promise.all([
      client.call('echo', { value: 1, delay: 40 }),
      client.call('echo', { value: 2, delay: 0 }),
      client.call('echo', { value: 3, delay: 20 }),
    ]);
    expect(answers).toEqual([2, 4, 6]);
    expect(client.pending).toBe(0);
  });

  it('sends errors back as envelopes: an AppError keeps its code, anything else is INTERNAL without a stack', async () => {
    const onUnexpected = vi.fn();
    const { client, channel } = pair(onUnexpected);
    const seen = spy(channel.port1);
    await expect(client.call('fail', { code: 'FORBIDDEN' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'refused here',
    });
    const crash = await client.call('crash', null).catch((error: unknown) => error);
    expect(crash).toBeInstanceOf(AppError);
    expect(crash).toMatchObject({ code: 'INTERNAL' });
    expect(JSON.stringify(seen)).not.toContain('secret stack detail');
    expect(onUnexpected).toHaveBeenCalledOnce();
    expect(seen.filter((message) => message.type === 'answer')).toEqual([
      { type: 'answer', id: 1, ok: false, error: { code: 'FORBIDDEN', message: 'refused here' } },
      {
        type: 'answer',
        id: 2,
        ok: false,
        error: { code: 'INTERNAL', message: 'The studio could not do that' },
      },
    ]);
  });

  it('answers NOT_FOUND for a method the other side does not serve, including inherited names', async () => {
    const { client } = pair();
    const untyped = client as unknown as { call(method: string, params: unknown): Promise<unknown> };
    await expect(untyped.call('nothing', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(untyped.call('toString', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects pending calls when the other end dies, and every later call at once', async () => {
    const { client, channel } = pair();
    const pending = client.call('wait', null);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.pending).toBe(1);
    channel.port2.close(); // the core process is gone
    await expect(pending).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(client.call('echo', { value: 1, delay: 0 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(client.pending).toBe(0);
  });

  it('forwards an abort to the running handler (a thumbnail the grid no longer needs)', async () => {
    const { client, aborted } = pair();
    const controller = new AbortController();
    const call = client.call('wait', null, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await vi.waitFor(() => expect(aborted).toHaveBeenCalledOnce());
  });

  it('delivers one-way events', async () => {
    const channel = new MessageChannel();
    channels.push(channel);
    const onEvent = vi.fn();
    connectPeer(nodePort(channel.port1), { serve: {}, onEvent });
    const core = connectPeer(nodePort(channel.port2), { serve: {} });
    core.emit('studio', { kind: 'session', signedIn: true });
    await vi.waitFor(() =>
      expect(onEvent).toHaveBeenCalledWith('studio', { kind: 'session', signedIn: true }),
    );
  });
});
