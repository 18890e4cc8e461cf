import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freshDist } from './sdk-dist.js';

/**
 * In a fresh Node process: how many modules of the `langsmith` package are loaded after
 * importing this package's build, and after creating an exporter.
 */
function langsmithModulesLoaded(): { imported: number; created: number } {
  const entry = freshDist('exporter-langsmith');
  const script = `
    import { registerHooks } from 'node:module';
    let loaded = 0;
    registerHooks({
      load(url, context, next) {
        if (/\\/langsmith[@/]/.test(url) && !url.includes('exporter-langsmith')) loaded++;
        return next(url, context);
      },
    });
    const { LangSmithSpanExporter } = await import(${JSON.stringify(entry)});
    const imported = loaded;
    await new LangSmithSpanExporter({ apiUrl: 'http://127.0.0.1:9', apiKey: 'k' }).shutdown();
    console.log(JSON.stringify({ imported, created: loaded }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe('start-up cost', () => {
  it('loads the langsmith client only when an exporter is created', () => {
    const { imported, created } = langsmithModulesLoaded();
    // The sdk's registry imports this package in every app; LangSmith's SDK must not come along.
    expect(imported).toBe(0);
    expect(created).toBeGreaterThan(50);
  });
});
