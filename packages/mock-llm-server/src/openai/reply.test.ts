import { describe, expect, it } from 'vitest';
import { cachedTokensFor, exampleArguments, planReply, promptTokens, type Turn } from './reply.js';

const user = (text: string): Turn => ({ role: 'user', text, images: 0, toolCalls: [] });
const tools = [{ name: 'search' }, { name: 'lookup_user' }];

describe('planReply', () => {
  it('echoes the last user or tool turn, with a greeting for empty text', () => {
    expect(planReply([user('Hi')], [], 'auto', true)).toEqual({ kind: 'text', text: 'Echo: Hi' });
    expect(
      planReply(
        [user('q'), { role: 'tool', text: 'result', images: 0, toolCalls: [] }],
        [],
        'auto',
        true,
      ),
    ).toEqual({ kind: 'text', text: 'Echo: result' });
    expect(
      planReply([{ role: 'system', text: 'sys', images: 0, toolCalls: [] }], [], 'auto', true),
    ).toEqual({
      kind: 'text',
      text: 'Hello! How can I help you today?',
    });
  });

  it('calls mentioned tools unless told not to, and forced ones', () => {
    const plan = planReply([user('please SEARCH and lookup_user')], tools, 'auto', true);
    expect(plan.kind === 'tool_calls' && plan.calls.map((c) => c.name)).toEqual([
      'search',
      'lookup_user',
    ]);
    expect(planReply([user('search')], tools, 'none', true).kind).toBe('text');
    expect(planReply([user('nothing')], tools, 'auto', true).kind).toBe('text');
    const forced = planReply([user('nothing')], tools, { name: 'lookup_user' }, true);
    expect(forced.kind === 'tool_calls' && forced.calls[0]!.name).toBe('lookup_user');
  });
});

describe('exampleArguments', () => {
  it('fills every property from default, enum or type', () => {
    const args = exampleArguments({
      type: 'object',
      properties: {
        q: { type: 'string' },
        n: { type: 'integer' },
        exact: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        mode: { type: 'string', enum: ['fast', 'slow'] },
        limit: { type: 'number', default: 5 },
        filter: { type: 'object', properties: { lang: { type: 'string' } } },
      },
    });
    expect(JSON.parse(args)).toEqual({
      q: 'q_value',
      n: 1,
      exact: true,
      tags: [],
      mode: 'fast',
      limit: 5,
      filter: { lang: 'lang_value' },
    });
    expect(exampleArguments(undefined)).toBe('{}');
  });
});

describe('token rules', () => {
  it('counts messages, images, tool calls and tool definitions', () => {
    expect(promptTokens([user('Hello, world!')], [])).toBe(11);
    expect(promptTokens([{ role: 'user', text: '', images: 2, toolCalls: [] }], [])).toBe(
      3 + 4 + 170,
    );
    expect(promptTokens([user('Hi')], [], 'Be brief.')).toBe(3 + 7 + 5);
  });

  it('caches ≥1024-token prompts in 128-token steps, or as the header says', () => {
    expect(cachedTokensFor(1023, undefined)).toBe(0);
    expect(cachedTokensFor(1024, undefined)).toBe(1024);
    expect(cachedTokensFor(1300, undefined)).toBe(1280);
    expect(cachedTokensFor(20, '7')).toBe(7);
    expect(cachedTokensFor(20, '99')).toBe(20);
  });
});
