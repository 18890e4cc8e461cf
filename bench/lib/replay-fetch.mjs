// A `fetch` for the openai client that asks the mock server once per distinct request and then
// answers every identical request from memory, chunk by chunk as the server sent its events. The
// SDK does all its usual work (build the request, read headers, parse JSON or SSE); only the
// sockets are gone. With most of a call's cost being the HTTP stack, this makes what an
// instrumentation adds a much larger share of the call, so it can be measured more precisely.

/** Splits an SSE body at event boundaries (a blank line), keeping each event's bytes whole. */
export function sseChunks(text) {
  const out = [];
  let start = 0;
  for (let i = text.indexOf('\n\n'); i !== -1; i = text.indexOf('\n\n', start)) {
    out.push(text.slice(start, i + 2));
    start = i + 2;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

const encoder = new TextEncoder();
// Describe the body we hand back, not the one the server sent.
const DROP = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection']);

/**
 * @param {typeof fetch} realFetch used for the first of each distinct request
 * @returns {typeof fetch & {recorded: Map<string, object>}}
 */
export function replayFetch(realFetch = globalThis.fetch) {
  /** @type {Map<string, {status: number, headers: [string, string][], chunks: Uint8Array[]}>} */
  const recorded = new Map();
  async function fetch(input, init) {
    const url = typeof input === 'string' ? input : String(input.url ?? input);
    const body = typeof init?.body === 'string' ? init.body : '';
    const key = `${init?.method ?? 'GET'} ${url} ${body}`;
    let rec = recorded.get(key);
    if (!rec) {
      const res = await realFetch(input, init);
      const text = await res.text();
      const sse = (res.headers.get('content-type') ?? '').includes('text/event-stream');
      rec = {
        status: res.status,
        headers: [...res.headers].filter(([k]) => !DROP.has(k.toLowerCase())),
        chunks: (sse ? sseChunks(text) : [text]).map((c) => encoder.encode(c)),
      };
      recorded.set(key, rec);
    }
    const { chunks } = rec;
    let i = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (i < chunks.length) controller.enqueue(chunks[i++]);
        else controller.close();
      },
    });
    return new Response(stream, { status: rec.status, headers: rec.headers });
  }
  fetch.recorded = recorded;
  return fetch;
}
