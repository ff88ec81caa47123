// A port for a test listener (Halong's API, syslog, a broker), asked of the kernel.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A port nothing listens on on 127.0.0.1 (free when asked; the caller binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
