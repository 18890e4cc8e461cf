/** Emails and phone numbers: positives mark the value with ⟦ ⟧, negatives hold none. */

const EMAILS = [
  'jane.doe@example.com',
  'JOHN.SMITH@EXAMPLE.ORG',
  'support+billing@acme.io',
  'first_last@mail.co.uk',
  'a.b-c@sub.domain.example.net',
  'x123@example.engineering',
  'o.connor@uni-heidelberg.de',
  'mike@startup.ai',
  'ops-team@corp.internal.example.com',
  'billing%ops@example.com',
  'zoë.user@example.fr'.replace('ë', 'e'),
  'k8s-alerts@monitoring.example.org',
  'n@x.org',
  'first.middle.last@gov.example.gov',
  'customer.4711@shop.example.de',
  'sales@xn--bcher-kva.example',
  'hr@company.com.au',
  'dev+test+tag@gmail.com',
  'no-reply@notifications.example.com',
  'a_very.long.local.part.with.many.dots@example.museum',
];

const EMAIL_TEMPLATES = [
  'My email is ⟦X⟧, please reply there.',
  'Contact: ⟦X⟧',
  '{"to":"⟦X⟧","subject":"Refund for order 7781"}',
  'Send the report to <⟦X⟧> by Friday.',
  'mailto:⟦X⟧',
  'Forwarded from ⟦X⟧ at 10:42',
];

/** Known misses, kept so the figures stay honest: IP-literal and quoted local parts. */
const EMAIL_HARD = ['Reply to ⟦admin@[192.168.1.1]⟧', 'Odd but valid: ⟦"john smith"@example.com⟧'];

export const emailPositives = [
  ...EMAIL_HARD,
  ...EMAILS.flatMap((e, i) => [
    (EMAIL_TEMPLATES[i % EMAIL_TEMPLATES.length] as string).replace('⟦X⟧', () => `⟦${e}⟧`),
    (EMAIL_TEMPLATES[(i + 3) % EMAIL_TEMPLATES.length] as string).replace('⟦X⟧', () => `⟦${e}⟧`),
  ]),
];

export const emailNegatives = [
  'ssh user@localhost to reach the box',
  'Use the retina image icon@2x.png for the header',
  'logo@3x.webp is too big',
  'npm install lodash@4.17.21',
  'upgrade react@18.2.0 and react-dom@18.2.0',
  'import x from "@scope/package"',
  'pnpm add @types/node@22.5.1',
  'Ping @maria in the #release channel',
  'write to jane dot doe at example dot com',
  'jane.doe(at)example.com is the obfuscated form',
  'the rate is 5@10.00 per unit',
  'node@22 is required',
  'profile at https://social.example/@username',
  'a@b.c is too short to be a real address',
  'decorators like @Injectable() and @Component({})',
  'Python: @dataclass(frozen=True)',
  'the price went from 3 @ 1.25 to 4 @ 1.50',
  'version tag: latest@stable',
  'git tag v2.0.0@main',
  'C@ssandra is a bad password',
  'sprite@2x.jpg',
  '@everyone the deploy is done',
  'ratio 16@9',
  'docker image postgres@sha256:abc123',
  'user@ host is not valid',
  'send @ 9am tomorrow',
  'twitter handle: @openai',
  'the @ sign is called an at sign',
  'Ruby instance var @user.email = nil',
  'SQL: SELECT @@version',
  'CSS: @media (max-width: 600px)',
  '@import url("theme.css")',
  'Kotlin: @JvmStatic fun main()',
  'mention@ the start',
  'emails look like name at domain dot tld',
  'icon@1.5x.svg for Android',
];

const PHONES = [
  '+1 415 555 0132',
  '+1-415-555-0132',
  '(415) 555-0132',
  '415-555-0132',
  '415.555.0132',
  '+44 20 7946 0958',
  '+44 7700 900123',
  '+49 30 901820',
  '+33 1 42 68 53 00',
  '+81 3-1234-5678',
  '+61 2 9374 4000',
  '+91 98765 43210',
  '+55 11 91234-5678',
  '+34 912 345 678',
  '+1 (212) 555-0199',
  '+353 1 234 5678',
  '+972 3-123-4567',
  '+86 10 1234 5678',
  '+27 21 123 4567',
  '+7 495 123-45-67',
  '+65 6123 4567',
  '+52 55 1234 5678',
  '+31 20 123 4567',
  '+46 8 123 456 78',
  '212-555-0147',
  '(646) 555-0123',
  '646 555 0123',
  '+14155550132',
  '+442079460958',
  '+41 44 668 18 00',
];

const PHONE_TEMPLATES = [
  'Call me at ⟦X⟧ after 5pm.',
  'Phone: ⟦X⟧',
  '{"name":"Ana","phone":"⟦X⟧"}',
  'You can reach the front desk on ⟦X⟧ or by email.',
];

/**
 * Known misses: national numbers written without a country code outside North America look like
 * any other group of digits (`020 7946 0958`), so they are not taken.
 */
const PHONE_HARD = [
  'Ring ⟦020 7946 0958⟧ (London office)',
  'Handy: ⟦0612345678⟧',
  'Tel. ⟦030 901820⟧',
];

export const phonePositives = [
  ...PHONE_HARD,
  ...PHONES.map((p, i) =>
    (PHONE_TEMPLATES[i % PHONE_TEMPLATES.length] as string).replace('⟦X⟧', () => `⟦${p}⟧`),
  ),
];

export const phoneNegatives = [
  'The meeting is on 2024-01-15 at 12:30:45.',
  'order 1712345678 shipped',
  'ISBN 978-3-16-148410-0',
  'SSN format is 123-45-6789',
  'Windows version 10.0.19041.1',
  'server 192.168.1.10 responded',
  'Total: $1,234,567.89',
  'ticket #4155550132 was closed',
  'coordinates 37.7749, -122.4194',
  'released 2023.10.05',
  'steps 1-2-3-4',
  'call count 555',
  '+1 point for you',
  'score +3.5',
  '+100 bonus points',
  'tracking 1Z999AA10123456784',
  'ports 8080-8090',
  'id 550e8400-e29b-41d4-a716-446655440000',
  'ZIP 94105-1234',
  'at 2024-06-01T12:00:00Z',
  '+20% year over year',
  'chapter 3.2.1',
  'RFC 2616 section 14',
  'timestamp 1717171717171',
  'latency p99 = 1234 ms',
  'batch 2024-0001-0002',
  'line 415 of file main.py',
  'build 20240115.3',
  'invoice INV-2024-000123',
  'matrix 3x3, values 1 2 3 4 5 6 7 8 9',
  'hash 5d41402abc4b2a76b9719d911017c592',
  'version 1.20.300',
];
