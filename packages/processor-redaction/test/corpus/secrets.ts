/** API keys, credentials and JWTs: positives mark the value with ⟦ ⟧, negatives hold none. */
import { awsKeyId, jwt, randomString, rng } from './generate.js';

const next = rng(7);
const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const KEYS = [
  `sk-${randomString(next, 48)}`,
  `sk-${randomString(next, 48)}`,
  `sk-proj-${randomString(next, 156, URLSAFE)}`,
  `sk-proj-${randomString(next, 120, URLSAFE)}`,
  `sk-svcacct-${randomString(next, 100, URLSAFE)}`,
  `sk-admin-${randomString(next, 80, URLSAFE)}`,
  `sk-ant-api03-${randomString(next, 95, URLSAFE)}`,
  `sk-ant-api03-${randomString(next, 95, URLSAFE)}`,
  `sk-ant-admin01-${randomString(next, 90, URLSAFE)}`,
  `AIza${randomString(next, 35, URLSAFE)}`,
  `AIza${randomString(next, 35, URLSAFE)}`,
  'AKIAIOSFODNN7EXAMPLE',
  awsKeyId(next, 'AKIA'),
  awsKeyId(next, 'AKIA'),
  awsKeyId(next, 'ASIA'),
  awsKeyId(next, 'ASIA'),
  `ghp_${randomString(next, 36)}`,
  `ghp_${randomString(next, 36)}`,
  `gho_${randomString(next, 36)}`,
  `ghs_${randomString(next, 36)}`,
  `github_pat_${randomString(next, 22)}_${randomString(next, 59)}`,
  `xoxb-${randomString(next, 12, '0123456789')}-${randomString(next, 13, '0123456789')}-${randomString(next, 24)}`,
  `xoxp-${randomString(next, 12, '0123456789')}-${randomString(next, 12, '0123456789')}-${randomString(next, 13, '0123456789')}-${randomString(next, 32, 'abcdef0123456789')}`,
  `xapp-1-${randomString(next, 11)}-${randomString(next, 13, '0123456789')}-${randomString(next, 64, 'abcdef0123456789')}`,
  `sk_live_${randomString(next, 24)}`,
  `sk_live_${randomString(next, 99)}`,
  `rk_live_${randomString(next, 24)}`,
  `sk_test_${randomString(next, 24)}`,
  `hf_${randomString(next, 34)}`,
  `hf_${randomString(next, 34)}`,
];

const KEY_TEMPLATES = [
  'OPENAI_API_KEY=⟦X⟧',
  'Here is my key ⟦X⟧ can you check why it fails?',
  '{"headers":{"x-api-key":"⟦X⟧"}}',
  'export TOKEN="⟦X⟧"',
  'curl -H "X-Key: ⟦X⟧" https://api.example.com',
];

export const apiKeyPositives = KEYS.map((k, i) =>
  (KEY_TEMPLATES[i % KEY_TEMPLATES.length] as string).replace('⟦X⟧', () => `⟦${k}⟧`),
);

export const apiKeyNegatives = [
  'pip install scikit-learn; sk-learn is its old name',
  'sk-learn-is-a-python-library-for-machine-learning',
  'the risk-management-framework-2024-version-2 doc',
  'desk-booking-service-instance-01-production',
  'task-runner-config-1234567890abcdef',
  'AKIA alone is only a prefix',
  'AKIA1234 is too short',
  'ghp_short',
  'xoxo hugs and kisses',
  'sk_live_ without a body',
  'AIzaSomethingShort',
  'id 550e8400-e29b-41d4-a716-446655440000',
  'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'commit 3f786850e387550fdab836ed7e6dc881de23001b',
  'model claude-3-5-sonnet-20241022',
  'model gpt-4o-mini-2024-07-18',
  'pk_live_51H8xyzPublishableKeyIsPublic (publishable, not secret)',
  'response id chatcmpl-9x8y7z6w5v4u3t2s1r0q',
  'run id run_abc123def456ghi789',
  'file-abc123def456ghi789jkl',
  'asst_abc123def456ghi789',
  'msg_01XFDUDYJgAACzvnptvVoYEL',
  'toolu_01A09q90qw90lq917835lq9',
  'https://github.com/ghp-archive/repo',
  'hf_hub_download(repo_id="gpt2")',
  'The AIza prefix marks Google keys',
  'ASIA region latency is 120 ms',
  'slack channel xoxb-notifications',
  'sk-ant is Anthropic’s key prefix',
  'base64 dGhpcyBpcyBub3QgYSBrZXkgYXQgYWxs',
  'SKU sk-2024-red-large',
  'uuid 7c9e6679-7425-40de-944b-e07fc1f90ae7',
];

const CREDENTIALS = [
  ['Authorization: Bearer ', `${randomString(next, 40)}`],
  ['Bearer ', `${randomString(next, 32, 'abcdef0123456789')}`],
  ['authorization: bearer ', `${randomString(next, 64, URLSAFE)}`],
  [
    'aws_secret_access_key = ',
    `${randomString(next, 40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+')}`,
  ],
  ['aws_secret_access_key=', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  [
    '"SecretAccessKey": "',
    `${randomString(next, 40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+')}`,
  ],
  ['password: ', 'S3cr3t!Pass'],
  ['password=', 'hunter2hunter2'],
  ['"password": "', 'correct-horse-battery-staple-9'],
  ['client_secret=', `${randomString(next, 32)}`],
  ['api_key: ', `${randomString(next, 20, 'abcdef0123456789')}`],
  ['apiKey = "', `${randomString(next, 32)}`],
  ['access_token=', `${randomString(next, 48, URLSAFE)}`],
  ['auth_token: ', `${randomString(next, 30)}`],
  ['secret = ', `${randomString(next, 24)}`],
  ['DB_PASSWORD=', 'pa55w0rd!2024'],
  ['passwd: ', 'Tr0ub4dor&3'],
  ['"client_secret":"', `${randomString(next, 40, URLSAFE)}`],
  ['X-Api-Key: ', `${randomString(next, 32)}`],
  ['Authorization: Bearer ', `${randomString(next, 120, URLSAFE)}`],
  ['refresh access_token: ', `${randomString(next, 36)}`],
  ['SECRET=', `${randomString(next, 16)}`],
  ['my password is: ', 'Winter2024!'],
  ['api-key=', `${randomString(next, 28)}`],
  ['Bearer ', `${randomString(next, 24)}.${randomString(next, 24)}`],
];

export const credentialPositives = [
  // Known miss: a label not in the list (`pwd`).
  'pwd: ⟦Xy7#kLm9qq⟧',
  ...CREDENTIALS.map(([label, secret], i) =>
    i % 2 === 0 ? `${label}⟦${secret}⟧` : `Request failed. ${label}⟦${secret}⟧ was rejected`,
  ),
];

export const credentialNegatives = [
  'He was the bearer of bad news',
  'Bearer token authentication is supported',
  'Authorization: Bearer <token>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text a user writes
  'Authorization: Bearer ${TOKEN}',
  'Forgot password? Reset it here',
  'password reset email sent',
  'the password is required',
  'secret: true',
  'secret = undefined',
  'api_key: YOUR_API_KEY_HERE',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text a user writes
  'api_key=${OPENAI_API_KEY}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text a user writes
  'password: ${DB_PASSWORD}',
  'secret_santa_2024 list',
  'token count: 1234',
  'access_token expires in 3600 seconds',
  'client_secret is stored in the vault',
  'set the password field to type=password',
  'password: ****',
  'api_key: null',
  'the secret of the recipe is butter',
  'Bearer-token auth is described in RFC 6750',
  'password:',
  'secret=',
  '"password": ""',
  'password strength: weak',
  'max_tokens: 4096',
  'bearer authentication',
];

const JWT_HEADERS = [
  { alg: 'HS256', typ: 'JWT' },
  { alg: 'RS256', typ: 'JWT', kid: 'key-2024-01' },
  { alg: 'ES256', typ: 'JWT' },
  { typ: 'JWT', alg: 'EdDSA' },
  { alg: 'PS512', kid: '8f2a' },
];

const jwts = Array.from({ length: 30 }, (_, i) =>
  jwt(next, JWT_HEADERS[i % JWT_HEADERS.length] as object, {
    sub: `user-${i}`,
    iat: 1717000000 + i,
    exp: 1717003600 + i,
    email: i % 3 === 0 ? `u${i}@example.com` : undefined,
  }),
);

export const jwtPositives = jwts.map((t, i) =>
  i % 3 === 0
    ? `{"id_token":"⟦${t}⟧"}`
    : i % 3 === 1
      ? `session cookie: token=⟦${t}⟧; Path=/`
      : `Why does ⟦${t}⟧ fail to verify?`,
);

const b64 = (v: string) => Buffer.from(v).toString('base64url');

export const jwtNegatives = [
  'eyJ alone is the start of a base64 object',
  `header only ${b64('{"alg":"HS256"}')}`,
  `two parts ${b64('{"alg":"HS256"}')}.${b64('{"sub":"1"}')}`,
  `no alg ${b64('{"typ":"JWT","foo":1}')}.${b64('{"sub":"1"}')}.c2lnbmF0dXJlc2ln`,
  'eyJxxxxxxxxxxx.eyJyyyyyyyyyyyy.zzzzzzzzzzzz',
  'data:application/json;base64,eyJhIjoxfQ==',
  'eyJhbGciOi (truncated)',
  `${b64('{"alg":"HS256"}')}..sig`,
  'file.name.with.dots.txt',
  'version 1.2.3',
  'the payload starts with eyJ and is base64url',
  'a.b.c',
  'example.com.au',
  'config.prod.json',
  'eyJub3QiOiJhIGp3dCJ9',
  'mixed eyJ0eXAi.eyJzdWIi.x',
  'id 550e8400-e29b-41d4-a716-446655440000',
  'sha 3f786850e387550fdab836ed7e6dc881de23001b',
  'namespace.Class.method',
  'api.openai.com.v1.chat',
];
