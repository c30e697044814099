import { demoLexicon, loadGold } from '../../src/suggest/eval';
import { readCommitments } from '../../src/suggest/reader';

const lex = demoLexicon();
const read = (text: string, sourceDate = '2016-02-03') => readCommitments(lex, text, { sourceDate });

describe('the commitment reader', () => {
  it('attributes a reported quotation to the one who made it, not the one who reports it', () => {
    const [s] = read(
      'Brende on Wednesday met with his Russian counterpart Sergey Lavrov in Oulu.\n“Mr. Lavrov said he would look into the matter,” Brende said.',
      '2015-10-16',
    );
    expect(s).toMatchObject({
      kind: 'commitment',
      strength: 'will_consider',
      madeOn: '2015-10-14',
      madeBy: { name: 'Sergey Lavrov' },
      party: { countryCode: 'RU' },
      counterpart: { countryCode: 'NO' },
    });
  });

  it('finds officials by the Cyrillic native name, another spelling, accents ignored, and by title on the day', () => {
    expect(read('Лавров said Russia will not accept back the migrants.')[0].madeBy?.name).toBe('Sergey Lavrov');
    expect(read('Sergei Lavrov said Russia will not accept back the migrants.')[0].madeBy?.name).toBe('Sergey Lavrov');
    expect(read('Borge Brende said Norway will send the migrants by plane.')[0].madeBy?.name).toBe('Børge Brende');
    expect(read('The Russian Foreign Minister said Russia will not accept back the migrants.')[0].madeBy?.name).toBe(
      'Sergey Lavrov',
    );
  });

  it('tells refusals from commitments by the negation on the main verb, and caps the commitment before', () => {
    expect(read('Russia refuses to receive those who lied about their visits.')[0].kind).toBe('refusal');
    const [bus] = read("Norway agreed to Russia's request not to bus the migrants back across the border.");
    expect(bus).toMatchObject({ kind: 'commitment', strength: 'pledge', party: { countryCode: 'NO' } });
    const capped = read(
      'The Russian authorities informed Norway that they were willing to accept people with legal residence. In any case this number will not exceed 700 people.',
    );
    expect(capped).toHaveLength(1);
    expect(capped[0].text).toContain('will not exceed 700');
  });

  it('does not take may, might, can, wants, must or an agentless passive for a commitment', () => {
    expect(
      read(
        'Russia may re-admit refugees. Norway might agree to it. Russia can take them. Norway wants Russia to take 700. Russia must act. Syrian refugees will be stopped on the border.',
      ),
    ).toEqual([]);
  });

  it('reads due dates against the text, and not durations', () => {
    expect(
      read('Anders Anundsen said the ministry will issue the instructions next week.', '2015-10-16')[0].dueOn,
    ).toBe('2015-10-23');
    expect(read('Russia agreed to readmit the group by the end of the year.')[0].dueOn).toBe('2016-12-31');
    expect(read('Norway agreed to host the 700 people for 180 days.')[0].dueOn).toBeNull();
  });

  it('reports the same commitment once however often the article repeats it', () => {
    const sputnik = loadGold().find((g) => g.id.includes('sputnik'))!;
    const found = read(sputnik.text).filter((s) => /200/.test(s.text));
    expect(found).toHaveLength(1);
  });

  it('names a country without a ministry in the record by its code', () => {
    const [s] = read(
      'The foreign ministers of Japan and South Korea on Monday agreed to hold a summit by the end of this year.',
      '2024-09-24',
    );
    expect(s).toMatchObject({
      party: null,
      partyCountry: expect.stringMatching(/^(JP|KR)$/),
      madeOn: '2024-09-23',
      dueOn: '2024-12-31',
    });
  });

  it('reads a text of 5,000 words', () => {
    const text = loadGold()
      .map((g) => g.text)
      .join('\n\n')
      .repeat(3);
    expect(text.split(/\s+/).length).toBeGreaterThan(5000);
    expect(read(text).length).toBeGreaterThan(10);
  });
});
