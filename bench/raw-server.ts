// The physical reference for the benchmark: one bare Express route, one hand-written prepared
// statement with pg, the rows rendered by a precompiled Handlebars template into the same table
// the app shows. No session, no framework around it. Used by bench/run only.
import cluster from 'node:cluster';
import express from 'express';
import Handlebars from 'handlebars';
import { Pool } from 'pg';

const home = process.env.HOME_COUNTRY ?? 'NO';

const SQL = `
SELECT c.id, c.text, c.status, c.strength, to_char(c.made_on, 'YYYY-MM-DD') AS "madeOn", to_char(c.due_on, 'YYYY-MM-DD') AS "dueOn",
       to_char(c.last_follow_up_on, 'YYYY-MM-DD') AS "lastFollowUpOn",
       CASE WHEN c.due_on < current_date THEN current_date - c.due_on END AS "daysOverdue",
       current_date - coalesce(c.last_follow_up_on, c.made_on) AS "daysQuiet",
       c.party_id AS "partyId", p.name AS "partyName", p.country_code AS "partyCountry",
       c.counterpart_id AS "counterpartId", cp.name AS "counterpartName",
       c.made_by_id AS "madeById", o.full_name AS "madeByName", c.made_by_title AS "madeByTitle", u.name AS "ownerName",
       c.source_type AS "sourceType",
       CASE c.source_type WHEN 'meeting' THEN '/meetings/' || c.meeting_id WHEN 'note' THEN '/notes/' || c.note_id
                          WHEN 'agreement' THEN '/agreements/' || c.agreement_id ELSE c.source_url END AS "sourceHref",
       coalesce(sm.title, sn.reference, sa.title, c.source_type) AS "sourceLabel"
  FROM commitments c
  JOIN ministries p ON p.id = c.party_id
  JOIN ministries cp ON cp.id = c.counterpart_id
  LEFT JOIN officials o ON o.id = c.made_by_id
  LEFT JOIN users u ON u.id = c.owner_id
  LEFT JOIN meetings sm ON sm.id = c.meeting_id
  LEFT JOIN notes sn ON sn.id = c.note_id
  LEFT JOIN agreements sa ON sa.id = c.agreement_id
 WHERE c.status IN ('open', 'in_progress', 'stalled') AND c.deleted_at IS NULL
 ORDER BY coalesce(c.due_on, 'infinity'::date), c.id
 LIMIT 50`;

const template =
  Handlebars.compile(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Commitments</title></head><body>
<table class="table table-sm table-hover align-top commitments-table"><thead><tr><th scope="col">Commitment</th><th scope="col">Party → owed to</th><th scope="col">Source</th><th scope="col">Made</th><th scope="col">Due</th><th scope="col">Last follow-up</th><th scope="col">Owner</th><th scope="col">Status</th></tr></thead><tbody>
{{#each rows}}<tr><td class="text-break"><a href="/commitments/{{id}}" class="quote">“{{text}}”</a><div class="small text-body-secondary">{{#if madeById}}<a href="/officials/{{madeById}}">{{madeByName}}</a>{{#if madeByTitle}}, {{madeByTitle}}{{/if}} · {{/if}}{{strength}}</div></td>
<td><a href="/ministries/{{partyId}}">{{partyName}}</a> → <a href="/ministries/{{counterpartId}}">{{counterpartName}}</a><div><span class="badge">{{direction}}</span></div></td>
<td class="small"><a href="{{sourceHref}}">{{sourceType}}: {{sourceLabel}}</a></td><td class="text-nowrap small">{{madeOn}}</td>
<td class="text-nowrap small">{{dueOn}}{{#if daysOverdue}}<div class="overdue">{{daysOverdue}} days overdue</div>{{/if}}</td>
<td class="text-nowrap small">{{lastFollowUpOn}}</td><td class="small">{{ownerName}}</td><td><span class="badge badge-status-{{status}}">{{status}}</span></td></tr>{{/each}}
</tbody></table></body></html>`);

// WEB_CONCURRENCY worker processes, as the app is run with: the reference gets the same cores.
const workers = Number(process.env.WEB_CONCURRENCY ?? 1);
if (cluster.isPrimary && workers > 1) {
  let exited = 0;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', () => ++exited === workers && process.exit(0));
  process.on('SIGTERM', () => Object.values(cluster.workers ?? {}).forEach((w) => w?.process.kill('SIGTERM')));
} else {
  serve();
}

function serve() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const app = express();
  app.get('/commitments', async (_req, res, next) => {
    try {
      const { rows } = await pool.query<{ partyCountry: string } & Record<string, unknown>>({
        name: 'open-commitments',
        text: SQL,
      });
      res
        .type('html')
        .send(template({ rows: rows.map((r) => ({ ...r, direction: r.partyCountry === home ? 'ours' : 'theirs' })) }));
    } catch (err) {
      next(err);
    }
  });
  const server = app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1', () => console.log('raw ready'));
  process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
}
