/**
 * The multipart body of `POST /runs/multipart`, framed as the langsmith client frames it
 * (`Client._createNodeFetchBody`: `--boundary`, `Content-Disposition`, `Content-Type`, the part,
 * CRLF; a closing boundary), byte for byte (see multipart-body.test.ts) — but in one Buffer. The
 * client's own version wraps every boundary and header in a Blob of its own and reads them all
 * back: at ~1.7 ms per run it was the exporter's bottleneck (issue 9,
 * `bench/components/langsmith-throughput.mjs`). Its streamed variant writes each piece to the
 * socket separately; the exporter turns streaming off and uses this.
 *
 * Reading a part's Blob back is itself async and costly (~20 µs per run, a fifth of the
 * exporter's CPU in the bench), yet its bytes are the very ones the client serialized a moment
 * before: `useFastMultipart` keeps them as `_serializeRunParts` makes them, and the body takes
 * them from there (a Blob is read only for a part not seen, e.g. on the client's retry).
 */

/** A part as the client hands it over: its name and its payload as a Blob (with its type). */
export interface MultipartPart {
  name: string;
  payload: Blob;
}

/** A part as `_serializeRunParts` makes it, before the client wraps `data` in a Blob. */
interface SerializedPart {
  name: string;
  contentType: string;
  data: Uint8Array | string;
}

/**
 * Bytes of the parts serialized and not yet framed, by part name (run id and field); `null` for a
 * name serialized twice meanwhile (the same run in two requests at once): its Blobs are read.
 */
export type PartBytes = Map<string, Uint8Array | null>;

const CRLF = Buffer.from('\r\n');

export async function multipartBody(
  parts: readonly MultipartPart[],
  boundary: string,
  known?: PartBytes,
): Promise<Buffer> {
  const payloads: (Uint8Array | Promise<ArrayBuffer>)[] = parts.map((part) => {
    const bytes = known?.get(part.name);
    // Taken once: a retry of the same request reads the Blob, which holds the same bytes.
    if (bytes) known!.delete(part.name);
    return bytes && bytes.byteLength === part.payload.size ? bytes : part.payload.arrayBuffer();
  });
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const payload = payloads[i]!;
    pieces.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\nContent-Type: ${part.payload.type}\r\n\r\n`,
      ),
      payload instanceof Uint8Array ? payload : new Uint8Array(await payload),
      CRLF,
    );
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

/** The client internals replaced (protected in its types). */
interface ClientBody {
  multipartStreamingDisabled?: boolean;
  _createNodeFetchBody?: (
    parts: MultipartPart[],
    boundary: string,
  ) => Promise<ArrayBuffer | Buffer>;
  _serializeRunParts?: (...args: unknown[]) => Promise<SerializedPart[]>;
  multipartIngestRuns?: (...args: unknown[]) => Promise<void>;
}

/**
 * Makes `client` build its multipart bodies with `multipartBody`, buffered (not streamed), from
 * the bytes it serialized. Kept bytes live from serialization to framing; whatever a call left
 * (it failed before building its body) is let go when no ingest call is under way.
 */
export function useFastMultipart(client: object): void {
  const c = client as ClientBody;
  const serialize = c._serializeRunParts;
  const ingest = c.multipartIngestRuns;
  if (typeof c._createNodeFetchBody !== 'function') return;
  c.multipartStreamingDisabled = true;
  const known: PartBytes = new Map();
  c._createNodeFetchBody = (parts, boundary) => multipartBody(parts, boundary, known);
  if (typeof serialize !== 'function' || typeof ingest !== 'function') return;
  let active = 0;
  c._serializeRunParts = async function (this: unknown, ...args: unknown[]) {
    const parts = await serialize.apply(this, args);
    for (const part of parts) {
      const bytes = typeof part.data === 'string' ? Buffer.from(part.data) : part.data;
      known.set(part.name, known.has(part.name) ? null : bytes);
    }
    return parts;
  };
  c.multipartIngestRuns = async function (this: unknown, ...args: unknown[]) {
    active++;
    try {
      return await ingest.apply(this, args);
    } finally {
      if (--active === 0) known.clear();
    }
  };
}
