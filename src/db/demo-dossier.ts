import type { MinistryKey, OfficialKey } from './demo-data';

// The Storskog records. Dates the sources give only as weekdays are fixed here once:
// Oulu meeting Wednesday 14 October 2015; suspension Friday 22 January 2016; Lavrov's annual
// press conference Tuesday 26 January 2016; the delegation meeting Wednesday 3 February 2016 (The Local and Sputnik's own article date).

export const negotiation = {
  title: 'Storskog crossings and readmission',
  status: 'active',
  summary:
    'Asylum seekers crossing from Russia into Norway at Storskog, the only crossing point between the two countries (about 5,500 in 2015, against 20 in 2014), and the return of those with a right to stay in Russia under the 2007 readmission agreement.',
  parties: ['noMfa', 'noJustice', 'ruMfa', 'ruFms'] as MinistryKey[],
};

export type AgreementKey = 'readmission2007' | 'arrangement2016';
export const agreements: {
  key: AgreementKey;
  title: string;
  kind: string;
  status: string;
  signedOn: string;
  inForceOn: string;
  parent?: AgreementKey;
  parties: MinistryKey[];
  summary: string;
  classification: string;
}[] = [
  {
    key: 'readmission2007',
    title: 'Agreement between Norway and Russia on readmission',
    kind: 'agreement',
    status: 'in_force',
    signedOn: '2007-06-08',
    inForceOn: '2008-12-01',
    parties: ['noMfa', 'ruMfa'],
    summary:
      'Lets Norwegian authorities stop people at the border and return them to Russia when they have permission to live there.',
    classification: 'unclassified',
  },
  {
    key: 'arrangement2016',
    title: 'Arrangement on returns by air to Moscow under the readmission agreement',
    kind: 'arrangement',
    status: 'in_force',
    signedOn: '2016-02-03',
    inForceOn: '2016-02-03',
    parent: 'readmission2007',
    parties: ['noJustice', 'ruFms'],
    summary:
      'Failed asylum seekers with a valid Russian visa or residence are flown to Moscow instead of being bussed across Storskog.',
    classification: 'restricted',
  },
];

export type MeetingKey = 'oulu' | 'delegation';
export const meetings: {
  key: MeetingKey;
  title: string;
  heldOn: string;
  location: string;
  occasion: string;
  summary: string;
  classification: string;
  participants: OfficialKey[];
}[] = [
  {
    key: 'oulu',
    title: 'Brende–Lavrov meeting in Oulu',
    heldOn: '2015-10-14',
    location: 'Oulu, Finland',
    occasion: 'Barents Euro-Arctic Council ministerial session',
    summary:
      'Brende asked for a report on why hundreds of asylum seekers come from Russia to Norway while none go to Finland; 378 crossed at Storskog in the last week, more than 1,200 so far this year.',
    classification: 'unclassified',
    participants: ['brende', 'lavrov'],
  },
  {
    key: 'delegation',
    title: 'Norwegian delegation meets the Russian Migration Service',
    heldOn: '2016-02-03',
    location: 'Moscow',
    occasion: 'Working meeting after the suspension of returns at Storskog',
    summary:
      'Delegation from the Norwegian Justice and Foreign Ministries led by Director General Thor Arne Aas. Both sides agreed on returns by air and on stopping people without a Schengen visa at the border.',
    classification: 'restricted',
    participants: ['aas'],
  },
];

export type NoteKey = 'askReport' | 'busNote' | 'suspension' | 'busReply';
export const notes: {
  key: NoteKey;
  reference: string;
  kind: string;
  sentOn: string;
  from: MinistryKey;
  to: MinistryKey;
  subject: string;
  body: string;
  inReplyTo?: NoteKey;
  replyDueOn?: string;
  classification: string;
}[] = [
  {
    key: 'askReport',
    reference: 'UD-2015/1015-RU',
    kind: 'request',
    sentOn: '2015-10-15',
    from: 'noMfa',
    to: 'ruMfa',
    subject: 'Request for an explanation of the asylum seeker flow through Storskog',
    body: 'Following the ministers’ meeting in Oulu, Norway asks for a report on the rising number of asylum seekers crossing from Russia.',
    replyDueOn: '2015-11-16',
    classification: 'unclassified',
  },
  {
    key: 'busNote',
    reference: 'МИД-2016/0119-НО',
    kind: 'formal_note',
    sentOn: '2016-01-19',
    from: 'ruMfa',
    to: 'noMfa',
    subject: 'Returns of third-country nationals by bus across Storskog',
    body: 'Returning hundreds of people by bus in the middle of winter, without money, is neither proper nor safe. Russia is willing to accept people with legal residence in Russia or a multiple-entry visa, not more than 700 in all.',
    replyDueOn: '2016-02-02',
    classification: 'restricted',
  },
  {
    key: 'suspension',
    reference: 'МИД-2016/0122-НО',
    kind: 'note_verbale',
    sentOn: '2016-01-22',
    from: 'ruMfa',
    to: 'noMfa',
    subject: 'Suspension of readmissions at the Storskog crossing',
    body: 'For security reasons the Russian authorities stop taking back failed asylum seekers from Norway through Storskog.',
    replyDueOn: '2016-02-05',
    classification: 'restricted',
  },
  {
    key: 'busReply',
    reference: 'UD-2016/0125-RU',
    kind: 'note_verbale',
    sentOn: '2016-01-25',
    from: 'noMfa',
    to: 'ruMfa',
    subject: 'Re: Returns of third-country nationals by bus across Storskog',
    body: 'Norway has postponed the planned returns of this weekend at Russia’s request and proposes a meeting between the immigration authorities and the Federal Migration Service.',
    inReplyTo: 'busNote',
    classification: 'restricted',
  },
];

type Source = { meeting: MeetingKey } | { note: NoteKey } | { agreement: AgreementKey } | { url: string };
export type CommitmentKey =
  | 'lavrovLook'
  | 'udiInstructions'
  | 'warZones'
  | 'accept700'
  | 'procedure'
  | 'speedyAddition'
  | 'deport4800'
  | 'air200'
  | 'caseByCase700'
  | 'borderGuards'
  | 'noBuses';
export const commitments: {
  key: CommitmentKey;
  text: string;
  madeBy?: OfficialKey;
  party: MinistryKey;
  counterpart: MinistryKey;
  strength: string;
  source: Source;
  madeOn: string;
  dueOn?: string;
  owner: 'staff' | 'manager';
  classification: string;
}[] = [
  {
    key: 'lavrovLook',
    text: 'Mr. Lavrov said he would look into the matter.',
    madeBy: 'lavrov',
    party: 'ruMfa',
    counterpart: 'noMfa',
    strength: 'will_consider',
    source: { meeting: 'oulu' },
    madeOn: '2015-10-14',
    dueOn: '2015-11-13',
    owner: 'manager',
    classification: 'unclassified',
  },
  {
    key: 'udiInstructions',
    text: 'Instructions ordering UDI to give priority to returning people who have lived in Russia for a long time, in force already next week.',
    madeBy: 'anundsen',
    party: 'noJustice',
    counterpart: 'noUdi',
    strength: 'intent',
    source: { url: 'https://www.nrk.no/' },
    madeOn: '2015-10-16',
    dueOn: '2015-10-23',
    owner: 'staff',
    classification: 'unclassified',
  },
  {
    key: 'warZones',
    text: 'People who do not have permission to live in Russia and have fled directly from war zones will of course have their applications handled properly.',
    madeBy: 'anundsen',
    party: 'noJustice',
    counterpart: 'ruMfa',
    strength: 'pledge',
    source: { url: 'https://www.nrk.no/' },
    madeOn: '2015-10-16',
    owner: 'staff',
    classification: 'unclassified',
  },
  {
    key: 'accept700',
    text: 'Russia is willing to accept people with legal residence in Russia or a multiple-entry visa — in any case not more than 700.',
    party: 'ruMfa',
    counterpart: 'noMfa',
    strength: 'will_consider',
    source: { note: 'busNote' },
    madeOn: '2016-01-19',
    owner: 'manager',
    classification: 'restricted',
  },
  {
    key: 'procedure',
    text: 'We have agreed with the Norwegian authorities to take a pause and work on a procedure that resolves this problem in the interests of Russia and Norway.',
    madeBy: 'lavrov',
    party: 'ruMfa',
    counterpart: 'noMfa',
    strength: 'intent',
    source: { url: 'https://www.mid.ru/' },
    madeOn: '2016-01-26',
    dueOn: '2016-03-31',
    owner: 'manager',
    classification: 'unclassified',
  },
  {
    key: 'speedyAddition',
    text: 'The Federal Migration Service is discussing a speedy addition to the readmission agreement with its Norwegian colleagues.',
    madeBy: 'lavrov',
    party: 'ruFms',
    counterpart: 'noJustice',
    strength: 'intent',
    source: { url: 'https://www.mid.ru/' },
    madeOn: '2016-01-26',
    dueOn: '2016-02-29',
    owner: 'manager',
    classification: 'unclassified',
  },
  {
    key: 'deport4800',
    text: 'The other 4,800 asylum seekers, residents of countries other than Russia, are to be deported to their countries of origin.',
    madeBy: 'listhaug',
    party: 'noJustice',
    counterpart: 'ruMfa',
    strength: 'intent',
    source: { url: 'https://www.nrk.no/' },
    madeOn: '2016-01-26',
    dueOn: '2016-12-31',
    owner: 'staff',
    classification: 'unclassified',
  },
  {
    key: 'air200',
    text: 'Russia agrees to take back between 200 and 300 failed asylum seekers who have a valid Russian visa or right to reside in Russia, flown to Moscow.',
    party: 'ruFms',
    counterpart: 'noJustice',
    strength: 'pledge',
    source: { meeting: 'delegation' },
    madeOn: '2016-02-03',
    dueOn: '2016-03-31',
    owner: 'manager',
    classification: 'restricted',
  },
  {
    key: 'caseByCase700',
    text: 'Russia will consider the readmission of the 700 whom Norway believes have a right to remain in Russia, case by case.',
    party: 'ruFms',
    counterpart: 'noJustice',
    strength: 'will_consider',
    source: { meeting: 'delegation' },
    madeOn: '2016-02-03',
    dueOn: '2016-04-30',
    owner: 'manager',
    classification: 'confidential',
  },
  {
    key: 'borderGuards',
    text: 'Russian border guards will stop migrants trying to enter Norway without a valid Schengen visa.',
    party: 'ruBorder',
    counterpart: 'noJustice',
    strength: 'pledge',
    source: { meeting: 'delegation' },
    madeOn: '2016-02-03',
    dueOn: '2016-02-29',
    owner: 'manager',
    classification: 'restricted',
  },
  {
    key: 'noBuses',
    text: 'Norway will not bus people back across the border at Storskog, but send them by plane to Moscow.',
    madeBy: 'aas',
    party: 'noJustice',
    counterpart: 'ruFms',
    strength: 'pledge',
    source: { meeting: 'delegation' },
    madeOn: '2016-02-03',
    owner: 'staff',
    classification: 'restricted',
  },
];

type Evidence = { meeting: MeetingKey } | { note: NoteKey } | { agreement: AgreementKey } | undefined;
export const followUps: {
  commitment: CommitmentKey;
  recordedOn: string;
  status: string;
  note: string;
  evidence?: Evidence;
  author: 'staff' | 'manager';
}[] = [
  {
    commitment: 'lavrovLook',
    recordedOn: '2015-11-20',
    status: 'in_progress',
    note: 'Raised again at working level; Moscow says the matter is being studied. No report yet.',
    evidence: { note: 'askReport' },
    author: 'manager',
  },
  {
    commitment: 'lavrovLook',
    recordedOn: '2016-01-22',
    status: 'stalled',
    note: 'No report received. Russia instead suspended readmissions at Storskog.',
    evidence: { note: 'suspension' },
    author: 'manager',
  },
  {
    commitment: 'udiInstructions',
    recordedOn: '2015-10-27',
    status: 'fulfilled',
    note: 'Instructions issued to UDI; returns of long-term Russian residents began, about 200 sent back by late January.',
    author: 'staff',
  },
  {
    commitment: 'accept700',
    recordedOn: '2016-01-22',
    status: 'stalled',
    note: 'Returns stopped at Storskog for security reasons.',
    evidence: { note: 'suspension' },
    author: 'manager',
  },
  {
    commitment: 'accept700',
    recordedOn: '2016-02-03',
    status: 'superseded',
    note: 'Replaced by the delegation agreement: 200–300 by air, the 700 considered case by case.',
    evidence: { meeting: 'delegation' },
    author: 'manager',
  },
  {
    commitment: 'speedyAddition',
    recordedOn: '2016-02-03',
    status: 'partially_fulfilled',
    note: 'Arrangement on returns by air agreed at the delegation meeting; a formal protocol is still to come.',
    evidence: { agreement: 'arrangement2016' },
    author: 'manager',
  },
  {
    commitment: 'procedure',
    recordedOn: '2016-02-03',
    status: 'in_progress',
    note: 'Delegation meeting held with the Migration Service; procedure for air returns agreed.',
    evidence: { meeting: 'delegation' },
    author: 'manager',
  },
  {
    commitment: 'noBuses',
    recordedOn: '2016-02-10',
    status: 'in_progress',
    note: 'Bus returns stopped; first charter to Moscow being arranged.',
    author: 'staff',
  },
];
