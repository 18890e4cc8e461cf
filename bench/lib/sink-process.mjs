// The OTLP/HTTP sink (lib/sink.mjs) in a child process, so its CPU time is not in the measured
// process's: the whole-pipeline benchmarks export to it.
import { spawn } from 'node:child_process';

/** The OTLP/HTTP sink in a child process, so its CPU time is not in this process's. */
export function startSinkProcess() {
  // On stdin's end the sink says how many requests and bytes it received, then exits.
  const code =
    "import('./lib/sink.mjs').then(async (m) => { const s = await m.startSink(); " +
    'process.stdout.write(s.url + "\\n"); process.stdin.resume(); process.stdin.on("end", () => ' +
    's.close().then(() => { process.stdout.write(JSON.stringify(s.stats) + "\\n"); process.exit(0); })); })';
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    cwd: new URL('..', import.meta.url),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdout.setEncoding('utf8');
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const exited = new Promise((resolve) => child.once('close', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () =>
      resolve({
        url: out.split('\n')[0].trim(),
        async close() {
          child.stdin.end();
          await exited;
          return JSON.parse(out.split('\n')[1]);
        },
      }),
    );
    child.once('error', reject);
  });
}
