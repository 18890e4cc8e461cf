import { createServer as createHttp1, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2, constants as http2Constants } from 'node:http2';
import { type AddressInfo, createServer as createNet, type Socket } from 'node:net';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/**
 * One port, both protocols: HTTP/1.1 (the OpenAI, Anthropic and Google SDKs) and cleartext HTTP/2
 * with prior knowledge (the AWS SDK's default `NodeHttp2Handler`, which the Bedrock clients use).
 * The first bytes of a connection decide: HTTP/2's connection preface starts with `PRI `. HTTP/2
 * requests reach the listener through Node's compatibility API, which has the same surface.
 */
export function listenDual(
  listener: RequestListener,
  port: number,
  host: string,
): Promise<Listening> {
  const http1 = createHttp1(listener);
  const http2 = createHttp2(listener as unknown as Parameters<typeof createHttp2>[1]);
  const sockets = new Set<Socket>();
  // No Nagle delay, as `http.createServer` sets it: paced stream events must leave one by one.
  const front = createNet({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      const target = first.subarray(0, 4).toString('latin1') === 'PRI ' ? http2 : http1;
      target.emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  return new Promise((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => {
      front.off('error', reject);
      resolve({
        port: (front.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done, fail) => {
            front.close((err) => (err ? fail(err) : done()));
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}

/**
 * Drops a response mid-body as a dying upstream would: the TCP connection for HTTP/1.1, the
 * stream with `INTERNAL_ERROR` for HTTP/2 (closing it without an error code would look to the
 * client like a clean end of a shorter body).
 */
export function cutResponse(res: ServerResponse): void {
  const stream = (res as { stream?: { close(code: number): void } }).stream;
  if (stream) stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
  else res.destroy();
}
