import type { ExporterFactory } from '@genai-otel/component';
import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from './default-registry.js';
import { ComponentRegistry } from './registry.js';

const exporter = (type: string, aliases?: string[]): ExporterFactory => ({
  kind: 'exporter',
  type,
  ...(aliases ? { aliases } : {}),
  signals: ['traces'],
  description: type,
  createDefaultConfig: () => ({}),
  create: () => ({}),
});

describe('ComponentRegistry', () => {
  it('finds a factory by type and by alias, per kind', () => {
    const otlp = exporter('otlp_http', ['otlphttp']);
    const registry = new ComponentRegistry().register(otlp);
    expect(registry.get('exporter', 'otlp_http')).toBe(otlp);
    expect(registry.get('exporter', 'otlphttp')).toBe(otlp);
    expect(registry.get('receiver', 'otlp_http')).toBeUndefined();
    expect(registry.get('exporter', 'otlp')).toBeUndefined();
  });

  it('lists canonical types only, sorted', () => {
    const registry = new ComponentRegistry()
      .register(exporter('zipkin'))
      .register(exporter('otlp_http', ['otlphttp']));
    expect(registry.types('exporter')).toEqual(['otlp_http', 'zipkin']);
    expect(registry.types('processor')).toEqual([]);
    expect(registry.factories().map((f) => f.type)).toEqual(['zipkin', 'otlp_http']);
  });

  it('refuses a type or alias registered twice for the same kind', () => {
    const registry = new ComponentRegistry().register(exporter('otlp_http', ['otlphttp']));
    expect(() => registry.register(exporter('otlp_http'))).toThrow(
      'exporter type "otlp_http" is already registered (by the "otlp_http" factory)',
    );
    expect(() => registry.register(exporter('other', ['otlphttp']))).toThrow(
      'exporter type "otlphttp" is already registered (by the "otlp_http" factory)',
    );
    // A failed registration adds nothing.
    expect(registry.get('exporter', 'other')).toBeUndefined();
    // The same name under another kind is fine: receivers and exporters are separate namespaces.
    expect(() => registry.register({ ...exporter('otlp_http'), kind: 'receiver' })).not.toThrow();
  });

  it('the default registry has every built-in component', () => {
    const registry = createDefaultRegistry();
    // Component packages register themselves here too; these are the sdk's own.
    expect(registry.types('receiver')).toEqual(expect.arrayContaining(['genai']));
    expect(registry.types('processor')).toEqual(expect.arrayContaining(['batch']));
    expect(registry.types('exporter')).toEqual(
      expect.arrayContaining(['debug', 'file', 'otlp_http']),
    );
    expect(registry.get('exporter', 'otlphttp')?.type).toBe('otlp_http');
    for (const factory of registry.factories()) {
      expect(factory.description.length).toBeGreaterThan(10);
      expect(factory.schema).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });
});
