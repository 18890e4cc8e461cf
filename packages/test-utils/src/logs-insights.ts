/**
 * What a CloudWatch Logs Insights query reads, so a test can check a saved query against events
 * really delivered (the exporter's collector-config test with synthetic spans, the e2e test with
 * a real app's).
 */

/** The query language's words (commands, functions, operators, sort orders). */
const KEYWORDS = new Set(
  'fields filter stats sort limit display dedup parse by as asc desc and or not like in count avg pct sum min max bin ispresent'.split(
    ' ',
  ),
);

/** The event fields a query reads: identifiers, less strings, system fields, aliases, keywords. */
export function insightsQueryFields(query: string): string[] {
  // Strings, system fields (@timestamp) and numbers with units (5m) are not fields.
  const text = query
    .replace(/"[^"]*"/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/\b\d+[a-z]*\b/g, ' ');
  const aliases = new Set([...text.matchAll(/\bas\s+(\w+)/g)].map((m) => m[1]!));
  const words = text.match(/[A-Za-z_][\w.]*/g) ?? [];
  return [
    ...new Set(
      words.filter(
        (w) => !KEYWORDS.has(w) && !aliases.has(w) && !/^\d/.test(w) && !/^\d+m$/.test(w),
      ),
    ),
  ];
}

/** `field = "value"` comparisons of a query or a metric filter pattern. */
export function insightsEqualities(text: string): [string, string][] {
  return [...text.matchAll(/\$?\.?(\w+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]!, m[2]!]);
}
