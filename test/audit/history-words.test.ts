import { login, postForm, useApp } from '../support/app';
import { createUser, PASSWORD } from '../support/factories';
import { createDossier, createNegotiation } from '../support/commitments.factories';
import { createNote } from '../support/notes.factories';
import { submissionToken } from '../support/form-html';

// Issue 10, point 2: History speaks in field labels and names, never column keys or ids, and
// never names a linked record the reader may not see. Times are in APP_TIME_ZONE.

const t = useApp({ appTimeZone: 'Europe/Oslo' });

const historyOf = (html: string) =>
  html.slice(html.indexOf('id="history-heading"'), html.indexOf('</section>', html.indexOf('id="history-heading"')));

async function staffAgent() {
  const staff = await createUser(t.db, { email: 'staff@demo.test', role: 'staff', clearance: 'restricted' });
  return { staff, agent: await login(t.app, staff.email, PASSWORD) };
}

describe('History in the reader’s words', () => {
  it('names the negotiation and the participants of a meeting, with labels, never ids', async () => {
    const { agent } = await staffAgent();
    const d = await createDossier(t.db);
    const negotiation = await createNegotiation(t.db, { title: 'Storskog crossings and readmission' });
    const form = await agent.get('/meetings/new');
    const res = await postForm(
      agent,
      '/meetings',
      {
        _submission: submissionToken(form.text),
        title: 'Oulu',
        heldOn: '2015-10-21',
        negotiationId: String(negotiation),
        classification: 'unclassified',
        participantIds: [String(d.brende), String(d.lavrov)],
      },
      '/meetings/new',
    );
    expect(res.status).toBe(303);
    const history = historyOf((await agent.get(res.headers.location)).text);
    expect(history).toContain('Negotiation</span>: Storskog crossings and readmission');
    expect(history).toMatch(/Participants<\/span>: (Børge Brende, Sergey Lavrov|Sergey Lavrov, Børge Brende)/);
    expect(history).toContain('Held on</span>: 2015-10-21');
    for (const key of ['negotiationId', 'participantIds', 'heldOn', 'classification:'])
      expect(history).not.toContain(key);
    expect(history).not.toMatch(/: \d+(, \d+)*</);
  });

  it('names a note replied to by its reference, and a hidden one as a record you may not see, without its id', async () => {
    const { agent } = await staffAgent();
    const d = await createDossier(t.db);
    const visible = await createNote(t.db, { reference: 'UD-2015/1015-RU', fromId: d.ruMfa, toId: d.noMfa });
    const hidden = await createNote(t.db, {
      reference: 'UD-2015/9999-RU',
      fromId: d.ruMfa,
      toId: d.noMfa,
      classification: 'confidential',
    });
    const reply = await createNote(t.db, { reference: 'UD-2015/1016', fromId: d.noMfa, toId: d.ruMfa });
    const manager = await createUser(t.db, { role: 'manager', clearance: 'confidential' });
    const managerAgent = await login(t.app, manager.email, PASSWORD);
    const fields = {
      reference: 'UD-2015/1016',
      kind: 'note_verbale',
      sentOn: '2016-01-15',
      fromId: String(d.noMfa),
      toId: String(d.ruMfa),
      subject: 'Reply',
      classification: 'unclassified',
    };
    expect(
      (
        await postForm(
          managerAgent,
          `/notes/${reply}`,
          { ...fields, version: '1', inReplyToId: String(visible) },
          `/notes/${reply}/edit`,
        )
      ).status,
    ).toBe(303);
    expect(
      (
        await postForm(
          managerAgent,
          `/notes/${reply}`,
          { ...fields, version: '2', inReplyToId: String(hidden) },
          `/notes/${reply}/edit`,
        )
      ).status,
    ).toBe(303);

    const history = historyOf((await agent.get(`/notes/${reply}`)).text);
    expect(history).toContain('In reply to</span>: — → UD-2015/1015-RU');
    expect(history).toContain('In reply to</span>: UD-2015/1015-RU → a record you may not see');
    expect(history).not.toContain('UD-2015/9999-RU');
    expect(history).not.toContain('inReplyToId');
    expect(history).not.toMatch(new RegExp(`\\b${hidden}\\b(?![^<]*")`));
    expect(historyOf((await managerAgent.get(`/notes/${reply}`)).text)).toContain('UD-2015/1015-RU → UD-2015/9999-RU');
  });

  it('shows each time in the app’s time zone', async () => {
    const { agent } = await staffAgent();
    const negotiation = await createNegotiation(t.db, { title: 'Storskog' });
    const form = await agent.get('/meetings/new');
    const res = await postForm(
      agent,
      '/meetings',
      {
        _submission: submissionToken(form.text),
        title: 'Late meeting',
        heldOn: '2016-01-15',
        negotiationId: String(negotiation),
        classification: 'unclassified',
      },
      '/meetings/new',
    );
    await t.db.query(`UPDATE audit_events SET at = '2016-01-15T23:30:00Z'`);
    const history = historyOf((await agent.get(res.headers.location)).text);
    expect(history).toContain('2016-01-16 00:30');
    expect(history).toContain('datetime="2016-01-15T23:30:00.000Z"');
  });
});
