/**
 * Precision and recall of each built-in pattern on a labelled corpus of realistic positives (the
 * sensitive value marked ⟦…⟧) and tricky negatives (order numbers that fail Luhn, version
 * strings, UUIDs, model ids…). Each pattern runs alone, as `builtin_patterns: [name]`. The
 * figures are printed (and recorded in the README); the floors below keep them from sliding.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { BuiltinPatternName } from '../src/patterns.js';
import { Redactor } from '../src/redactor.js';
import {
  emailNegatives,
  emailPositives,
  phoneNegatives,
  phonePositives,
} from './corpus/contact.js';
import { ipv4Negatives, ipv4Positives, ipv6Negatives, ipv6Positives } from './corpus/network.js';
import { cardNegatives, cardPositives, ibanNegatives, ibanPositives } from './corpus/payment.js';
import {
  apiKeyNegatives,
  apiKeyPositives,
  credentialNegatives,
  credentialPositives,
  jwtNegatives,
  jwtPositives,
} from './corpus/secrets.js';

const CORPUS: Record<BuiltinPatternName, { positives: string[]; negatives: string[] }> = {
  email: { positives: emailPositives, negatives: emailNegatives },
  phone: { positives: phonePositives, negatives: phoneNegatives },
  payment_card: { positives: cardPositives, negatives: cardNegatives },
  iban: { positives: ibanPositives, negatives: ibanNegatives },
  api_key: { positives: apiKeyPositives, negatives: apiKeyNegatives },
  credential: { positives: credentialPositives, negatives: credentialNegatives },
  jwt: { positives: jwtPositives, negatives: jwtNegatives },
  ipv4: { positives: ipv4Positives, negatives: ipv4Negatives },
  ipv6: { positives: ipv6Positives, negatives: ipv6Negatives },
};

/**
 * Floors: what the corpus measured when written (its known misses and false positive are marked
 * in the corpus files), so a change that lowers them fails.
 */
const FLOOR: Record<BuiltinPatternName, { precision: number; recall: number }> = {
  email: { precision: 1, recall: 0.95 },
  phone: { precision: 1, recall: 0.9 },
  payment_card: { precision: 1, recall: 0.97 },
  iban: { precision: 1, recall: 0.96 },
  api_key: { precision: 1, recall: 1 },
  credential: { precision: 1, recall: 0.96 },
  jwt: { precision: 1, recall: 1 },
  ipv4: { precision: 0.97, recall: 1 },
  ipv6: { precision: 1, recall: 1 },
};

function redactorFor(name: BuiltinPatternName): Redactor {
  return new Redactor({
    allowAllKeys: true,
    allowedKeys: [],
    ignoredKeys: [],
    blockedKeyPatterns: [],
    blockedValues: [],
    allowedValues: [],
    builtinPatterns: [name],
    hashFunction: 'none',
  });
}

function split(marked: string): { before: string; secret: string; after: string } {
  const open = marked.indexOf('⟦');
  const close = marked.indexOf('⟧');
  if (open < 0 || close < open) throw new Error(`positive without ⟦…⟧: ${marked}`);
  return {
    before: marked.slice(0, open),
    secret: marked.slice(open + 1, close),
    after: marked.slice(close + 1),
  };
}

const rows: string[] = [];
afterAll(() => {
  console.log(
    ['pattern        positives  found  exact  negatives  false+  precision  recall', ...rows].join(
      '\n',
    ),
  );
});

describe.each(Object.entries(CORPUS) as [BuiltinPatternName, (typeof CORPUS)['email']][])(
  'built-in pattern %s',
  (name, { positives, negatives }) => {
    const redactor = redactorFor(name);
    const misses: string[] = [];
    const inexact: string[] = [];
    const falsePositives: string[] = [];
    let found = 0;
    let exact = 0;
    for (const marked of positives) {
      const { before, secret, after } = split(marked);
      const out = redactor.redactString(before + secret + after);
      if (out.includes(secret)) {
        misses.push(marked);
        continue;
      }
      found++;
      if (out === `${before}[REDACTED:${name}]${after}`) exact++;
      else inexact.push(`${marked} → ${out}`);
    }
    for (const text of negatives) {
      const out = redactor.redactString(text);
      if (out !== text) falsePositives.push(`${text} → ${out}`);
    }
    const precision = found / (found + falsePositives.length || 1);
    const recall = found / positives.length;
    rows.push(
      `${name.padEnd(14)} ${String(positives.length).padStart(9)}  ${String(found).padStart(5)}  ${String(exact).padStart(5)}  ${String(negatives.length).padStart(9)}  ${String(falsePositives.length).padStart(6)}  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}`,
    );

    it('has several dozen labelled examples', () => {
      expect(positives.length + negatives.length).toBeGreaterThanOrEqual(50);
    });
    it(`recall ≥ ${FLOOR[name].recall}`, () => {
      expect(recall, `missed:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(FLOOR[name].recall);
    });
    it(`precision ≥ ${FLOOR[name].precision}`, () => {
      expect(precision, `false positives:\n${falsePositives.join('\n')}`).toBeGreaterThanOrEqual(
        FLOOR[name].precision,
      );
    });
    it('masks exactly the value, nothing around it', () => {
      expect(inexact).toEqual([]);
    });
  },
);

describe('the default patterns together', () => {
  it('leave every negative of every pattern alone, bar the known false positive', () => {
    const redactor = new Redactor({
      allowAllKeys: true,
      allowedKeys: [],
      ignoredKeys: [],
      blockedKeyPatterns: [],
      blockedValues: [],
      allowedValues: [],
      builtinPatterns: ['email', 'phone', 'payment_card', 'iban', 'api_key', 'credential', 'jwt'],
      hashFunction: 'none',
    });
    const changed = Object.entries(CORPUS)
      .filter(([name]) => name !== 'ipv4' && name !== 'ipv6')
      .flatMap(([, { negatives }]) => negatives)
      .filter((t) => redactor.redactString(t) !== t)
      .map((t) => `${t} → ${redactor.redactString(t)}`);
    // What one pattern's negative is to another pattern a true positive: a phone number among
    // card negatives, an AWS key among IBAN negatives. Those, and nothing else, change.
    expect(changed).toEqual([
      'phone +1 415 555 0132 → phone [REDACTED:phone]',
      'AWS key AKIAIOSFODNN7EXAMPLE → AWS key [REDACTED:api_key]',
    ]);
  });
});
