import { triageSuite } from './triage-suite.js';

// The current line; previous-minor.test.ts runs the same on the oldest one supported.
triageSuite('@openai/agents');
