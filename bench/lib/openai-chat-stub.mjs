// A chat completions client of the openai SDK (6.x) whose transport hands back prebuilt replies:
// the SDK's own `Completions.create`, `APIPromise` and `Stream` run, no HTTP, no JSON parsing.
// Streamed, a reply is 8 chunks, the last carrying usage.

/** A typical gpt-4o-mini reply, as OpenAI sends it today (no cached or reasoning tokens). */
export const FULL_REPLY = {
  common: {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    created: 1741569952,
    model: 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_06737a9306',
  },
  usage: {
    prompt_tokens: 9,
    completion_tokens: 4,
    total_tokens: 13,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  },
  // Fields of each choice the minimal reply leaves out.
  choice: { logprobs: null },
  message: { refusal: null },
};

/** The same reply with only the fields every version has (the per-provider benches' yardstick). */
export const MINIMAL_REPLY = {
  common: {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    created: 1741569952,
    model: 'gpt-4o-mini-2024-07-18',
  },
  usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
  choice: {},
  message: {},
};

const messages = [{ role: 'user', content: 'Say hello.' }];
/** The request of each mode. */
export const PARAMS = {
  plain: { model: 'gpt-4o-mini', messages },
  stream: { model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } },
};

/**
 * A `Completions` resource over a client that answers with `reply`.
 * @param {{ Completions: Function, APIPromise: Function, Stream: Function }} sdk
 */
export function stubCompletions({ Completions, APIPromise, Stream }, reply = FULL_REPLY) {
  const { common, usage } = reply;
  const completion = {
    ...common,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello! How can I help?', ...reply.message },
        ...reply.choice,
        finish_reason: 'stop',
      },
    ],
    usage,
  };
  const chunk = (delta, finish = null) => ({
    ...common,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, ...reply.choice, finish_reason: finish }],
  });
  const chunks = [
    chunk({ role: 'assistant', content: '' }),
    ...['Hello', '!', ' How', ' can I', ' help?'].map((content) => chunk({ content })),
    chunk({}, 'stop'),
    { ...chunk({}), choices: [], usage },
  ];
  async function* replay() {
    for (const c of chunks) yield c;
  }
  // The client `create` posts through: what `client.post` returns, minus the request.
  const props = { response: {}, options: {}, controller: new AbortController() };
  const client = {
    baseURL: 'https://api.openai.com/v1',
    post(_path, opts) {
      return new APIPromise(client, Promise.resolve(props), () =>
        opts.stream === true ? new Stream(replay, new AbortController(), client) : completion,
      );
    },
  };
  return new Completions(client);
}
