import type request from 'supertest';
import { postForm, useApp, agentAs } from '../support/app';
import { createAgreement } from '../support/agreements.factories';
import { createMinistry } from '../support/factories';
import { fieldError, conflictTable } from '../support/form-html';

// Issue 10, point 9: the parent-chain check and the conflict table give nothing away about
// agreements above the user's clearance.

const t = useApp();

let parties: number[];
let staff: request.Agent;

beforeEach(async () => {
  parties = [await createMinistry(t.db, { countryCode: 'NO' }), await createMinistry(t.db, { countryCode: 'RU' })];
  staff = await agentAs(t, { email: 'staff@demo.test', role: 'staff', clearance: 'restricted' });
});

const fields = (version: number, parentId: number | '', title = 'Readmission agreement') => ({
  version: String(version),
  title,
  kind: 'agreement',
  status: 'in_force',
  signedOn: '2007-04-08',
  partyIds: parties.map(String),
  parentId: String(parentId),
  classification: 'unclassified',
});

describe('the parent-chain check', () => {
  it('answers alike whether a chain through hidden agreements loops back or not, naming no hidden agreement', async () => {
    const a = await createAgreement(t.db, { title: 'Readmission agreement', partyIds: parties });
    const hidden = await createAgreement(t.db, {
      title: 'SECRET protocol',
      parentId: a,
      classification: 'confidential',
      partyIds: parties,
    });
    const loops = await createAgreement(t.db, { title: 'Visible B', parentId: hidden, partyIds: parties });
    const root = await createAgreement(t.db, {
      title: 'SECRET root',
      classification: 'confidential',
      partyIds: parties,
    });
    const notLoop = await createAgreement(t.db, { title: 'Visible C', parentId: root, partyIds: parties });
    const before = await t.db.query(`SELECT id, parent_id, version FROM agreements ORDER BY id`);

    const first = await postForm(staff, `/agreements/${a}`, fields(1, loops), `/agreements/${a}/edit`);
    const second = await postForm(staff, `/agreements/${a}`, fields(1, notLoop), `/agreements/${a}/edit`);
    expect([first.status, second.status]).toEqual([422, 422]);
    expect(fieldError(first.text, 'parentId')).toBe(
      'Visible B amends an agreement you may not see, so this chain cannot be checked; choose another agreement.',
    );
    expect(fieldError(second.text, 'parentId')).toBe(
      'Visible C amends an agreement you may not see, so this chain cannot be checked; choose another agreement.',
    );
    for (const res of [first, second]) {
      expect(res.text).not.toContain('SECRET');
      expect(res.text).not.toContain('cannot amend itself');
    }
    expect(await t.db.query(`SELECT id, parent_id, version FROM agreements ORDER BY id`)).toEqual(before);
    // What the refusal says is what Visible B's own page already says.
    expect((await staff.get(`/agreements/${loops}`)).text).toContain(
      'Amends or supplements an agreement you may not see',
    );
  });

  it('still refuses a loop through agreements the user may see, and accepts a sound parent', async () => {
    const a = await createAgreement(t.db, { title: 'Readmission agreement', partyIds: parties });
    const child = await createAgreement(t.db, { title: 'Visible child', parentId: a, partyIds: parties });
    const other = await createAgreement(t.db, { title: 'Visible other', partyIds: parties });
    const loop = await postForm(staff, `/agreements/${a}`, fields(1, child), `/agreements/${a}/edit`);
    expect(loop.status).toBe(422);
    expect(fieldError(loop.text, 'parentId')).toBe('An agreement cannot amend itself or an agreement that amends it.');
    expect((await postForm(staff, `/agreements/${a}`, fields(1, other), `/agreements/${a}/edit`)).status).toBe(303);
  });
});

describe('the conflict table of a stale agreement edit', () => {
  it('names a parent above the clearance as a record you may not see, never by id or title', async () => {
    const hidden = await createAgreement(t.db, {
      title: 'SECRET parent',
      classification: 'confidential',
      partyIds: parties,
    });
    const a = await createAgreement(t.db, { title: 'Readmission agreement', parentId: hidden, partyIds: parties });
    await t.db.query(`UPDATE agreements SET version = 2, title = 'Changed meanwhile' WHERE id = $1`, [a]);
    const res = await postForm(staff, `/agreements/${a}`, fields(1, '', 'Mine'), `/agreements/${a}/edit`);
    expect(res.status).toBe(409);
    const table = conflictTable(res.text);
    expect(table).toContain('Changed meanwhile');
    expect(table).toContain('a record you may not see');
    expect(table).not.toContain('SECRET');
    expect(table).not.toMatch(new RegExp(`<td>${hidden}</td>`));
  });
});
