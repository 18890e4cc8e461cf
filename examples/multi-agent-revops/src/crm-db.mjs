// The CRM: a real SQL database, embedded (node:sqlite, no native add-on), in memory.
import { DatabaseSync } from 'node:sqlite';

/** "Today" for the assessments, fixed so every run gives the same answers. */
export const AS_OF = '2026-11-20';

export function openCrm() {
  const db = new DatabaseSync(':memory:');
  db.exec(`
    CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL, segment TEXT NOT NULL);
    CREATE TABLE deals (
      id TEXT PRIMARY KEY,
      account_id TEXT NOT NULL REFERENCES accounts(id),
      name TEXT NOT NULL,
      stage TEXT NOT NULL,
      amount INTEGER NOT NULL,
      close_date TEXT NOT NULL,
      owner TEXT NOT NULL
    );
    CREATE TABLE activities (deal_id TEXT NOT NULL REFERENCES deals(id), happened_on TEXT NOT NULL, kind TEXT NOT NULL);
  `);
  const account = db.prepare('INSERT INTO accounts VALUES (?, ?, ?)');
  account.run('A-1', 'Acme Corp', 'mid-market');
  account.run('A-2', 'Globex', 'enterprise');
  account.run('A-3', 'Initech', 'enterprise');
  const deal = db.prepare('INSERT INTO deals VALUES (?, ?, ?, ?, ?, ?, ?)');
  deal.run('D-1001', 'A-1', 'Acme renewal', 'negotiation', 84_000, '2026-12-15', 'rep-ana');
  deal.run('D-1002', 'A-2', 'Globex expansion', 'proposal', 220_000, '2026-12-31', 'rep-ben');
  deal.run('D-1003', 'A-3', 'Initech platform', 'negotiation', 1_250_000, '2026-12-20', 'rep-cho');
  const activity = db.prepare('INSERT INTO activities VALUES (?, ?, ?)');
  for (const [id, day, kind] of [
    ['D-1001', '2026-11-02', 'call'],
    ['D-1001', '2026-11-18', 'meeting'],
    ['D-1002', '2026-09-30', 'call'],
    ['D-1002', '2026-10-12', 'email'],
    ['D-1003', '2026-11-10', 'meeting'],
    ['D-1003', '2026-11-19', 'call'],
  ]) {
    activity.run(id, day, kind);
  }
  return db;
}

/** What the data agent's `query_crm` tool runs: one deal, its account and its activity. */
export function dealFacts(db, dealId) {
  const row = db
    .prepare(
      `SELECT d.id, d.name, d.stage, d.amount, d.close_date, d.owner,
              a.name AS account, a.segment,
              COUNT(x.happened_on) AS activities,
              MAX(x.happened_on) AS last_activity,
              CAST(julianday(?) - julianday(MAX(x.happened_on)) AS INTEGER) AS days_since_activity
         FROM deals d
         JOIN accounts a ON a.id = d.account_id
         LEFT JOIN activities x ON x.deal_id = d.id
        WHERE d.id = ?
        GROUP BY d.id`,
    )
    .get(AS_OF, dealId);
  if (!row) throw new Error(`no deal ${dealId}`);
  return { ...row };
}
