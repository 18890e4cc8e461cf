/**
 * `genai-otel report FILE…`: figures from OTLP JSON-lines span files (what the `file` exporter
 * writes). Lines that cannot be read are named on stderr and the figures come from the rest; the
 * exit code is then 1 so a script notices the file was damaged.
 */
import { parseArgs } from 'node:util';
import { type CliIO, UsageError } from '../cli-io.js';
import { readConversation } from '../report/conversation.js';
import { conversationJson, formatConversation } from '../report/format-conversation.js';
import {
  BREAKDOWNS,
  type Breakdown,
  DEFAULT_TOP,
  formatReport,
  reportJson,
} from '../report/format-report.js';
import { type BadLine, readSpanFiles } from '../report/read-spans.js';
import { ReportBuilder } from '../report/summarize.js';

/** Bad lines named one by one before they are only counted. */
const SHOWN_BAD_LINES = 5;

export async function runReport(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      by: { type: 'string' },
      conversation: { type: 'string' },
      top: { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError('report needs at least one span FILE');
  const by = parseBy(values.by);
  const top = values.top === undefined ? DEFAULT_TOP : Number(values.top);
  if (!Number.isInteger(top) || top < 0) {
    throw new UsageError(`--top must be a whole number (0: all rows), not "${values.top}"`);
  }

  const bad: BadLine[] = [];
  const onBadLine = (b: BadLine) => {
    if (bad.length < SHOWN_BAD_LINES) io.err(`${b.file}:${b.line}: ${b.message}; line skipped\n`);
    bad.push(b);
  };
  try {
    if (values.conversation !== undefined) {
      const trees = await readConversation(positionals, values.conversation, onBadLine);
      io.out(
        values.json
          ? `${JSON.stringify(conversationJson(trees), null, 2)}\n`
          : formatConversation(trees),
      );
    } else {
      const builder = new ReportBuilder();
      await readSpanFiles(positionals, (s) => builder.add(s), onBadLine);
      const report = builder.finish();
      io.out(
        values.json
          ? `${JSON.stringify(reportJson(report, by), null, 2)}\n`
          : formatReport(report, positionals, by, top),
      );
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    io.err(`genai-otel report: ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
    return 1;
  }
  if (bad.length > 0) {
    io.err(
      `genai-otel report: ${bad.length} unreadable line(s) skipped; the figures leave them out\n`,
    );
    return 1;
  }
  return 0;
}

function parseBy(raw: string | undefined): Breakdown[] {
  if (raw === undefined) return [...BREAKDOWNS];
  const out: Breakdown[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const b = BREAKDOWNS.find((x) => x === part);
    if (!b)
      throw new UsageError(`--by: unknown breakdown "${part}" (valid: ${BREAKDOWNS.join(', ')})`);
    out.push(b);
  }
  return out;
}
