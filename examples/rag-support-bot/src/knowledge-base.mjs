// Two tenants' help-centre articles, each indexed under the questions it answers (the
// "hypothetical questions" way of indexing a FAQ: questions embed close to questions).

export const ARTICLES = [
  {
    id: 'kb-acme-001',
    tenant: 'acme',
    title: 'Resetting your password',
    text: 'To reset your password, open Settings → Security and choose Reset password. The reset link we email you expires after 30 minutes.',
    questions: ['how do i reset my password', 'i forgot my password'],
  },
  {
    id: 'kb-acme-002',
    tenant: 'acme',
    title: 'Two-factor recovery',
    text: 'Lost your phone? Sign in with one of your recovery codes, then set up two-factor authentication again under Settings → Security.',
    questions: ['how do i reset my password', 'i lost my two factor device'],
  },
  {
    id: 'kb-acme-003',
    tenant: 'acme',
    title: 'Billing cycle',
    text: 'Acme bills on the first day of each month for the month ahead; invoices are in Settings → Billing.',
    questions: ['when am i billed', 'where are my invoices'],
  },
  {
    id: 'kb-globex-001',
    tenant: 'globex',
    title: 'Refunds',
    text: 'You can request a refund for an annual plan within 30 days of purchase; after that, unused months are credited to your account.',
    questions: ['can i get a refund on an annual plan', 'how do refunds work'],
  },
  {
    id: 'kb-globex-002',
    tenant: 'globex',
    title: 'The Enterprise plan',
    text: 'The Enterprise plan adds audit logs, a 99.9% uptime commitment and priority support.',
    questions: ['what does the enterprise plan include', 'do you support single sign on'],
  },
];

/**
 * Support tickets arriving at the same time, from two tenants. Each is one conversation.
 * expected: what the bot does with it, so the output can say what to look for.
 */
export const TICKETS = [
  {
    id: 'conv-acme-1001',
    tenant: 'acme',
    userId: 'acme-user-17',
    question: 'How do I reset my password?',
    expected: 'answered: two articles retrieved, the first fully grounds the answer',
  },
  {
    id: 'conv-acme-1002',
    tenant: 'acme',
    userId: 'acme-user-23',
    question: 'Why was my card charged twice?',
    expected: 'retrieval miss → handoff to a human (retrieval_miss)',
  },
  {
    id: 'conv-globex-2001',
    tenant: 'globex',
    userId: 'globex-user-4',
    question: 'Can I get a refund on an annual plan?',
    expected: 'answered',
  },
  {
    id: 'conv-globex-2002',
    tenant: 'globex',
    userId: 'globex-user-9',
    question: 'Do you support single sign-on?',
    expected:
      'retrieved, but the best passage barely matches (grounding 0.33) → handoff to a human (low_confidence)',
  },
];
