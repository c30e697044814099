import type { DataSource } from 'typeorm';
import { selectRows } from '../db/rows';
import { visibleTo, type Scope } from '../web/records';

export interface TimelineEvent {
  kind: 'meeting' | 'note' | 'agreement' | 'commitment' | 'follow_up';
  id: number;
  on: string;
  title: string;
  detail: string | null;
  href: string;
  classification: string;
}

const LIMIT = 400;
const LANES: TimelineEvent['kind'][] = ['meeting', 'note', 'agreement', 'commitment', 'follow_up'];
const LANE_LABELS: Record<TimelineEvent['kind'], string> = {
  meeting: 'Meetings',
  note: 'Notes',
  agreement: 'Agreements',
  commitment: 'Commitments',
  follow_up: 'Follow-ups',
};

/** Everything dated in a negotiation, oldest first, each kind through the clearance filter. */
export async function negotiationTimeline(
  db: DataSource,
  scope: Scope,
  negotiationId: number,
): Promise<TimelineEvent[]> {
  const params: unknown[] = [negotiationId];
  return selectRows<TimelineEvent>(
    db,
    `SELECT * FROM (
       SELECT 'meeting' AS kind, m.id, m.held_on::text AS "on", m.title, m.location AS detail, '/meetings/' || m.id AS href, m.classification
         FROM meetings m WHERE m.negotiation_id = $1 AND ${visibleTo(scope, 'm', params)}
       UNION ALL
       SELECT 'note', n.id, n.sent_on::text, n.reference || ' — ' || n.subject, replace(n.kind, '_', ' '), '/notes/' || n.id, n.classification
         FROM notes n WHERE n.negotiation_id = $1 AND ${visibleTo(scope, 'n', params)}
       UNION ALL
       SELECT 'agreement', a.id, a.signed_on::text, a.title, replace(a.status, '_', ' '), '/agreements/' || a.id, a.classification
         FROM agreements a WHERE a.negotiation_id = $1 AND a.signed_on IS NOT NULL AND ${visibleTo(scope, 'a', params)}
       UNION ALL
       SELECT 'commitment', c.id, c.made_on::text, c.text, replace(c.status, '_', ' '), '/commitments/' || c.id, c.classification
         FROM commitments c WHERE c.negotiation_id = $1 AND ${visibleTo(scope, 'c', params)}
       UNION ALL
       SELECT 'follow_up', f.id, f.recorded_on::text, f.note, replace(f.previous_status, '_', ' ') || ' → ' || replace(f.status, '_', ' '), '/commitments/' || c.id || '#follow-ups', c.classification
         FROM follow_ups f JOIN commitments c ON c.id = f.commitment_id
        WHERE c.negotiation_id = $1 AND ${visibleTo(scope, 'c', params)}
     ) events
     ORDER BY "on", array_position(ARRAY['meeting', 'note', 'agreement', 'commitment', 'follow_up'], kind), id
     LIMIT ${LIMIT}`,
    params,
  );
}

const DAY = 86_400_000;
const WIDTH = 760;
const LEFT = 110;
const LANE_HEIGHT = 26;

/** An SVG timeline: one lane per kind, a dot per event, ticks on the years it spans. */
export function timelineChart(events: TimelineEvent[]) {
  if (events.length === 0) return undefined;
  const time = (on: string) => Date.parse(`${on}T00:00:00Z`);
  const first = time(events[0].on);
  const last = time(events[events.length - 1].on);
  const span = Math.max(last - first, 30 * DAY);
  const start = first - span * 0.03;
  const scale = (WIDTH - LEFT - 20) / (span * 1.06);
  const x = (on: string) => Math.round(LEFT + (time(on) - start) * scale);
  const lanes = LANES.map((kind, i) => ({ kind, label: LANE_LABELS[kind], y: 20 + i * LANE_HEIGHT }));
  const laneY = Object.fromEntries(lanes.map((l) => [l.kind, l.y]));
  const ticks: { x: number; label: string }[] = [];
  const firstYear = new Date(first).getUTCFullYear();
  const lastYear = new Date(last).getUTCFullYear();
  const months = lastYear - firstYear < 2;
  for (let t = Date.UTC(firstYear, 0, 1); t <= last + DAY;) {
    const d = new Date(t);
    if (t >= start)
      ticks.push({
        x: Math.round(LEFT + (t - start) * scale),
        label: months ? d.toISOString().slice(0, 7) : String(d.getUTCFullYear()),
      });
    t = months ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) : Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  }
  return {
    width: WIDTH,
    height: 20 + LANES.length * LANE_HEIGHT + 24,
    axisY: 20 + LANES.length * LANE_HEIGHT,
    labelX: LEFT - 10,
    lanes,
    ticks,
    dots: events.map((e) => ({ ...e, x: x(e.on), y: laneY[e.kind] })),
  };
}
