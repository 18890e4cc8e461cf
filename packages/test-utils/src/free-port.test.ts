import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';

describe('freePort', () => {
  it('gives a loopback port that refuses connections', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const error = await new Promise<NodeJS.ErrnoException>((resolve) =>
      connect(port, '127.0.0.1').on('error', resolve),
    );
    expect(error.code).toBe('ECONNREFUSED');
  });
});
