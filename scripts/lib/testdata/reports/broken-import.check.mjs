// Fails before any test runs: the file's import does not resolve.
import { expect, it } from 'vitest';
import './no-such-module.mjs';

it('never runs', () => expect(true).toBe(true));
