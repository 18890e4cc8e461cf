/** Payment cards and IBANs: positives mark the value with ⟦ ⟧, negatives hold none. */
import { card, grouped, iban, notCard, randomDigits, rng, spacedIban } from './generate.js';

const next = rng(42);

// [issuer prefix, length] of each network: Visa, Mastercard (51–55 and 2221–2720), Amex,
// Discover, JCB, Diners, UnionPay, Maestro.
const BRANDS: [string, number][] = [
  ['4', 16],
  ['4', 16],
  ['4', 13],
  ['51', 16],
  ['55', 16],
  ['2221', 16],
  ['2720', 16],
  ['34', 15],
  ['37', 15],
  ['6011', 16],
  ['65', 16],
  ['3530', 16],
  ['36', 14],
  ['62', 16],
  ['5018', 16],
  ['4', 19],
];

const cards = Array.from({ length: 40 }, (_, i) => {
  const [prefix, length] = BRANDS[i % BRANDS.length] as [string, number];
  return card(next, prefix, length);
});

function format(number: string, i: number): string {
  if (number.length === 15 && i % 2 === 0) return grouped(number, ' ', [4, 6, 5]);
  switch (i % 3) {
    case 0:
      return number;
    case 1:
      return grouped(number, ' ');
    default:
      return grouped(number, '-');
  }
}

const CARD_TEMPLATES = [
  'My card number is ⟦X⟧, expiry 04/27.',
  'Please charge ⟦X⟧ for the upgrade',
  '{"payment":{"card":"⟦X⟧","cvc":"***"}}',
  'card: ⟦X⟧',
  'I paid with ⟦X⟧ yesterday but it was declined',
];

export const cardPositives = [
  ...cards.map((c, i) =>
    (CARD_TEMPLATES[i % CARD_TEMPLATES.length] as string).replace('⟦X⟧', () => `⟦${format(c, i)}⟧`),
  ),
  // The networks' published test numbers.
  'Use ⟦4111 1111 1111 1111⟧ in the sandbox',
  'test card ⟦5555555555554444⟧',
  'amex ⟦378282246310005⟧',
  'discover ⟦6011-1111-1111-1117⟧',
  // Known miss: dots as separators are not taken (versions and OIDs look the same).
  'card ⟦4111.1111.1111.1111⟧',
];

export const cardNegatives = [
  // Order and reference numbers of card length that fail the Luhn check.
  ...cards.slice(0, 24).map((c, i) => `Order ${format(notCard(c), i)} has shipped`),
  // Luhn-valid runs outside every network's prefixes.
  'timestamp 1717171717171 in ms',
  'all zeros 0000 0000 0000 0000',
  `account ${card(next, '9', 16)} at the bank`,
  `tracking ${card(next, '1', 16)}`,
  `ref ${card(next, '7', 16)}`,
  `id ${card(next, '8', 16)}`,
  // Other long numbers.
  'id 550e8400-e29b-41d4-a716-446655440000',
  'uuid 12345678-1234-1234-1234-123456789012',
  'phone +1 415 555 0132',
  'twenty digits 41111111111111111111',
  `eleven digits ${randomDigits(next, 11)}`,
  'ISBN 978-3-16-148410-0',
  'the sum is 1,234,567,890,123',
  'version 4.1111.1111.1111',
  'hash 4111111111111111abc',
];

const IBAN_BBANS: [string, string][] = [
  ['DE', '370400440532013000'],
  ['GB', 'WEST12345698765432'],
  ['FR', '20041010050500013M02606'],
  ['NL', 'ABNA0417164300'],
  ['ES', '21000418450200051332'],
  ['IT', 'X0542811101000000123456'],
  ['BE', '539007547034'],
  ['CH', '00762011623852957'],
  ['AT', '1904300234573201'],
  ['PL', '109010140000071219812874'],
  ['SE', '50000000058398257466'],
  ['NO', '86011117947'],
  ['DK', '00400440116243'],
  ['FI', '12345600000785'],
  ['IE', 'AIBK93115212345678'],
  ['PT', '000201231234567890154'],
  ['LU', '0019400644750000'],
  ['GR', '01101250000000012300695'],
  ['CZ', '08000000192000145399'],
  ['RO', 'AAAA1B31007593840000'],
];

const ibans = [
  ...IBAN_BBANS.map(([c, b]) => iban(c, b)),
  ...Array.from({ length: 10 }, (_, i) => {
    const country = ['DE', 'NL', 'BE', 'AT', 'FI'][i % 5] as string;
    const length = { DE: 18, NL: 14, BE: 12, AT: 16, FI: 14 }[country] as number;
    const bban =
      country === 'NL' ? `RABO${randomDigits(next, length - 4)}` : randomDigits(next, length);
    return iban(country, bban);
  }),
];

const IBAN_TEMPLATES = [
  'Please wire the refund to ⟦X⟧.',
  'IBAN: ⟦X⟧',
  '{"beneficiary":"Acme GmbH","iban":"⟦X⟧"}',
  'my account is ⟦X⟧ (personal)',
];

export const ibanPositives = [
  // Known miss: IBANs are written in capitals; a lower-case one is not taken.
  'iban ⟦de89 3704 0044 0532 0130 00⟧',
  ...ibans.map((v, i) =>
    (IBAN_TEMPLATES[i % IBAN_TEMPLATES.length] as string).replace(
      '⟦X⟧',
      () => `⟦${i % 2 === 0 ? v : spacedIban(v)}⟧`,
    ),
  ),
];

export const ibanNegatives = [
  // Check digits off by one.
  ...ibans.slice(0, 15).map((v) => {
    const check = Number(v.slice(2, 4));
    return `IBAN ${v.slice(0, 2)}${String((check + 1) % 100).padStart(2, '0')}${v.slice(4)}`;
  }),
  'BIC DEUTDEFF500',
  'VAT DE123456789',
  'part AB12CDEF34567890XY',
  'US12 3456 7890 1234 5678 (the US has no IBANs)',
  'DE89 3704 0044 0532 0130',
  'GB82WEST1234569876543',
  'SKU XX00ABCDEFGHIJKLMNOP',
  'serial CN12345678901234567',
  'container MSCU1234567 in port',
  'model QX80 2024 trim SE1234567890',
  'license plate DE12 ABC 1234',
  'the code IT60 is not a full IBAN',
  'order ID ES1234567890',
  'AWS key AKIAIOSFODNN7EXAMPLE',
  'UUID 550e8400-e29b-41d4-a716-446655440000',
];
