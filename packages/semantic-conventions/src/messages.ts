/**
 * The conventions' JSON shape of `gen_ai.input.messages`, `gen_ai.output.messages` and
 * `gen_ai.system_instructions` (serialised to JSON strings on spans in JavaScript).
 */

export type MessageRole = 'system' | 'user' | 'assistant' | 'tool' | (string & {});

export interface TextPart {
  type: 'text';
  content: string;
}

export interface ToolCallRequestPart {
  type: 'tool_call';
  id?: string;
  name: string;
  arguments?: unknown;
}

export interface ToolCallResponsePart {
  type: 'tool_call_response';
  id?: string;
  response: unknown;
}

export interface ReasoningPart {
  type: 'reasoning';
  content: string;
}

/** A part whose content is not captured (an image, audio, a file): type and, when known, modality. */
export interface GenericPart {
  type: string;
  [key: string]: unknown;
}

export type MessagePart =
  | TextPart
  | ToolCallRequestPart
  | ToolCallResponsePart
  | ReasoningPart
  | GenericPart;

export interface ChatMessage {
  role: MessageRole;
  parts: MessagePart[];
  name?: string;
}

export interface OutputMessage extends ChatMessage {
  finish_reason: string;
}

/** `gen_ai.system_instructions` is an array of parts, not of messages. */
export type SystemInstructions = MessagePart[];
