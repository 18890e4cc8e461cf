import { triageSuite } from './triage-suite.js';

// 0.14, the oldest line bridged (the first with task/turn spans and a pluggable context storage),
// with the openai v6 it depends on: the same trees as on the current line.
triageSuite('@openai/agents-v014');
