// The call-recording service's notes. Its transcription backlog makes the first lookup of a
// deal in `slowDeals` time out — deterministically, so the retry path is the same every run.

const NOTES = {
  'D-1001': 'Champion confirmed the budget; procurement sends the order form next week.',
  'D-1002': 'Customer is evaluating a competitor and mentioned a budget freeze until Q1.',
  'D-1003': 'Exec sponsor signed off; the security questionnaire is complete.',
};

export class CallNotesTimeoutError extends Error {
  constructor(dealId) {
    super(`call-notes service timed out for ${dealId} (transcription backlog)`);
    this.name = 'CallNotesTimeoutError';
    this.retryable = true;
  }
}

export function callNotesService({ slowDeals = [] } = {}) {
  const timedOut = new Set();
  return {
    async latestNotes(dealId) {
      await new Promise((resolve) => setImmediate(resolve)); // a network hop
      if (slowDeals.includes(dealId) && !timedOut.has(dealId)) {
        timedOut.add(dealId);
        throw new CallNotesTimeoutError(dealId);
      }
      const notes = NOTES[dealId];
      if (notes === undefined) throw new Error(`no call notes for ${dealId}`);
      return { deal_id: dealId, recorded_on: '2026-11-17', notes };
    },
  };
}
