import {
  isOpen,
  isOverdue,
  isQuiet,
  lastActivitySql,
  openSql,
  overdueSql,
  quietSql,
  QUIET_AFTER_DAYS,
  STATUSES,
} from '../../src/commitments/commitment-status';
import { useApp } from '../support/app';

const t = useApp();

const TODAY = '2016-03-15';
const daysBefore = (n: number) =>
  new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

// Every status against dates on either side of each boundary: due yesterday, today, tomorrow or
// never; last acted on just inside, on and just past the quiet threshold, with and without a follow-up.
const DUE = [null, daysBefore(1), TODAY, daysBefore(-1)];
const ACTIVITY = [0, QUIET_AFTER_DAYS - 1, QUIET_AFTER_DAYS, QUIET_AFTER_DAYS + 1, 400].map(daysBefore);
const cases = STATUSES.flatMap((status) =>
  DUE.flatMap((dueOn) =>
    ACTIVITY.flatMap((day) => [
      { status, madeOn: day, dueOn, lastFollowUpOn: null },
      { status, madeOn: daysBefore(500), dueOn, lastFollowUpOn: day },
    ]),
  ),
);

describe('the commitment rules in SQL', () => {
  it('agree with isOpen, isOverdue and isQuiet on every status and boundary date', async () => {
    const rows: { open: boolean; overdue: boolean; quiet: boolean; lastOn: string }[] = await t.db.query(
      `SELECT (${openSql('c')}) IS TRUE AS open, (${overdueSql('c', '$5::date')}) IS TRUE AS overdue, (${quietSql('c', '$5::date')}) IS TRUE AS quiet,
              to_char(${lastActivitySql('c')}, 'YYYY-MM-DD') AS "lastOn"
         FROM unnest($1::text[], $2::date[], $3::date[], $4::date[]) WITH ORDINALITY AS c(status, made_on, due_on, last_follow_up_on, n)
        ORDER BY c.n`,
      [
        cases.map((c) => c.status),
        cases.map((c) => c.madeOn),
        cases.map((c) => c.dueOn),
        cases.map((c) => c.lastFollowUpOn),
        TODAY,
      ],
    );
    expect(rows).toEqual(
      cases.map((c) => ({
        open: isOpen(c.status),
        overdue: isOverdue(c, TODAY),
        quiet: isQuiet(c, TODAY),
        lastOn: c.lastFollowUpOn ?? c.madeOn,
      })),
    );
    // The table does exercise both answers of each rule.
    for (const rule of ['open', 'overdue', 'quiet'] as const)
      expect(new Set(rows.map((r) => r[rule]))).toEqual(new Set([true, false]));
  });
});
