import { existsSync, readFileSync } from 'node:fs';
import { ATTR_SERVICE_NAME } from '@genai-otel/semantic-conventions';
import { describe, expect, it, vi } from 'vitest';
import { buildResource, parseResourceAttributes } from './resource.js';

describe('buildResource', () => {
  it('has the SDK, process and host attributes and a default service name', () => {
    const { attributes } = buildResource({ telemetry: {} }, {});
    expect(attributes).toMatchObject({
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': '3.1.0',
      'process.pid': process.pid,
      'process.runtime.name': 'nodejs',
    });
    expect(attributes['host.name']).toEqual(expect.any(String));
    expect(String(attributes[ATTR_SERVICE_NAME])).toMatch(/^unknown_service:/);
  });

  it("settles the detectors' asynchronous attributes by itself: host.id included, attributes built once", async () => {
    const resource = buildResource({ telemetry: {} }, {});
    await vi.waitFor(() => expect(resource.asyncAttributesPending).toBe(false));
    // Built once, not at every read.
    expect(resource.attributes).toBe(resource.attributes);
    // The host detector reads the machine id from here on Linux (this machine has one).
    if (existsSync('/etc/machine-id')) {
      expect(resource.attributes['host.id']).toBe(readFileSync('/etc/machine-id', 'utf8').trim());
    }
  });

  it('layers YAML < OTEL_RESOURCE_ATTRIBUTES < OTEL_SERVICE_NAME', () => {
    const config = {
      telemetry: { resource: { [ATTR_SERVICE_NAME]: 'from-yaml', team: 'yaml', region: 'eu' } },
    };
    expect(buildResource(config, {}).attributes).toMatchObject({
      [ATTR_SERVICE_NAME]: 'from-yaml',
      team: 'yaml',
    });
    const env = { OTEL_RESOURCE_ATTRIBUTES: `${ATTR_SERVICE_NAME}=from-attrs,team=env` };
    expect(buildResource(config, env).attributes).toMatchObject({
      [ATTR_SERVICE_NAME]: 'from-attrs',
      team: 'env',
      region: 'eu',
    });
    expect(
      buildResource(config, { ...env, OTEL_SERVICE_NAME: 'from-name' }).attributes[
        ATTR_SERVICE_NAME
      ],
    ).toBe('from-name');
  });

  it('discards OTEL_RESOURCE_ATTRIBUTES whole when one entry is malformed, and says why', () => {
    const warnings: string[] = [];
    expect(parseResourceAttributes('a=1,b%2Cc=x%3Dy', (w) => warnings.push(w))).toEqual({
      a: '1',
      'b,c': 'x=y',
    });
    expect(parseResourceAttributes('a=1,broken', (w) => warnings.push(w))).toEqual({});
    expect(parseResourceAttributes('a=%E0%A4%A', (w) => warnings.push(w))).toEqual({});
    expect(warnings).toEqual([
      'OTEL_RESOURCE_ATTRIBUTES ignored: "broken" is not key=value',
      'OTEL_RESOURCE_ATTRIBUTES ignored: "a=%E0%A4%A" has a bad percent-encoding',
    ]);
  });
});
