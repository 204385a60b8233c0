/**
 * A loopback proxy in front of the emulator that never answers one operation: the silent
 * endpoint of a bad day. Every other request is passed through unchanged.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HangingProxy {
  endpoint: string;
  /** Requests of the silenced operation seen so far. */
  held: () => number;
  stop: () => Promise<void>;
}

/** The query-protocol action (EC2, Auto Scaling) or JSON target (SSM, EKS path) a request names. */
function operationOf(body: string, target: string | undefined): string | undefined {
  return new URLSearchParams(body).get('Action') ?? target?.split('.').at(-1);
}

export async function startHangingProxy(upstream: string, silenced: string): Promise<HangingProxy> {
  let held = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const target = request.headers['x-amz-target'];
      if (
        operationOf(body.toString('utf8'), Array.isArray(target) ? target[0] : target) === silenced
      ) {
        held += 1;
        return; // Never answered: the socket stays open until the client gives up.
      }
      try {
        const headers = Object.fromEntries(
          Object.entries(request.headers).flatMap(([name, value]) =>
            typeof value === 'string' && name !== 'host' && name !== 'content-length'
              ? [[name, value]]
              : [],
          ),
        );
        const answer = await fetch(`${upstream}${request.url ?? '/'}`, {
          method: request.method ?? 'GET',
          headers,
          ...(body.length > 0 ? { body } : {}),
        });
        response.writeHead(answer.status, Object.fromEntries(answer.headers));
        response.end(Buffer.from(await answer.arrayBuffer()));
      } catch {
        response.writeHead(502).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    held: () => held,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
