import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on: bound on `127.0.0.1:0`, then released. For a server the
 * test must configure before it starts (a Prometheus scrape endpoint) or an endpoint that must
 * refuse connections. Another process could take it in between; on loopback, in a test, it does
 * not in practice.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
