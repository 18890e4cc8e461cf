import { Client } from 'langsmith';
import { describe, expect, it } from 'vitest';
import { type MultipartPart, multipartBody } from './multipart-body.js';

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
