import type { ToolChoice } from './reply.js';

/** Text of a message's content: a string, or the text parts of an array (images counted apart). */
export function contentOf(content: unknown): { text: string; images: number } {
  if (typeof content === 'string') return { text: content, images: 0 };
  if (!Array.isArray(content)) return { text: '', images: 0 };
  const texts: string[] = [];
  let images = 0;
  for (const part of content as { type?: string; text?: string }[]) {
    if (typeof part?.text === 'string') texts.push(part.text);
    else if (part?.type === 'image_url' || part?.type === 'input_image') images++;
  }
  return { text: texts.join('\n'), images };
}

/** Chat's `{type:'function', function:{name}}` and Responses' `{type:'function', name}` alike. */
export function toolChoiceOf(choice: unknown): ToolChoice {
  if (choice === 'none' || choice === 'required' || choice === 'auto') return choice;
  if (choice && typeof choice === 'object') {
    const c = choice as { function?: { name?: string }; name?: string };
    const name = c.function?.name ?? c.name;
    if (typeof name === 'string') return { name };
  }
  return 'auto';
}

/** `auto` (or nothing) is served on the default tier, which is what OpenAI reports. */
export function serviceTierOf(requested: unknown): string {
  return typeof requested === 'string' && requested !== 'auto' ? requested : 'default';
}
