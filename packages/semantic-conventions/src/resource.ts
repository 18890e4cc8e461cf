/**
 * Resource attributes genai-otel reads: the service that emits, and where it runs. Exporters use
 * them to name things in the backend (the CloudWatch namespace, log group and stream). The
 * OpenTelemetry resource conventions' names where they exist; the rest are the names the
 * OpenTelemetry Collector's `awsemf` exporter and CloudWatch Container Insights use, so the same
 * resource resolves the same placeholders here and in the collector.
 */

/** `service.name` (resource conventions): the logical name of the service. */
export const ATTR_SERVICE_NAME = 'service.name';
/** `service.namespace` (resource conventions): a group of services, e.g. a team or a product. */
export const ATTR_SERVICE_NAMESPACE = 'service.namespace';
/** `aws.ecs.task.id` (resource conventions): the ECS task's id. */
export const ATTR_AWS_ECS_TASK_ID = 'aws.ecs.task.id';
/** `aws.ecs.task.family` (resource conventions): the task definition's family. */
export const ATTR_AWS_ECS_TASK_FAMILY = 'aws.ecs.task.family';
/** `k8s.node.name` (resource conventions): the Kubernetes node. */
export const ATTR_K8S_NODE_NAME = 'k8s.node.name';
/** `aws.ecs.cluster.name`: the ECS cluster's name (Collector / Container Insights; the conventions have only its ARN). */
export const ATTR_AWS_ECS_CLUSTER_NAME = 'aws.ecs.cluster.name';
/** `aws.ecs.container.instance.id`: the EC2 container instance of an ECS task (Collector / Container Insights). */
export const ATTR_AWS_ECS_CONTAINER_INSTANCE_ID = 'aws.ecs.container.instance.id';
/** `pod`: Container Insights' pod (workload) name, behind the `awsemf` placeholder `{PodName}`. */
export const ATTR_CONTAINER_INSIGHTS_POD = 'pod';

// Per-process resource attributes (resource conventions): new values at every start, so the
// Prometheus exporter leaves them off series unless asked (they would start new series each time).
/** `service.instance.id`: one running instance of the service (a random id per process by default). */
export const ATTR_SERVICE_INSTANCE_ID = 'service.instance.id';
/** `process.pid`. */
export const ATTR_PROCESS_PID = 'process.pid';
/** `process.parent_pid`. */
export const ATTR_PROCESS_PARENT_PID = 'process.parent_pid';
/** `process.command`: the command (script) that started the process. */
export const ATTR_PROCESS_COMMAND = 'process.command';
/** `process.command_args`: every argument of the command line. */
export const ATTR_PROCESS_COMMAND_ARGS = 'process.command_args';
/** `process.command_line`: the whole command line as one string. */
export const ATTR_PROCESS_COMMAND_LINE = 'process.command_line';
/** `process.executable.path`. */
export const ATTR_PROCESS_EXECUTABLE_PATH = 'process.executable.path';
/** `process.creation.time`: when the process started. */
export const ATTR_PROCESS_CREATION_TIME = 'process.creation.time';
