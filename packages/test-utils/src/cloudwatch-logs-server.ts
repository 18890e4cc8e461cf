/**
 * A local CloudWatch Logs endpoint speaking the service's JSON 1.1 protocol
 * (`X-Amz-Target: Logs_20140328.<Operation>`, `application/x-amz-json-1.1`, errors as
 * `{"__type": …, "message": …}`), enforcing what the real service enforces: log group and stream
 * names (pattern and length, refused with the service's InvalidParameterException and message),
 * and on PutLogEvents existing group and stream, chronological order, 1 MiB incl. 26 bytes per
 * event, 10,000 events, 24 h span, too-old / too-new events reported in `rejectedLogEventsInfo`,
 * so the real AWS SDK client can be tested against it. Shared by the `awsemf` and
 * `awscloudwatchlogs` exporters' tests; `hang()` makes it a destination that accepts
 * connections and never answers (a bounded shutdown's test).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const DAY = 86_400_000;

export interface RecordedCall {
  operation: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** HTTP status answered. */
  status: number;
  /** When it arrived (ms). */
  at: number;
}

export interface StoredEvent {
  timestamp: number;
  message: string;
}

interface Group {
  retentionInDays?: number;
  tags?: Record<string, string>;
  streams: Map<string, StoredEvent[]>;
}

export interface InjectedFailure {
  status: number;
  type: string;
  message?: string;
}

export interface FakeCloudWatchLogs {
  url: string;
  calls: RecordedCall[];
  groups: Map<string, Group>;
  /** The next `times` calls of `operation` fail this way (before any other check). */
  failNext(operation: string, failure: InjectedFailure, times?: number): void;
  /** From now on every request is read and never answered (until `close`). */
  hang(): void;
  /** Events stored in a stream, oldest first. */
  events(group: string, stream: string): StoredEvent[];
  /** Resolves once `predicate` holds, re-checked after every call. */
  until(predicate: () => boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeCloudWatchLogs(
  options: { now?: () => number } = {},
): Promise<FakeCloudWatchLogs> {
  const now = options.now ?? Date.now;
  const calls: RecordedCall[] = [];
  const groups = new Map<string, Group>();
  const failures = new Map<string, InjectedFailure[]>();
  let waiters: (() => void)[] = [];
  let hanging = false;

  const server: Server = createServer((req, res) => {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (hanging) {
        calls.push({ operation: 'hung', headers: req.headers, body: {}, status: 0, at: arrived });
        return;
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('Logs_20140328.')
        ? target.slice('Logs_20140328.'.length)
        : target;
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {}
      const answer = (status: number, payload: unknown) => {
        calls.push({ operation, headers: req.headers, body, status, at: arrived });
        const text = JSON.stringify(payload);
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `req-${calls.length}`,
          'content-length': Buffer.byteLength(text),
        });
        res.end(text);
        const w = waiters;
        waiters = [];
        for (const wake of w) wake();
      };
      const error = (status: number, type: string, message: string) =>
        answer(status, { __type: type, message });

      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/x-amz-json-1.1') {
        return error(400, 'SerializationException', 'expected a JSON 1.1 POST');
      }
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 Credential=')) {
        return error(400, 'MissingAuthenticationTokenException', 'request is not signed');
      }
      const injected = failures.get(operation)?.shift();
      if (injected) return error(injected.status, injected.type, injected.message ?? injected.type);
      const invalid = nameErrors(body);
      if (invalid.length > 0) {
        const n = invalid.length;
        return error(
          400,
          'InvalidParameterException',
          `${n} validation error${n > 1 ? 's' : ''} detected: ${invalid.join('; ')}`,
        );
      }

      const groupName = String(body.logGroupName ?? '');
      const group = groups.get(groupName);
      switch (operation) {
        case 'CreateLogGroup':
          if (group)
            return error(
              400,
              'ResourceAlreadyExistsException',
              'The specified log group already exists',
            );
          groups.set(groupName, {
            streams: new Map(),
            ...(body.tags ? { tags: body.tags as Record<string, string> } : {}),
          });
          return answer(200, {});
        case 'PutRetentionPolicy':
          if (!group)
            return error(
              400,
              'ResourceNotFoundException',
              'The specified log group does not exist.',
            );
          group.retentionInDays = Number(body.retentionInDays);
          return answer(200, {});
        case 'CreateLogStream': {
          if (!group)
            return error(
              400,
              'ResourceNotFoundException',
              'The specified log group does not exist.',
            );
          const stream = String(body.logStreamName);
          if (group.streams.has(stream)) {
            return error(
              400,
              'ResourceAlreadyExistsException',
              'The specified log stream already exists',
            );
          }
          group.streams.set(stream, []);
          return answer(200, {});
        }
        case 'PutLogEvents': {
          if (!group)
            return error(
              400,
              'ResourceNotFoundException',
              'The specified log group does not exist.',
            );
          const stream = group.streams.get(String(body.logStreamName));
          if (!stream)
            return error(
              400,
              'ResourceNotFoundException',
              'The specified log stream does not exist.',
            );
          const events = (body.logEvents ?? []) as StoredEvent[];
          const problem = checkBatch(events);
          if (problem) return error(400, 'InvalidParameterException', problem);
          const t = now();
          let tooOld = 0;
          while (tooOld < events.length && events[tooOld]!.timestamp < t - 14 * DAY) tooOld++;
          let tooNew = events.findIndex((e) => e.timestamp > t + 2 * 3_600_000);
          if (tooNew < 0) tooNew = events.length;
          stream.push(...events.slice(tooOld, tooNew));
          const info: Record<string, number> = {};
          if (tooOld > 0) info.tooOldLogEventEndIndex = tooOld;
          if (tooNew < events.length) info.tooNewLogEventStartIndex = tooNew;
          return answer(200, {
            nextSequenceToken: String(stream.length),
            ...(Object.keys(info).length > 0 ? { rejectedLogEventsInfo: info } : {}),
          });
        }
        default:
          return error(400, 'UnknownOperationException', `unknown operation ${target}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    groups,
    failNext(operation, failure, times = 1) {
      const list = failures.get(operation) ?? [];
      for (let i = 0; i < times; i++) list.push(failure);
      failures.set(operation, list);
    },
    hang() {
      hanging = true;
    },
    events: (group, stream) => groups.get(group)?.streams.get(stream) ?? [],
    until(predicate) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve) => {
        const check = () => (predicate() ? resolve() : waiters.push(check));
        waiters.push(check);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The service's constraints on names, in its words (CreateLogGroup … PutLogEvents). */
const NAME_RULES = [
  { member: 'logGroupName', pattern: /^[.\-_/#A-Za-z0-9]+$/, shown: '[\\.\\-_/#A-Za-z0-9]+' },
  { member: 'logStreamName', pattern: /^[^:*]*$/, shown: '[^:*]*' },
] as const;

function nameErrors(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const rule of NAME_RULES) {
    const value = body[rule.member];
    if (typeof value !== 'string') continue;
    const at = `Value '${value}' at '${rule.member}' failed to satisfy constraint: Member must`;
    if (!rule.pattern.test(value))
      out.push(`${at} satisfy regular expression pattern: ${rule.shown}`);
    if (value.length > 512) out.push(`${at} have length less than or equal to 512`);
    if (value.length < 1) out.push(`${at} have length greater than or equal to 1`);
  }
  return out;
}

/** The service's PutLogEvents batch rules. */
function checkBatch(events: StoredEvent[]): string | undefined {
  if (events.length === 0) return 'logEvents must not be empty';
  if (events.length > 10_000) return `too many events: ${events.length}`;
  let bytes = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    bytes += Buffer.byteLength(e.message) + 26;
    if (i > 0 && e.timestamp < events[i - 1]!.timestamp) {
      return 'Log events in a single PutLogEvents request must be in chronological order.';
    }
  }
  if (bytes > 1_048_576) return `batch of ${bytes} bytes exceeds 1048576`;
  if (events[events.length - 1]!.timestamp - events[0]!.timestamp > DAY) {
    return 'A batch of log events in a single request cannot span more than 24 hours.';
  }
  return undefined;
}
