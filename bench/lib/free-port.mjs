import { createServer } from 'node:http';

/** A loopback port nothing listens on right now (for a server the benchmark configures by port). */
export async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}
