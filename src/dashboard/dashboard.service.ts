import type { DataSource } from 'typeorm';
import { visibleTo, type Scope } from '../web/records';
import { OPEN_STATUSES, lastActivitySql, openSql, overdueSql, quietSql } from '../commitments/commitment-status';
import { COUNT_CAP } from '../commitments/open-commitments';
import type { Clearance } from '../config';
import { selectRows } from '../db/rows';

const LIST = 8;

export interface CommitmentLine {
  id: number;
  text: string;
  status: string;
  dueOn: string | null;
  partyName: string;
  counterpartName: string;
  lastActivityOn: string;
}

/** The other side of a commitment: the party unless it is of our own country, else the counterpart. */
const FOREIGN = (home: number) => `CASE WHEN p.country_code = $${home} THEN c.counterpart_id ELSE c.party_id END`;

async function commitmentList(db: DataSource, scope: Scope, condition: string, order: string, extra: unknown[] = []) {
  const params: unknown[] = [OPEN_STATUSES, ...extra];
  const where = `c.status = ANY($1::text[]) AND ${condition} AND ${visibleTo(scope, 'c', params)}`;
  const [rows, [{ total }]] = await Promise.all([
    selectRows<CommitmentLine>(
      db,
      `SELECT c.id, c.text, c.status, c.due_on AS "dueOn", c.classification, p.name AS "partyName", cp.name AS "counterpartName",
              ${lastActivitySql('c')} AS "lastActivityOn"
         FROM commitments c JOIN ministries p ON p.id = c.party_id JOIN ministries cp ON cp.id = c.counterpart_id
        WHERE ${where} ORDER BY ${order} LIMIT ${LIST}`,
      params,
    ),
    selectRows<{ total: number }>(
      db,
      `SELECT count(*)::int AS total FROM (SELECT 1 FROM commitments c WHERE ${where} LIMIT ${COUNT_CAP}) capped`,
      params,
    ),
  ]);
  return { rows, total, capped: total >= COUNT_CAP };
}

/** One foreign ministry's commitments to us by outcome, for the dashboard's track-record table. */
export interface TrackRecordRow {
  id: number;
  name: string;
  fulfilled: number;
  partial: number;
  broken: number;
  open: number;
  /** Days from made to the last follow-up, over the fulfilled ones; null when none is. */
  medianDays: number | null;
}

/** The whole-record aggregates (chart and track record): they scan every commitment, so callers may cache them. */
export async function aggregates(db: DataSource, scope: Scope, homeCountry: string) {
  const chartParams: unknown[] = [OPEN_STATUSES, homeCountry];
  const recordParams: unknown[] = [homeCountry];
  const [byCounterpart, trackRecord] = await Promise.all([
    selectRows<{ id: number; name: string; status: string; n: number }>(
      db,
      `SELECT f.id, f.name, c.status, count(*)::int AS n
         FROM commitments c JOIN ministries p ON p.id = c.party_id JOIN ministries f ON f.id = ${FOREIGN(2)}
        WHERE c.status = ANY($1::text[]) AND ${visibleTo(scope, 'c', chartParams)}
        GROUP BY f.id, f.name, c.status`,
      chartParams,
    ),
    selectRows<TrackRecordRow>(
      db,
      `SELECT p.id, p.name,
              count(*) FILTER (WHERE c.status = 'fulfilled')::int AS fulfilled,
              count(*) FILTER (WHERE c.status = 'partially_fulfilled')::int AS partial,
              count(*) FILTER (WHERE c.status = 'broken')::int AS broken,
              count(*) FILTER (WHERE ${openSql('c')})::int AS open,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY (c.last_follow_up_on - c.made_on)) FILTER (WHERE c.status = 'fulfilled') AS "medianDays"
         FROM commitments c JOIN ministries p ON p.id = c.party_id
        WHERE p.country_code <> $1 AND ${visibleTo(scope, 'c', recordParams)}
        GROUP BY p.id, p.name ORDER BY count(*) DESC, p.name LIMIT 12`,
      recordParams,
    ),
  ]);
  return { chart: barChart(byCounterpart), trackRecord };
}

/** A commitment someone else handed to the user: `at` is when (from the audit trail). */
export interface AssignedLine {
  id: number;
  text: string;
  dueOn: string | null;
  at: Date;
  byName: string | null;
  counterpartName: string;
}

/**
 * "For you": the user's own commitments overdue, due this week and to chase today, and those
 * handed to them by someone else in the last 14 days (read from the audit trail).
 */
export async function forYou(db: DataSource, scope: Scope, today: string) {
  const me = [scope.userId, today];
  const recentParams: unknown[] = [scope.userId, OPEN_STATUSES, String(scope.userId)];
  const [overdue, dueSoon, chase, assigned] = await Promise.all([
    commitmentList(db, scope, `c.owner_id = $2 AND ${overdueSql('c', '$3::date')}`, 'c.due_on, c.id', me),
    commitmentList(db, scope, 'c.owner_id = $2 AND c.due_on BETWEEN $3::date AND $3::date + 7', 'c.due_on, c.id', me),
    commitmentList(db, scope, 'c.owner_id = $2 AND c.next_chase_on <= $3::date', 'c.next_chase_on, c.id', me),
    selectRows<AssignedLine>(
      db,
      `SELECT c.id, c.text, c.due_on AS "dueOn", a.at, u.name AS "byName", cp.name AS "counterpartName"
         FROM (SELECT DISTINCT ON (entity_id) entity_id, at, user_id FROM audit_events
                WHERE entity_type = 'commitment' AND at > now() - interval '14 days' AND changes -> 'ownerId' ->> 'after' = $3
                  AND user_id IS DISTINCT FROM $1 ORDER BY entity_id, at DESC) a
         JOIN commitments c ON c.id = a.entity_id AND c.owner_id = $1
         JOIN ministries cp ON cp.id = c.counterpart_id
         LEFT JOIN users u ON u.id = a.user_id
        WHERE c.status = ANY($2::text[]) AND ${visibleTo(scope, 'c', recentParams)}
        ORDER BY a.at DESC LIMIT ${LIST}`,
      recentParams,
    ),
  ]);
  return { overdue, dueSoon, chase, assigned };
}

export interface RecentMeeting {
  id: number;
  title: string;
  heldOn: string;
  location: string | null;
  classification: Clearance;
  commitments: number;
}

/** `today` is the app's (APP_TIME_ZONE): overdue, this week and quiet count from it. */
export async function dashboard(
  db: DataSource,
  scope: Scope,
  today: string,
  cachedAggregates: Promise<Awaited<ReturnType<typeof aggregates>>>,
) {
  const meetingParams: unknown[] = [];
  const [overdue, dueSoon, quiet, meetings, totals] = await Promise.all([
    commitmentList(db, scope, overdueSql('c', '$2::date'), 'c.due_on, c.id', [today]),
    commitmentList(db, scope, 'c.due_on BETWEEN $2::date AND $2::date + 7', 'c.due_on, c.id', [today]),
    commitmentList(db, scope, quietSql('c', '$2::date'), `${lastActivitySql('c')}, c.id`, [today]),
    selectRows<RecentMeeting>(
      db,
      `SELECT m.id, m.title, m.held_on AS "heldOn", m.location, m.classification,
              (SELECT count(*)::int FROM commitments c WHERE c.meeting_id = m.id AND ${visibleTo(scope, 'c', meetingParams)}) AS commitments
         FROM meetings m WHERE ${visibleTo(scope, 'm', meetingParams)} ORDER BY m.held_on DESC, m.id DESC LIMIT 5`,
      meetingParams,
    ),
    cachedAggregates,
  ]);
  return { overdue, dueSoon, quiet, meetings, ...totals };
}

export interface Bar {
  id: number;
  name: string;
  /** The name shortened to fit the chart; the table under it shows the full name. */
  label: string;
  total: number;
  y: number;
  totalX: number;
  segments: { status: string; n: number; x: number; width: number }[];
}

const BAR_HEIGHT = 26;
const LABEL_WIDTH = 260;
const PLOT_WIDTH = 420;

/** Stacked horizontal bars, laid out here so the SVG template only places rectangles. */
export function barChart(rows: { id: number; name: string; status: string; n: number }[]) {
  const byMinistry = new Map<number, { id: number; name: string; counts: Record<string, number> }>();
  for (const r of rows) {
    const entry = byMinistry.get(r.id) ?? { id: r.id, name: r.name, counts: {} };
    entry.counts[r.status] = r.n;
    byMinistry.set(r.id, entry);
  }
  const entries = [...byMinistry.values()]
    .map((e) => ({ ...e, total: OPEN_STATUSES.reduce((s, st) => s + (e.counts[st] ?? 0), 0) }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name))
    .slice(0, 12);
  const max = Math.max(1, ...entries.map((e) => e.total));
  const bars: Bar[] = entries.map((e, i) => {
    let x = LABEL_WIDTH;
    const segments = OPEN_STATUSES.filter((st) => e.counts[st]).map((status) => {
      const width = Math.max(2, Math.round((e.counts[status] / max) * PLOT_WIDTH));
      const segment = { status, n: e.counts[status], x, width };
      x += width;
      return segment;
    });
    return {
      id: e.id,
      name: e.name,
      label: e.name.length > 36 ? `${e.name.slice(0, 35)}…` : e.name,
      total: e.total,
      y: i * BAR_HEIGHT + 4,
      totalX: x + 6,
      segments,
    };
  });
  return {
    bars,
    height: bars.length * BAR_HEIGHT + 30,
    width: LABEL_WIDTH + PLOT_WIDTH + 50,
    labelX: LABEL_WIDTH - 8,
    legendY: bars.length * BAR_HEIGHT + 20,
  };
}
