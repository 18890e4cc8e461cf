/** What an export's resource decides: the namespace, and the log group and stream names. */
import { ATTR_SERVICE_NAME } from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import { toNamespace } from './names.js';

const SERVICE_NAMESPACE = 'service.namespace';

/** `{Placeholder}` → resource attribute, as in the collector (the short name is tried first). */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  ClusterName: 'aws.ecs.cluster.name',
  TaskId: 'aws.ecs.task.id',
  NodeName: 'k8s.node.name',
  PodName: 'pod',
  ServiceName: ATTR_SERVICE_NAME,
  ContainerInstanceId: 'aws.ecs.container.instance.id',
  TaskDefinitionFamily: 'aws.ecs.task.family',
};

/** The configured namespace, else `service.namespace/service.name`, else either, else `default`. */
export function resolveNamespace(configured: string, attributes: Attributes): string {
  if (configured) return configured;
  const name = stringAttr(attributes, ATTR_SERVICE_NAME);
  const ns = stringAttr(attributes, SERVICE_NAMESPACE);
  return toNamespace(name && ns ? `${ns}/${name}` : (name ?? ns ?? ''));
}

/** `{ServiceName}`, `{TaskId}`… replaced from resource attributes; a missing one becomes `undefined`. */
export function expandPlaceholders(template: string, attributes: Attributes): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const attr = PLACEHOLDERS[key];
    if (attr === undefined) return whole;
    return stringAttr(attributes, key) || stringAttr(attributes, attr) || 'undefined';
  });
}

function stringAttr(attributes: Attributes, key: string): string | undefined {
  const v = attributes[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
