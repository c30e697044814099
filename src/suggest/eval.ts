import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { demoMinistries, demoOfficials } from '../db/demo-data';
import { ROOT } from '../paths';
import { buildLexicon, fold, type Lexicon } from './lexicon';
import { readCommitments, type Suggestion } from './reader';

// `npm run eval:suggest`: scores the reader against the annotated texts in test/suggest/gold,
// over the demo record's names (the record a desk officer of the demo would have).

type Value = string | null | string[];
interface Expected {
  kind: 'commitment' | 'refusal';
  contains: string[];
  madeBy: string | null;
  party: Value;
  counterpart: Value;
  strength: string | null;
  madeOn: string;
  dueOn: string | null;
}
interface Gold {
  id: string;
  split: string;
  source: string;
  date: string;
  text: string;
  expected: Expected[];
}

export function demoLexicon(): Lexicon {
  const ministryId = (key: string) => demoMinistries.findIndex((m) => m.key === key) + 1;
  return buildLexicon({
    ministries: demoMinistries.map((m, i) => ({
      id: i + 1,
      name: m.name,
      shortName: m.shortName,
      countryCode: m.countryCode,
      aliases: m.aliases ?? [],
    })),
    officials: demoOfficials.map((o, i) => ({
      id: i + 1,
      fullName: o.fullName,
      nativeName: o.nativeName ?? null,
      aliases: o.aliases ?? [],
      positions: o.positions.map((p) => ({
        title: p.title,
        ministryId: ministryId(p.ministry),
        startedOn: p.startedOn,
        endedOn: p.endedOn ?? null,
      })),
    })),
  });
}

export function loadGold(dir = path.join(ROOT, 'test', 'suggest', 'gold')): Gold[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Gold);
}

const partyMatches = (want: Value, ref: Suggestion['party'], country: string | null) => {
  const options = Array.isArray(want) ? want : [want];
  return options.some((w) =>
    w === null ? !ref && !country : /^[A-Z]{2}$/.test(w) ? (ref?.countryCode ?? country) === w : ref?.name === w,
  );
};
const makerMatches = (want: string | null, s: Suggestion) => {
  if (want === null) return !s.madeBy;
  const surname = fold(want).split(' ').pop()!;
  return s.madeBy?.name === want || (!!s.madeByText && fold(s.madeByText).includes(surname));
};

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
const FIELDS = ['maker', 'party', 'counterpart', 'strength', 'dates'] as const;

export function score(golds: Gold[], lex: Lexicon) {
  const tallies = { commitment: { tp: 0, fp: 0, fn: 0 }, refusal: { tp: 0, fp: 0, fn: 0 } } as Record<
    'commitment' | 'refusal',
    Tally
  >;
  const fields = Object.fromEntries(FIELDS.map((f) => [f, { right: 0, total: 0 }])) as Record<
    (typeof FIELDS)[number],
    { right: number; total: number }
  >;
  const misses: string[] = [];
  for (const g of golds) {
    const found = readCommitments(lex, g.text, { sourceDate: g.date }).filter((s) => s.kind !== 'signal');
    const used = new Set<Suggestion>();
    for (const e of g.expected) {
      const hit = found.find(
        (s) =>
          !used.has(s) &&
          s.kind === e.kind &&
          e.contains.some((c) => fold(s.sentence).includes(fold(c)) || fold(s.text).includes(fold(c))),
      );
      if (!hit) {
        tallies[e.kind].fn++;
        misses.push(`${g.id}: missed ${e.kind} “${e.contains[0]}”`);
        continue;
      }
      used.add(hit);
      tallies[e.kind].tp++;
      const checks = {
        maker: makerMatches(e.madeBy, hit),
        party: partyMatches(e.party, hit.party, hit.partyCountry),
        counterpart: partyMatches(e.counterpart, hit.counterpart, hit.counterpartCountry),
        strength: e.kind === 'refusal' || hit.strength === e.strength,
        dates: hit.madeOn === e.madeOn && (hit.dueOn ?? null) === (e.dueOn ?? null),
      };
      for (const f of FIELDS) {
        fields[f].total++;
        if (checks[f]) fields[f].right++;
        else misses.push(`${g.id}: “${e.contains[0]}” has the wrong ${f}`);
      }
    }
    for (const s of found)
      if (!used.has(s) && (s.kind === 'commitment' || s.kind === 'refusal')) {
        tallies[s.kind].fp++;
        misses.push(`${g.id}: extra ${s.kind} “${s.text.slice(0, 80)}”`);
      }
  }
  const prf = (t: Tally) => {
    const p = t.tp + t.fp ? t.tp / (t.tp + t.fp) : 1;
    const r = t.tp + t.fn ? t.tp / (t.tp + t.fn) : 1;
    return { precision: p, recall: r, f1: p + r ? (2 * p * r) / (p + r) : 0, ...t };
  };
  const right = FIELDS.reduce((n, f) => n + fields[f].right, 0);
  const total = FIELDS.reduce((n, f) => n + fields[f].total, 0);
  return {
    commitments: prf(tallies.commitment),
    refusals: prf(tallies.refusal),
    fields: Object.fromEntries(FIELDS.map((f) => [f, fields[f].total ? fields[f].right / fields[f].total : 1])),
    fieldsAll: total ? right / total : 1,
    misses,
  };
}

function main() {
  const lex = demoLexicon();
  const gold = loadGold();
  const pct = (x: number) => x.toFixed(2);
  for (const [label, set] of [
    ['development texts', gold.filter((g) => g.split !== 'held-out')],
    ['held-out texts', gold.filter((g) => g.split === 'held-out')],
    ['all texts', gold],
  ] as const) {
    if (!set.length) continue;
    const r = score(set, lex);
    console.log(`\n${label} (${set.length}: ${set.map((g) => g.id).join(', ')})`);
    for (const kind of ['commitments', 'refusals'] as const) {
      const k = r[kind];
      console.log(
        `  ${kind.padEnd(12)} precision ${pct(k.precision)}  recall ${pct(k.recall)}  F1 ${pct(k.f1)}  (${k.tp} found, ${k.fp} extra, ${k.fn} missed)`,
      );
    }
    console.log(
      `  fields among matched: ${Object.entries(r.fields)
        .map(([f, v]) => `${f} ${pct(v)}`)
        .join(', ')}; all ${pct(r.fieldsAll)}`,
    );
    if (label === 'all texts' && process.argv.includes('--verbose')) for (const m of r.misses) console.log(`    ${m}`);
  }
}

if (require.main === module) main();
