// The studio://app origin as served in Electron: each request is flattened and answered by the core
// process's app handler (renderer files with the CSP headers, media by image id, the platform proxy).
import { fromWireResponse, toWireRequest, type CoreMethods } from './core-api';
import type { Peer } from './port-protocol';
import { isAppUrl } from './security';

const plain = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export function createAppProtocolHandler(core: Pick<Peer<CoreMethods>, 'call'>) {
  return async (request: Request): Promise<Response> => {
    // studio://anything-else/ is no origin of ours: nothing is served there.
    if (!isAppUrl(request.url)) return plain(404, 'Not found');
    try {
      const wire = await toWireRequest(request);
      return fromWireResponse(await core.call('request', wire, request.signal));
    } catch {
      return plain(503, 'The studio core is not answering');
    }
  };
}
