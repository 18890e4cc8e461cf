// The OTLP/HTTP endpoint the measured process exports to: reads each body in full and throws it
// away, answering with an empty ExportTraceServiceResponse (a zero-length protobuf is a valid
// empty message). It counts requests and bytes so the runner can show exports really left the
// process.
import { createServer } from 'node:http';

/** @returns {Promise<{url: string, stats: {requests: number, bytes: number}, reset(): void, close(): Promise<void>}>} */
export async function startSink() {
  const stats = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk) => {
      stats.bytes += chunk.length;
    });
    req.on('end', () => {
      stats.requests++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    stats,
    reset() {
      stats.requests = 0;
      stats.bytes = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
