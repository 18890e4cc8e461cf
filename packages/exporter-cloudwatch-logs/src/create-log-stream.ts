/**
 * Creating a missing log stream the way both CloudWatch Logs exporters do (`awscloudwatchlogs`,
 * `awsemf`): CreateLogStream; if the group is missing too, CreateLogGroup with the tags,
 * PutRetentionPolicy with the retention, then CreateLogStream again. `ResourceAlreadyExists` is
 * success: another process (or another batch) may have created them first.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

type Sdk = typeof import('@aws-sdk/client-cloudwatch-logs');

export interface CreateLogStreamOptions {
  /** Tags of a group created here. */
  tags: Record<string, string>;
  /** Days to keep a group created here; 0 = never expire (no policy is set). */
  retentionDays: number;
  abortSignal: AbortSignal;
}

/** A step of the creation failed; `cause` is the SDK's error. */
export class CreateLogStreamError extends Error {
  /** `CreateLogStream`, or `creating the log group` (group, retention, then stream). */
  readonly step: string;
  constructor(step: string, cause: unknown) {
    super(`${step} failed`, { cause });
    this.step = step;
  }
}

/** Creates `stream` (and `group` when missing); says whether the group had to be created. */
export async function createLogStream(
  sdk: Sdk,
  client: CloudWatchLogsClient,
  group: string,
  stream: string,
  { tags, retentionDays, abortSignal }: CreateLogStreamOptions,
): Promise<{ groupCreated: boolean }> {
  const createStream = () =>
    client.send(new sdk.CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }), {
      abortSignal,
    });
  try {
    await ignoreExists(createStream());
    return { groupCreated: false };
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException')
      throw new CreateLogStreamError('CreateLogStream', error);
  }
  const withTags = Object.keys(tags).length > 0 ? { tags } : {};
  try {
    await ignoreExists(
      client.send(new sdk.CreateLogGroupCommand({ logGroupName: group, ...withTags }), {
        abortSignal,
      }),
    );
    if (retentionDays > 0) {
      await client.send(
        new sdk.PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: retentionDays }),
        { abortSignal },
      );
    }
    await ignoreExists(createStream());
  } catch (error) {
    throw new CreateLogStreamError('creating the log group', error);
  }
  return { groupCreated: true };
}

/** The AWS error name (`ThrottlingException`), or the JavaScript one. */
export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null
    ? (error as { name?: string }).name
    : undefined;
}

async function ignoreExists(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (errorName(error) !== 'ResourceAlreadyExistsException') throw error;
  }
}
