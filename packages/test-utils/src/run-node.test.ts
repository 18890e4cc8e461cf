import { describe, expect, it } from 'vitest';
import { runNode } from './run-node.js';

describe('runNode', () => {
  it('collects stdout, stderr and the exit code of the same Node', async () => {
    const r = await runNode(
      [
        '-e',
        'console.log(process.version, process.env.RUN_NODE_TEST); console.error("oops"); process.exit(3)',
      ],
      { env: { RUN_NODE_TEST: 'yes' } },
    );
    expect(r).toMatchObject({
      stdout: `${process.version} yes\n`,
      stderr: 'oops\n',
      code: 3,
      signal: null,
      timedOut: false,
    });
  });

  it('sends a signal once stdout shows the marker, so exit handlers can be tested', async () => {
    const script = `
      process.on('SIGTERM', () => { console.log('flushed'); process.exit(0); });
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    const r = await runNode(['-e', script], {
      signalAfter: { signal: 'SIGTERM', whenStdoutIncludes: 'ready' },
    });
    expect(r.signalSent).toBe(true);
    expect(r.stdout).toBe('ready\nflushed\n');
    expect(r.code).toBe(0);
  });

  it('kills a child that outlives timeoutMs', async () => {
    const r = await runNode(['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(r.code).toBeNull();
  });

  it('feeds stdin', async () => {
    const r = await runNode(['-e', 'process.stdin.pipe(process.stdout)'], { input: 'piped' });
    expect(r.stdout).toBe('piped');
  });
});
