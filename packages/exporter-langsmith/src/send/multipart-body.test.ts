import { Client } from 'langsmith';
import { describe, expect, it } from 'vitest';
import { type MultipartPart, multipartBody, useFastMultipart } from './multipart-body.js';

/** Parts as the client makes them: JSON with a length, and a binary attachment. */
function parts(): MultipartPart[] {
  const json = (value: unknown) => {
    const data = new TextEncoder().encode(JSON.stringify(value));
    return new Blob([data], { type: `application/json; length=${data.length}` });
  };
  return [
    { name: 'post.0193-run', payload: json({ id: '0193-run', name: 'chat ü', run_type: 'llm' }) },
    {
      name: 'post.0193-run.inputs',
      payload: json({ messages: [{ role: 'user', content: 'hé' }] }),
    },
    {
      name: 'attachment.0193-run.img',
      payload: new Blob([new Uint8Array([0, 255, 13, 10])], { type: 'image/png; length=4' }),
    },
  ];
}

describe('the multipart body', () => {
  it('is byte for byte what the langsmith client builds itself', async () => {
    const own = (
      Client.prototype as unknown as {
        _createNodeFetchBody(p: MultipartPart[], b: string): Promise<ArrayBuffer>;
      }
    )._createNodeFetchBody;
    const boundary = '----LangSmithFormBoundaryabc123';
    const expected = Buffer.from(await own.call(new Client({ apiKey: 'x' }), parts(), boundary));
    const actual = await multipartBody(parts(), boundary);
    expect(actual.equals(expected)).toBe(true);
    expect(actual.toString('latin1')).toContain(
      'name="post.0193-run.inputs"\r\nContent-Type: application/json; length=',
    );
  });
});

/** The body and content type of the one `/runs/multipart` request `client` makes for `runs`. */
async function bodyOf(client: Client, runs: unknown[]): Promise<string> {
  const internals = client as unknown as {
    multipartIngestRuns(p: { runCreates: unknown[] }): Promise<void>;
  };
  await internals.multipartIngestRuns({ runCreates: runs });
  const seen = requests.splice(0);
  expect(seen).toHaveLength(1);
  const { body, type } = seen[0]!;
  const boundary = /boundary=(.+)$/.exec(type)![1]!;
  // Each request has a random boundary: the same one for both sides of the comparison.
  return body.toString('latin1').replaceAll(boundary, 'BOUNDARY');
}

const requests: { body: Buffer; type: string }[] = [];
function clientFor(): Client {
  return new Client({
    apiKey: 'x',
    apiUrl: 'http://langsmith.test',
    autoBatchTracing: false,
    fetchImplementation: (async (url: string, init: RequestInit) => {
      if (String(url).endsWith('/info')) return Response.json({});
      const type = (init.headers as Record<string, string>)['Content-Type']!;
      requests.push({ body: Buffer.from(init.body as ArrayBuffer), type });
      return Response.json({});
    }) as never,
  });
}

describe('a client using the fast multipart body', () => {
  it('sends the bytes the client sends itself, from what it serialized', async () => {
    const runs = ['01', '02'].map((n) => ({
      id: `0193e5a0-0000-7000-8000-0000000000${n}`,
      trace_id: '0193e5a0-0000-7000-8000-000000000001',
      dotted_order: `20260101T000000000000Z0193e5a0-0000-7000-8000-0000000000${n}`,
      name: `chat ü ${n}`,
      run_type: 'llm',
      start_time: '2026-01-01T00:00:00.000Z',
      end_time: '2026-01-01T00:00:01.000Z',
      inputs: { messages: [{ role: 'user', content: 'hé 👋' }] },
      outputs: { generations: [{ text: 'ok' }] },
      extra: { metadata: { ls_provider: 'openai' } },
    }));
    const own = clientFor();
    (own as unknown as { multipartStreamingDisabled: boolean }).multipartStreamingDisabled = true;
    const expected = await bodyOf(own, structuredClone(runs));
    const fast = clientFor();
    useFastMultipart(fast);
    // No Blob is read back when the serialized bytes are at hand.
    const read = Blob.prototype.arrayBuffer;
    let blobsRead = 0;
    Blob.prototype.arrayBuffer = function (this: Blob) {
      blobsRead++;
      return read.call(this);
    };
    try {
      expect(await bodyOf(fast, structuredClone(runs))).toBe(expected);
    } finally {
      Blob.prototype.arrayBuffer = read;
    }
    expect(blobsRead).toBe(0);
    expect(expected).toContain('name="post.0193e5a0-0000-7000-8000-000000000002.inputs"');
  });

  it('reads the Blobs of a run serialized twice at once, never framing one with the other', async () => {
    // The same run id twice in one request, with contents of the same length.
    const runs = ['one', 'two'].map((text) => ({
      id: '0193e5a0-0000-7000-8000-000000000009',
      trace_id: '0193e5a0-0000-7000-8000-000000000009',
      dotted_order: '20260101T000000000000Z0193e5a0-0000-7000-8000-000000000009',
      name: 'chat',
      run_type: 'llm',
      inputs: { text },
    }));
    const own = clientFor();
    (own as unknown as { multipartStreamingDisabled: boolean }).multipartStreamingDisabled = true;
    const expected = await bodyOf(own, structuredClone(runs));
    const fast = clientFor();
    useFastMultipart(fast);
    expect(await bodyOf(fast, structuredClone(runs))).toBe(expected);
    expect(expected.indexOf('{"text":"one"}')).toBeLessThan(expected.indexOf('{"text":"two"}'));
  });
});
