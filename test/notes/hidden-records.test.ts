import type request from 'supertest';
import { postForm, useApp, agentAs } from '../support/app';
import { createDossier } from '../support/commitments.factories';
import { createNote } from '../support/notes.factories';
import { submissionToken, fieldError, conflictTable } from '../support/form-html';

// Issue 10, point 9: what a note's reference check, reply-chain check and conflict table give away
// about notes above the user's clearance.

const t = useApp();

let d: Awaited<ReturnType<typeof createDossier>>;
let staff: request.Agent;

beforeEach(async () => {
  d = await createDossier(t.db);
  staff = await agentAs(t, { email: 'staff@demo.test', role: 'staff', clearance: 'restricted' });
});

async function postNew(reference: string) {
  const form = await staff.get('/notes/new');
  return postForm(
    staff,
    '/notes',
    {
      _submission: submissionToken(form.text),
      reference,
      kind: 'note_verbale',
      sentOn: '2016-01-20',
      fromId: String(d.noMfa),
      toId: String(d.ruMfa),
      subject: 'Returns',
      classification: 'unclassified',
    },
    '/notes/new',
  );
}

const noteCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM notes`))[0].n;

describe('a note reference that is taken', () => {
  it('answers the same message whether the note holding it is visible, above the clearance or deleted', async () => {
    await createNote(t.db, { reference: 'UD-2015/1015-RU', classification: 'confidential' });
    await createNote(t.db, { reference: 'UD-2015/2000' });
    const deleted = await createNote(t.db, { reference: 'UD-2015/3000' });
    await t.db.query(`UPDATE notes SET deleted_at = now() WHERE id = $1`, [deleted]);
    const before = await noteCount();
    const messages = [];
    for (const reference of ['UD-2015/1015-RU', 'ud-2015/2000', 'UD-2015/3000']) {
      const res = await postNew(reference);
      expect(res.status).toBe(422);
      messages.push(fieldError(res.text, 'reference'));
      expect(res.text).not.toContain('already exists');
    }
    expect(messages).toEqual(Array(3).fill('This reference cannot be used; choose another.'));
    expect(await noteCount()).toBe(before);
  });

  it('compares references after Unicode normalisation: look-alike dashes and compatibility forms clash', async () => {
    await createNote(t.db, { reference: 'UD-2015/2000' });
    for (const lookalike of [
      'UD\u20112015/2000',
      'UD\u20132015/2000',
      '\uFF35\uFF24-2015/2000',
      'UD-2015/2000\u00A0',
    ]) {
      const res = await postNew(lookalike);
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'reference')).toBe('This reference cannot be used; choose another.');
    }
    expect(await noteCount()).toBe(1);
    const fresh = await postNew('UD\u20112016/0001');
    expect(fresh.status).toBe(303);
    expect((await t.db.query(`SELECT reference FROM notes ORDER BY id DESC LIMIT 1`))[0].reference).toBe(
      'UD-2016/0001',
    );
  });

  it('refuses invisible and text-direction characters with a clear 422', async () => {
    for (const odd of [
      'UD-2015\u200B/2000',
      'UD-2015/2000\u200D',
      '\u202EUD-2015/2000',
      'UD-2015/\u2066200\u2069',
      'UD\uFEFF-1',
      'UD\u00AD-1',
    ]) {
      const res = await postNew(odd);
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'reference')).toContain('may not contain invisible or text-direction characters');
    }
    expect(await noteCount()).toBe(0);
  });
});

describe('the reply-chain check', () => {
  async function edit(id: number, inReplyToId: number) {
    return postForm(
      staff,
      `/notes/${id}`,
      {
        version: '1',
        reference: `N-${id}`,
        kind: 'note_verbale',
        sentOn: '2016-01-15',
        fromId: String(d.noMfa),
        toId: String(d.ruMfa),
        subject: 'Edited',
        inReplyToId: String(inReplyToId),
        classification: 'unclassified',
      },
      `/notes/${id}/edit`,
    );
  }

  it('answers alike whether a chain through hidden notes loops back or not, naming no hidden note', async () => {
    const a = await createNote(t.db, { fromId: d.noMfa, toId: d.ruMfa });
    await t.db.query(`UPDATE notes SET reference = 'N-' || id`);
    const hidden = await createNote(t.db, { reference: 'SECRET-LOOP', inReplyToId: a, classification: 'confidential' });
    const loops = await createNote(t.db, { reference: 'VISIBLE-B', inReplyToId: hidden });
    const other = await createNote(t.db, { reference: 'SECRET-ROOT', classification: 'confidential' });
    const notLoop = await createNote(t.db, { reference: 'VISIBLE-C', inReplyToId: other });
    const before = await t.db.query(`SELECT id, in_reply_to_id, version FROM notes ORDER BY id`);

    const first = await edit(a, loops);
    const second = await edit(a, notLoop);
    expect([first.status, second.status]).toEqual([422, 422]);
    expect(fieldError(first.text, 'inReplyToId')).toBe(
      'VISIBLE-B is in reply to a note you may not see, so this thread cannot be checked; choose another note.',
    );
    expect(fieldError(second.text, 'inReplyToId')).toBe(
      'VISIBLE-C is in reply to a note you may not see, so this thread cannot be checked; choose another note.',
    );
    for (const res of [first, second]) {
      expect(res.text).not.toContain('SECRET-');
      expect(res.text).not.toContain('its own replies');
    }
    expect(await t.db.query(`SELECT id, in_reply_to_id, version FROM notes ORDER BY id`)).toEqual(before);
  });

  it('refuses a new note in reply to a note above the clearance as it refuses a missing one', async () => {
    const hidden = await createNote(t.db, { reference: 'SECRET-1', classification: 'confidential' });
    const form = await staff.get('/notes/new');
    const res = await postForm(
      staff,
      '/notes',
      {
        _submission: submissionToken(form.text),
        reference: 'UD-1',
        kind: 'note_verbale',
        sentOn: '2016-01-20',
        fromId: String(d.noMfa),
        toId: String(d.ruMfa),
        subject: 'Reply',
        inReplyToId: String(hidden),
        classification: 'unclassified',
      },
      '/notes/new',
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'inReplyToId')).toBe('Choose an entry from the list.');
    expect(await noteCount()).toBe(1);
  });

  it('still refuses a loop through notes the user may see, and accepts a sound reply', async () => {
    const a = await createNote(t.db, { fromId: d.noMfa, toId: d.ruMfa });
    await t.db.query(`UPDATE notes SET reference = 'N-' || id`);
    const reply = await createNote(t.db, { reference: 'VISIBLE-R', inReplyToId: a });
    const fresh = await createNote(t.db, { reference: 'VISIBLE-F' });
    const loop = await edit(a, reply);
    expect(loop.status).toBe(422);
    expect(fieldError(loop.text, 'inReplyToId')).toBe('A note cannot reply to itself or to one of its own replies.');
    expect((await edit(a, fresh)).status).toBe(303);
  });
});

describe('the conflict table of a stale note edit', () => {
  it('names a reply-to note above the clearance as a record you may not see, never by id', async () => {
    const hidden = await createNote(t.db, { reference: 'SECRET-PARENT', classification: 'confidential' });
    const note = await createNote(t.db, { reference: 'NV-1', fromId: d.noMfa, toId: d.ruMfa, inReplyToId: hidden });
    await t.db.query(`UPDATE notes SET version = 2, subject = 'Changed meanwhile' WHERE id = $1`, [note]);
    const res = await postForm(
      staff,
      `/notes/${note}`,
      {
        version: '1',
        reference: 'NV-1',
        kind: 'note_verbale',
        sentOn: '2016-01-15',
        fromId: String(d.noMfa),
        toId: String(d.ruMfa),
        subject: 'Mine',
        inReplyToId: '',
        classification: 'unclassified',
      },
      `/notes/${note}/edit`,
    );
    expect(res.status).toBe(409);
    const table = conflictTable(res.text);
    expect(table).toContain('Changed meanwhile');
    expect(table).not.toContain('SECRET-PARENT');
    expect(table).not.toMatch(new RegExp(`<td>${hidden}</td>`));
    expect(await t.db.query(`SELECT subject, version FROM notes WHERE id = $1`, [note])).toEqual([
      { subject: 'Changed meanwhile', version: 2 },
    ]);
  });
});
