// Stand-in for @genai-otel/mock-llm-server while that package has no build: answers
// /v1/chat/completions instantly in OpenAI's JSON and SSE shapes. Results produced with it are
// labelled as such; the published figures use the real mock server.
import { createServer } from 'node:http';

const words = ['Hello', '!', ' How', ' can', ' I', ' help', ' you', ' today', '?'];

function usage(reasoning, cached) {
  return {
    prompt_tokens: 11,
    completion_tokens: words.length + reasoning,
    total_tokens: 11 + words.length + reasoning,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0 },
  };
}

function handle(body, headers, res) {
  const head = { id: 'chatcmpl-bench', created: 1_700_000_000, model: body.model };
  const reasoning = /^o\d|^gpt-5/.test(body.model) ? 64 : 0;
  const cached = Math.min(11, Number.parseInt(headers['x-mock-cached-tokens'] ?? '0', 10) || 0);
  if (!body.stream) {
    const out = JSON.stringify({
      ...head,
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: words.join(''), refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: usage(reasoning, cached),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(out);
    return;
  }
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (choices, u) =>
    `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices, ...(withUsage ? { usage: u ?? null } : {}) })}\n\n`;
  let out = chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  for (const w of words) out += chunk([{ index: 0, delta: { content: w }, finish_reason: null }]);
  out += chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
  if (withUsage) out += chunk([], usage(reasoning, cached));
  out += 'data: [DONE]\n\n';
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(out);
}

/** @returns {Promise<{url: string, close(): Promise<void>}>} */
export async function startInstantMock() {
  const server = createServer((req, res) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => handle(JSON.parse(Buffer.concat(parts).toString()), req.headers, res));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
