/** What an export's resource decides: the namespace, and the log group and stream names. */
import { toLogGroupName } from '@genai-otel/exporter-cloudwatch-logs';
import {
  ATTR_AWS_ECS_CLUSTER_NAME,
  ATTR_AWS_ECS_CONTAINER_INSTANCE_ID,
  ATTR_AWS_ECS_TASK_FAMILY,
  ATTR_AWS_ECS_TASK_ID,
  ATTR_CONTAINER_INSIGHTS_POD,
  ATTR_K8S_NODE_NAME,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_NAMESPACE,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import { toNamespace } from './names.js';

/** `{Placeholder}` → resource attribute, as in the collector (the short name is tried first). */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  ClusterName: ATTR_AWS_ECS_CLUSTER_NAME,
  TaskId: ATTR_AWS_ECS_TASK_ID,
  NodeName: ATTR_K8S_NODE_NAME,
  PodName: ATTR_CONTAINER_INSIGHTS_POD,
  ServiceName: ATTR_SERVICE_NAME,
  ContainerInstanceId: ATTR_AWS_ECS_CONTAINER_INSTANCE_ID,
  TaskDefinitionFamily: ATTR_AWS_ECS_TASK_FAMILY,
};

/** The configured namespace, else `service.namespace/service.name`, else either, else `default`. */
export function resolveNamespace(configured: string, attributes: Attributes): string {
  if (configured) return configured;
  const name = stringAttr(attributes, ATTR_SERVICE_NAME);
  const ns = stringAttr(attributes, ATTR_SERVICE_NAMESPACE);
  return toNamespace(name && ns ? `${ns}/${name}` : (name ?? ns ?? ''));
}

/** The `{Name}`s `log_group_name` and `log_stream_name` may hold. */
export const LOG_NAME_PLACEHOLDERS: readonly string[] = Object.keys(PLACEHOLDERS);

/**
 * `{ServiceName}`, `{TaskId}`… replaced from resource attributes (a missing one becomes
 * `undefined`, as in the collector), each value passed through `repair` first: a resource
 * attribute is data, and may hold what a log group or stream name may not.
 */
export function expandPlaceholders(
  template: string,
  attributes: Attributes,
  repair: (value: string) => string,
): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const attr = PLACEHOLDERS[key];
    if (attr === undefined) return whole;
    return repair(stringAttr(attributes, key) || stringAttr(attributes, attr) || 'undefined');
  });
}

function stringAttr(attributes: Attributes, key: string): string | undefined {
  const v = attributes[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The collector's default log group, `/metrics/<namespace>`. A namespace may hold what a log group
 * may not (a space, `:` — OpenTelemetry's default service name is `unknown_service:node`): those
 * characters become `_`, so wherever the collector's group is valid the two are the same group.
 */
export function defaultLogGroupName(namespace: string): string {
  return toLogGroupName(`/metrics/${namespace}`);
}
