import { describe, expect, it } from 'vitest';
import { inputMessages, openAITools, outputChoices } from './messages.js';

describe('conventions messages → OpenAI chat messages', () => {
  it('puts system instructions first and keeps names, tool calls and tool results', () => {
    const messages = inputMessages(
      [{ type: 'text', content: 'Be brief.' }],
      [
        { role: 'user', name: 'ann', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
          ],
        },
        {
          role: 'tool',
          parts: [
            { type: 'tool_call_response', id: 'call_1', response: '{"temp_c":21}' },
            { type: 'tool_call_response', id: 'call_2', response: { ok: true } },
          ],
        },
      ],
    );
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', name: 'ann', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: '{"ok":true}' },
    ]);
  });

  it('renders images by URL and uncaptured media as markers; leaves reasoning out', () => {
    const [m] = inputMessages(undefined, [
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is this?' },
          { type: 'uri', modality: 'image', uri: 'https://x/cat.png' },
          { type: 'blob', modality: 'audio' },
          { type: 'reasoning', content: 'hidden' },
        ],
      },
    ])!;
    expect(m!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'https://x/cat.png' } },
      { type: 'text', text: '[audio]' },
    ]);
  });

  it('is undefined when nothing was captured, and an empty list for an empty capture', () => {
    expect(inputMessages(undefined, undefined)).toBeUndefined();
    expect(inputMessages(undefined, [])).toEqual([]);
  });

  it('turns output messages into choices', () => {
    expect(
      outputChoices([
        {
          role: 'assistant',
          finish_reason: 'stop',
          parts: [
            { type: 'text', content: 'Hi' },
            { type: 'text', content: '!' },
          ],
        },
        { role: 'assistant', finish_reason: '', parts: [] },
      ]),
    ).toEqual([
      { index: 0, message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'stop' },
      { index: 1, message: { role: 'assistant', content: null }, finish_reason: null },
    ]);
    expect(outputChoices('not json')).toBeUndefined();
  });

  it('turns flat tool definitions into OpenAI tools', () => {
    expect(openAITools([{ type: 'function', name: 'f', parameters: { type: 'object' } }])).toEqual([
      { type: 'function', function: { name: 'f', parameters: { type: 'object' } } },
    ]);
    expect(openAITools([])).toBeUndefined();
  });
});
