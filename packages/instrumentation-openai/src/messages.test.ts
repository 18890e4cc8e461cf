import { describe, expect, it } from 'vitest';
import { chatInputMessages, toolDefinitions } from './messages.js';

describe('chatInputMessages', () => {
  it('maps media parts without their inline data', () => {
    const input = chatInputMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
        ],
      },
    ]);
    expect(input).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'Look' },
          { type: 'uri', modality: 'image', uri: 'https://example.com/cat.png' },
          { type: 'blob', modality: 'image', mime_type: 'image/png' },
          { type: 'blob', modality: 'audio' },
        ],
      },
    ]);
  });

  it('keeps system and developer messages in the history, in order, with their role', () => {
    expect(
      chatInputMessages([
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }], name: 'ops' },
      ]),
    ).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be terse.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
      { role: 'developer', name: 'ops', parts: [{ type: 'text', content: 'Use tools.' }] },
    ]);
  });

  it('ignores what is not a message', () => {
    expect(chatInputMessages('nope')).toEqual([]);
    expect(chatInputMessages([null, 3])).toEqual([]);
  });
});

describe('toolDefinitions', () => {
  it('flattens chat function tools and keeps other tool types by type', () => {
    expect(
      toolDefinitions([
        { type: 'function', function: { name: 'f', parameters: { type: 'object' } } },
        { type: 'web_search' },
      ]),
    ).toEqual([
      { type: 'function', name: 'f', parameters: { type: 'object' } },
      { type: 'web_search' },
    ]);
    expect(toolDefinitions([])).toBeUndefined();
  });
});
