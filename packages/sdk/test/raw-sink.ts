import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Seen {
  contentType: string | undefined;
  contentEncoding: string | undefined;
  body: Buffer;
}

/** Records each request's raw bytes and answers as a collector does (200, empty response). */
export async function rawSink() {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const encoding = req.headers['content-encoding'];
    seen.push({
      contentType: req.headers['content-type'],
      contentEncoding: encoding,
      body: encoding === 'gzip' ? gunzipSync(raw) : raw,
    });
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  return { seen, url, close: () => new Promise((r) => server.close(r)) };
}
