/**
 * A loopback proxy in front of the emulator that never answers one operation: the silent
 * endpoint of a bad day. Every other request is passed through unchanged. A one-rule
 * fault proxy (fault-proxy.ts), kept for the tests that only need this.
 */
import { startFaultProxy } from './fault-proxy.ts';

export interface HangingProxy {
  endpoint: string;
  /** Requests of the silenced operation seen so far. */
  held: () => number;
  stop: () => Promise<void>;
}

export async function startHangingProxy(upstream: string, silenced: string): Promise<HangingProxy> {
  const proxy = await startFaultProxy(upstream, [
    { operation: silenced, action: { kind: 'hang' } },
  ]);
  return {
    endpoint: proxy.endpoint,
    held: () => proxy.calls().filter((call) => call.fault === 'hang').length,
    stop: () => proxy.stop(),
  };
}
