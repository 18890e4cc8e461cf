/**
 * The multipart body of `POST /runs/multipart`, framed as the langsmith client frames it
 * (`Client._createNodeFetchBody`: `--boundary`, `Content-Disposition`, `Content-Type`, the part,
 * CRLF; a closing boundary), byte for byte (see multipart-body.test.ts) — but read once from each
 * part into one Buffer. The client's own version wraps every boundary and header in a Blob of its
 * own and reads them all back: at ~1.7 ms per run it was the exporter's bottleneck (issue 9,
 * `bench/components/langsmith-throughput.mjs`). Its streamed variant writes each piece to the
 * socket separately; the exporter turns streaming off and uses this.
 */

/** A part as the client hands it over: its name and its payload as a Blob (with its type). */
export interface MultipartPart {
  name: string;
  payload: Blob;
}

export async function multipartBody(
  parts: readonly MultipartPart[],
  boundary: string,
): Promise<Buffer> {
  const payloads = await Promise.all(parts.map((part) => part.payload.arrayBuffer()));
  const pieces: Buffer[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    pieces.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\nContent-Type: ${part.payload.type}\r\n\r\n`,
      ),
      Buffer.from(payloads[i]!),
      CRLF,
    );
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

const CRLF = Buffer.from('\r\n');

/** The client internals replaced (protected in its types). */
interface ClientBody {
  multipartStreamingDisabled?: boolean;
  _createNodeFetchBody?: (
    parts: MultipartPart[],
    boundary: string,
  ) => Promise<ArrayBuffer | Buffer>;
}

/** Makes `client` build its multipart bodies with `multipartBody`, buffered (not streamed). */
export function useFastMultipart(client: object): void {
  const c = client as ClientBody;
  if (typeof c._createNodeFetchBody !== 'function') return;
  c.multipartStreamingDisabled = true;
  c._createNodeFetchBody = multipartBody;
}
