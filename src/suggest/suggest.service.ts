import type { DataSource } from 'typeorm';
import { PICK } from '../commitments/commitment-checks';
import { assertValid, createOnce, InvalidInputError } from '../db/record-writes';
import { selectRows } from '../db/rows';
import { HttpError } from '../web/errors';
import type { CommitmentInput, FollowUpForm } from '../commitments/commitment.schema';
import { insertCommitment } from '../commitments/commitments.service';
import { insertFollowUp } from '../commitments/follow-ups.service';
import { OPEN_STATUSES, type CommitmentStatus } from '../commitments/commitment-status';
import { visibleTo, type Scope } from '../web/records';
import type { FieldErrors } from '../web/validate';
import {
  buildLexicon,
  type Lexicon,
  type ReaderRecord,
  type RecordMinistry,
  type RecordOfficial,
  type RecordPosition,
} from './lexicon';
import { contentWords, readCommitments, type Suggestion } from './reader';

/** The record's names as the reader needs them; read per request, so a new alias counts at once. */
export async function loadLexicon(db: DataSource): Promise<Lexicon> {
  const [ministries, officials, positions] = await Promise.all([
    selectRows<RecordMinistry>(
      db,
      `SELECT id, name, short_name AS "shortName", country_code AS "countryCode", aliases FROM ministries WHERE deleted_at IS NULL`,
    ),
    selectRows<Omit<RecordOfficial, 'positions'>>(
      db,
      `SELECT id, full_name AS "fullName", native_name AS "nativeName", aliases FROM officials WHERE deleted_at IS NULL`,
    ),
    selectRows<RecordPosition & { officialId: number }>(
      db,
      `SELECT official_id AS "officialId", title, ministry_id AS "ministryId", to_char(started_on, 'YYYY-MM-DD') AS "startedOn", to_char(ended_on, 'YYYY-MM-DD') AS "endedOn" FROM official_positions`,
    ),
  ]);
  const byOfficial = new Map<number, ReaderRecord['officials'][number]>();
  for (const o of officials) byOfficial.set(o.id, { ...o, positions: [] });
  for (const p of positions) byOfficial.get(p.officialId)?.positions.push(p);
  return buildLexicon({ ministries, officials: [...byOfficial.values()] });
}

export interface OpenMatch {
  id: number;
  text: string;
  status: CommitmentStatus;
}
export type Reviewed = Suggestion & { match?: OpenMatch };

/**
 * Refusals and status signals matched to the open commitment they most likely concern: the
 * same countries where known, and at least two content words in common.
 */
export async function matchOpenCommitments(
  db: DataSource,
  scope: Scope,
  suggestions: Suggestion[],
): Promise<Reviewed[]> {
  const apart = suggestions.filter((s) => s.kind !== 'commitment');
  if (!apart.length) return suggestions;
  const params: unknown[] = [OPEN_STATUSES];
  const open = await selectRows<{
    id: number;
    text: string;
    status: CommitmentStatus;
    party: string;
    counterpart: string;
  }>(
    db,
    `SELECT c.id, c.text, c.status, p.country_code AS party, cp.country_code AS counterpart FROM commitments c
       JOIN ministries p ON p.id = c.party_id JOIN ministries cp ON cp.id = c.counterpart_id
      WHERE c.status = ANY($1::text[]) AND ${visibleTo(scope, 'c', params)} ORDER BY c.made_on DESC, c.id DESC LIMIT 500`,
    params,
  );
  const words = open.map((c) => contentWords(c.text));
  return suggestions.map((s) => {
    if (s.kind === 'commitment') return s;
    const mine = contentWords(s.sentence);
    const party = s.party?.countryCode ?? s.partyCountry;
    let best: { score: number; i: number } | null = null;
    open.forEach((c, i) => {
      if (party && c.party !== party && c.counterpart !== party) return;
      const score = [...mine].filter((w) => words[i].has(w)).length;
      if (score >= 2 && (!best || score > best.score)) best = { score, i };
    });
    const found = best as { score: number; i: number } | null;
    return found
      ? { ...s, match: { id: open[found.i].id, text: open[found.i].text, status: open[found.i].status } }
      : s;
  });
}

export async function suggestCommitments(
  db: DataSource,
  scope: Scope,
  text: string,
  sourceDate: string,
): Promise<Reviewed[]> {
  const lexicon = await loadLexicon(db);
  return matchOpenCommitments(db, scope, readCommitments(lexicon, text, { sourceDate }));
}

export interface AcceptedRow {
  index: number;
  input: CommitmentInput;
}
export interface AcceptedFollowUp {
  index: number;
  commitmentId: number;
  input: Omit<FollowUpForm, '_submission'>;
}

/**
 * Saves the accepted rows and follow-ups in one transaction, each through the commitment form's
 * own checks; every row's errors are collected (keyed `commitments[i][field]`) before anything
 * is kept. A second submission of the same review page saves nothing more.
 */
export async function acceptSuggestions(
  db: DataSource,
  scope: Scope,
  token: string,
  rows: AcceptedRow[],
  followUps: AcceptedFollowUp[],
  todayIso: string,
): Promise<{ ids: number[]; repeated: boolean }> {
  let saved: number[] | undefined;
  await createOnce(db, scope, 'suggestions', token, async (tx) => {
    const errors: FieldErrors = {};
    const ids: number[] = [];
    // Each row in a nested transaction (a savepoint): a row that fails its checks leaves nothing behind.
    for (const row of rows) {
      try {
        ids.push(await tx.transaction((inner) => insertCommitment(inner, scope, row.input)));
      } catch (err) {
        if (!(err instanceof InvalidInputError)) throw err;
        for (const [field, message] of Object.entries(err.errors))
          errors[`commitments[${row.index}][${field}]`] = message;
      }
    }
    for (const f of followUps) {
      try {
        await tx.transaction((inner) => insertFollowUp(inner, scope, f.commitmentId, f.input, todayIso));
      } catch (err) {
        const hidden = err instanceof HttpError && err.status === 404;
        if (!(err instanceof InvalidInputError) && !hidden) throw err;
        const found = err instanceof InvalidInputError ? err.errors : { commitmentId: PICK };
        for (const [field, message] of Object.entries(found)) errors[`followUps[${f.index}][${field}]`] = message;
      }
    }
    assertValid(errors);
    saved = ids;
    return ids[0] ?? 0;
  });
  // Nothing saved by this call: the same review page was submitted before.
  return saved ? { ids: saved, repeated: false } : { ids: [], repeated: true };
}
