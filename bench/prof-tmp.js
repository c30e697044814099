const { startEmbedded } = require('/work/main/dist/src/db/embedded.js');
const { createDataSource } = require('/work/main/dist/src/db/data-source.js');
const { migrate } = require('/work/main/dist/src/db/database.js');
const { generate } = require('/work/main/dist/bench/generate.js');
const oc = require('/work/main/dist/src/commitments/open-commitments.js');
const { Client } = require('/work/main/node_modules/pg');
const fs = require('fs');
(async () => {
  fs.rmSync('/tmp/prof', { recursive: true, force: true }); fs.mkdirSync('/tmp/prof'); fs.chmodSync('/tmp/prof', 0o755);
  const e = await startEmbedded('/tmp/prof');
  const ds = createDataSource(e.url); await ds.initialize(); await migrate(ds);
  const c = new Client(e.url); await c.connect(); await generate(c, Number(process.argv[2] || 20000));
  const scope = { userId: 1, levels: ['unclassified','restricted','confidential'], isAdmin: false };
  const filters = { status: ['open','in_progress','stalled'], overdue: false, sort: 'due' };
  let captured = [];
  const orig = ds.query.bind(ds); ds.query = (sql, params) => { captured.push([sql, params]); return orig(sql, params); };
  await oc.openCommitmentsPage(ds, scope, 'NO', filters);
  await oc.openCommitmentCounts(ds, scope, 'NO', filters);
  for (const [sql, params] of captured) for (let i=0;i<3;i++){ const p2=(await c.query("EXPLAIN ANALYZE " + sql, params)).rows.map(r => r["QUERY PLAN"]); console.log(p2.slice(-2).join(" | ")); }
  if (process.argv[3]) console.log((await c.query("EXPLAIN ANALYZE " + captured[1][0], captured[1][1])).rows.map(r => r["QUERY PLAN"]).join('\n'));
  await c.end(); await ds.destroy(); await e.stop();
})().catch(e => { console.error(e); process.exit(1); });
