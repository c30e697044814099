import { loginAs, postForm, useApp } from '../support/app';
import { createMinistry } from '../support/factories';
import { optionValues, selectedValues } from '../support/form-html';
import { createNegotiation, createNote, createSourcedCommitment } from '../support/notes.factories';

const t = useApp();

const agentWith = async (clearance: 'restricted' | 'confidential') => (await loginAs(t, { clearance })).agent;

/** The thread's references in the order the page lists them. */
function threadOrder(html: string): string[] {
  const section = /id="thread-heading">Thread<\/h2>([\s\S]*?)<\/ol>/.exec(html);
  return section
    ? [...section[1].matchAll(/<li[^>]*>\s*(?:<span class="fw-semibold">|<a href="\/notes\/\d+">)([^<]+)</g)].map(
        (m) => m[1],
      )
    : [];
}

describe('replying to a note', () => {
  it('opens the form with the original in reply, the parties swapped, and its negotiation, classification and subject', async () => {
    const agent = await agentWith('confidential');
    const ud = await createMinistry(t.db, { name: 'Utenriksdepartementet', countryCode: 'NO' });
    const mid = await createMinistry(t.db, { name: 'МИД России', countryCode: 'RU' });
    const negotiation = await createNegotiation(t.db);
    const original = await createNote(t.db, {
      reference: 'NO-2016-3',
      fromId: ud,
      toId: mid,
      subject: 'Return of asylum seekers',
      negotiationId: negotiation,
      classification: 'restricted',
    });
    const form = await agent.get(`/notes/new?inReplyToId=${original}`);
    expect(form.status).toBe(200);
    expect(selectedValues(form.text, 'inReplyToId')).toEqual([String(original)]);
    expect(selectedValues(form.text, 'fromId')).toEqual([String(mid)]);
    expect(selectedValues(form.text, 'toId')).toEqual([String(ud)]);
    expect(selectedValues(form.text, 'negotiationId')).toEqual([String(negotiation)]);
    expect(selectedValues(form.text, 'classification')).toEqual(['restricted']);
    expect(form.text).toContain('value="Re: Return of asylum seekers"');
    const page = await agent.get(`/notes/${original}`);
    expect(page.text).toContain(`href="/notes/new?inReplyToId=${original}"`);
  });
});

describe('GET /notes/:id thread', () => {
  it('shows the whole thread oldest first with the current note marked, from any note in it', async () => {
    const agent = await agentWith('confidential');
    const ud = await createMinistry(t.db, { countryCode: 'NO' });
    const mid = await createMinistry(t.db, { countryCode: 'RU' });
    const root = await createNote(t.db, { reference: 'A-root', sentOn: '2015-11-20', fromId: ud, toId: mid });
    const late = await createNote(t.db, { reference: 'D-late', sentOn: '2016-02-01', fromId: ud, toId: mid });
    const reply = await createNote(t.db, {
      reference: 'B-reply',
      sentOn: '2015-12-01',
      fromId: mid,
      toId: ud,
      inReplyToId: root,
    });
    await t.db.query(`UPDATE notes SET in_reply_to_id = $1 WHERE id = $2`, [reply, late]);
    await createNote(t.db, { reference: 'C-sibling', sentOn: '2015-12-05', fromId: ud, toId: mid, inReplyToId: root });
    await createNote(t.db, { reference: 'Unrelated', sentOn: '2015-12-02' });
    for (const id of [root, reply, late]) {
      const page = await agent.get(`/notes/${id}`);
      expect(threadOrder(page.text)).toEqual(['A-root', 'B-reply', 'C-sibling', 'D-late']);
    }
    const page = await agent.get(`/notes/${reply}`);
    expect(page.text).toMatch(/aria-current="true">\s*<span class="fw-semibold">B-reply/);
    expect(page.text).toContain(`in reply to <a href="/notes/${root}">A-root</a>`);
  });
});

describe('notes awaiting a reply', () => {
  it('marks an unanswered note past its due date as overdue on its page and in the index, and filters on awaiting', async () => {
    const agent = await agentWith('confidential');
    const overdue = await createNote(t.db, {
      reference: 'NV-overdue',
      subject: 'Explain the numbers at Storskog',
      sentOn: '2015-10-01',
      replyDueOn: '2015-10-15',
    });
    const answered = await createNote(t.db, {
      reference: 'NV-answered',
      subject: 'Answered',
      sentOn: '2015-10-01',
      replyDueOn: '2015-10-15',
    });
    await createNote(t.db, {
      reference: 'NV-reply',
      subject: 'The answer',
      sentOn: '2015-10-10',
      inReplyToId: answered,
    });
    await createNote(t.db, {
      reference: 'NV-pending',
      subject: 'Not yet due',
      sentOn: '2016-01-01',
      replyDueOn: '2199-01-01',
    });
    await createNote(t.db, { reference: 'NV-none', subject: 'No reply expected', sentOn: '2016-01-02' });
    const page = await agent.get(`/notes/${overdue}`);
    expect(page.text).toContain('Overdue');
    expect((await agent.get(`/notes/${answered}`)).text).not.toContain('Overdue');
    const index = await agent.get('/notes');
    expect(index.text).toMatch(/NV-overdue[\s\S]*?Overdue/);
    const awaiting = await agent.get('/notes?awaiting=1');
    expect(awaiting.text).toContain('NV-overdue');
    expect(awaiting.text).toContain('NV-pending');
    expect(awaiting.text).not.toContain('NV-answered');
    expect(awaiting.text).not.toContain('NV-none');
    expect((await agent.get('/notes?awaiting=1&q=storskog')).text).not.toContain('NV-pending');
  });

  it('lists the index newest first and filters by sender, receiver, kind and negotiation', async () => {
    const agent = await agentWith('confidential');
    const ud = await createMinistry(t.db, { countryCode: 'NO' });
    const mid = await createMinistry(t.db, { countryCode: 'RU' });
    const negotiation = await createNegotiation(t.db);
    await createNote(t.db, { reference: 'OLD', sentOn: '2015-01-01', fromId: ud, toId: mid, kind: 'letter' });
    await createNote(t.db, {
      reference: 'NEW',
      sentOn: '2016-03-01',
      fromId: mid,
      toId: ud,
      negotiationId: negotiation,
    });
    const index = await agent.get('/notes');
    expect(index.text.indexOf('NEW')).toBeLessThan(index.text.indexOf('OLD'));
    const fromRu = await agent.get(`/notes?fromId=${mid}`);
    expect(fromRu.text).toContain('>NEW<');
    expect(fromRu.text).not.toContain('>OLD<');
    expect((await agent.get(`/notes?toId=${mid}`)).text).not.toContain('>NEW<');
    expect((await agent.get('/notes?kind=letter')).text).not.toContain('>NEW<');
    expect((await agent.get(`/notes?negotiationId=${negotiation}`)).text).not.toContain('>OLD<');
  });
});

describe('notes above the user’s clearance', () => {
  it('answer 404 and are absent from the index, the thread, the reply list and commitments', async () => {
    const agent = await agentWith('restricted');
    const ud = await createMinistry(t.db, { countryCode: 'NO' });
    const mid = await createMinistry(t.db, { countryCode: 'RU' });
    const root = await createNote(t.db, {
      reference: 'OPEN-1',
      sentOn: '2016-01-01',
      fromId: ud,
      toId: mid,
      replyDueOn: '2016-01-10',
    });
    const secret = await createNote(t.db, {
      reference: 'SECRET-1',
      subject: 'Confidential reply',
      sentOn: '2016-01-05',
      fromId: mid,
      toId: ud,
      inReplyToId: root,
      classification: 'confidential',
    });
    const visible = await createNote(t.db, {
      reference: 'OPEN-2',
      sentOn: '2016-01-06',
      fromId: ud,
      toId: mid,
      inReplyToId: root,
      classification: 'restricted',
    });
    await createSourcedCommitment(t.db, { noteId: root }, { text: 'Open pledge' });
    await createSourcedCommitment(t.db, { noteId: root }, { text: 'Secret pledge', classification: 'confidential' });

    expect((await agent.get(`/notes/${secret}`)).status).toBe(404);
    expect((await agent.get(`/notes/${secret}/edit`)).status).toBe(404);
    expect((await agent.get(`/notes/new?inReplyToId=${secret}`)).status).toBe(404);
    const index = await agent.get('/notes');
    expect(index.text).toContain('OPEN-1');
    expect(index.text).not.toContain('SECRET-1');
    const page = await agent.get(`/notes/${visible}`);
    expect(threadOrder(page.text)).toEqual(['OPEN-1', 'OPEN-2']);
    const rootPage = await agent.get(`/notes/${root}`);
    expect(rootPage.text).toContain('Open pledge');
    expect(rootPage.text).not.toContain('Secret pledge');
    expect(rootPage.text).toContain(`href="/commitments/new?noteId=${root}"`);
    // a hidden reply neither answers a note nor reveals itself: the note still awaits a reply
    const asked = await createNote(t.db, {
      reference: 'OPEN-4',
      sentOn: '2016-01-01',
      fromId: ud,
      toId: mid,
      replyDueOn: '2016-01-10',
    });
    await createNote(t.db, {
      reference: 'SECRET-4',
      sentOn: '2016-01-05',
      fromId: mid,
      toId: ud,
      inReplyToId: asked,
      classification: 'confidential',
    });
    expect((await agent.get(`/notes/${asked}`)).text).toContain('Overdue');
    const form = await agent.get('/notes/new');
    const searched = await postForm(
      agent,
      '/notes',
      { _search: 'inReplyToId', '_find[inReplyToId]': '' },
      '/notes/new',
    );
    expect(optionValues(searched.text, 'inReplyToId')).toEqual(expect.arrayContaining([String(root), String(visible)]));
    expect(optionValues(searched.text, 'inReplyToId')).not.toContain(String(secret));
    expect((await agent.get('/pickers/notes?q=SECRET')).body).toEqual({ results: [] });
    expect(optionValues(form.text, 'classification')).toEqual(['unclassified', 'restricted']);

    const cleared = await agentWith('confidential');
    expect(threadOrder((await cleared.get(`/notes/${visible}`)).text)).toEqual(['OPEN-1', 'SECRET-1', 'OPEN-2']);
  });

  it('keeps a reply link to a note the editor may not see', async () => {
    const agent = await agentWith('restricted');
    const ud = await createMinistry(t.db, { countryCode: 'NO' });
    const mid = await createMinistry(t.db, { countryCode: 'RU' });
    const secret = await createNote(t.db, {
      reference: 'SECRET-2',
      fromId: ud,
      toId: mid,
      classification: 'confidential',
    });
    const reply = await createNote(t.db, {
      reference: 'OPEN-3',
      fromId: mid,
      toId: ud,
      inReplyToId: secret,
      classification: 'restricted',
    });
    const edit = await agent.get(`/notes/${reply}/edit`);
    expect(edit.text).not.toContain('SECRET-2');
    const res = await postForm(
      agent,
      `/notes/${reply}`,
      {
        version: '1',
        reference: 'OPEN-3',
        kind: 'note_verbale',
        sentOn: '2016-01-15',
        fromId: String(mid),
        toId: String(ud),
        subject: 'Edited',
        inReplyToId: '',
        classification: 'restricted',
      },
      `/notes/${reply}/edit`,
    );
    expect(res.status).toBe(303);
    const [row] = await t.db.query(`SELECT subject, in_reply_to_id FROM notes WHERE id = $1`, [reply]);
    expect(row).toEqual({ subject: 'Edited', in_reply_to_id: secret });
  });
});
