/**
 * Without a context manager (an sdk started with `registerGlobals: false` in a process that
 * registered none), our exports' `suppressTracing` mark cannot be seen: no outgoing request is
 * traced then, or every export would make a span that is exported again.
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { leftOut } from './left-out.js';

afterAll(() => context.disable());

describe('leftOut without a context manager', () => {
  it('leaves every outgoing request alone until one carries context, then only ours', () => {
    context.disable();
    expect(leftOut(false)()).toBe(true);
    expect(leftOut(true)()).toBe(true);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    expect(leftOut(false)()).toBe(false);
    expect(leftOut(true)()).toBe(false);
  });
});
