// The Storskog dossier (Norway and Russia, 2015–2016), written out as demo records.
// Where the sources give only a weekday, the date chosen here is used consistently everywhere.

export const DEMO_PASSWORD = 'demarche-demo';

export const demoUsers = [
  { email: 'staff@demo.test', name: 'Ingrid Staff', role: 'staff', clearance: 'restricted' },
  { email: 'manager@demo.test', name: 'Magnus Manager', role: 'manager', clearance: 'confidential' },
  { email: 'admin@demo.test', name: 'Ada Admin', role: 'admin', clearance: 'confidential' },
] as const;

export type MinistryKey = 'noMfa' | 'noJustice' | 'noUdi' | 'noAgriculture' | 'ruMfa' | 'ruFms' | 'ruBorder';

export const demoMinistries: {
  key: MinistryKey;
  name: string;
  shortName: string;
  kind: string;
  countryCode: string;
  parent?: MinistryKey;
  aliases?: string[];
}[] = [
  {
    key: 'noMfa',
    name: 'Ministry of Foreign Affairs',
    shortName: 'UD',
    kind: 'ministry',
    countryCode: 'NO',
    aliases: ['Norwegian Foreign Ministry', 'MFA'],
  },
  {
    key: 'noJustice',
    name: 'Ministry of Justice and Public Security',
    shortName: 'JD',
    kind: 'ministry',
    countryCode: 'NO',
    aliases: ['Justice Ministry', 'Ministry of Justice'],
  },
  {
    key: 'noUdi',
    name: 'Directorate of Immigration',
    shortName: 'UDI',
    kind: 'directorate',
    countryCode: 'NO',
    parent: 'noJustice',
    aliases: ['UDI', 'Norwegian Immigration Service', 'Immigration Service', 'Utlendingsdirektoratet'],
  },
  {
    key: 'noAgriculture',
    name: 'Ministry of Agriculture and Food',
    shortName: 'LMD',
    kind: 'ministry',
    countryCode: 'NO',
  },
  {
    key: 'ruMfa',
    name: 'Ministry of Foreign Affairs of the Russian Federation',
    shortName: 'МИД России',
    kind: 'ministry',
    countryCode: 'RU',
    aliases: ['Russian Foreign Ministry', 'Russian MFA', 'MID'],
  },
  {
    key: 'ruFms',
    name: 'Federal Migration Service',
    shortName: 'ФМС',
    kind: 'service',
    countryCode: 'RU',
    aliases: ['FMS', 'Migration Service', 'Russian Migration Service', 'Migration Office', 'Russian Migration Office'],
  },
  {
    key: 'ruBorder',
    name: 'Border Service of the FSB',
    shortName: 'ПС ФСБ',
    kind: 'service',
    countryCode: 'RU',
    aliases: ['border guards', 'Border Service', 'FSB Border Service', 'Russian border guards'],
  },
];

export type OfficialKey = 'brende' | 'anundsen' | 'listhaug' | 'aas' | 'lavrov';

export const demoOfficials: {
  key: OfficialKey;
  fullName: string;
  nativeName?: string;
  aliases?: string[];
  positions: { title: string; ministry: MinistryKey; startedOn: string; endedOn?: string }[];
}[] = [
  {
    key: 'brende',
    fullName: 'Børge Brende',
    aliases: ['Borge Brende'],
    positions: [{ title: 'Minister of Foreign Affairs', ministry: 'noMfa', startedOn: '2013-10-16' }],
  },
  {
    key: 'anundsen',
    fullName: 'Anders Anundsen',
    positions: [{ title: 'Minister of Justice and Public Security', ministry: 'noJustice', startedOn: '2013-10-16' }],
  },
  {
    key: 'listhaug',
    fullName: 'Sylvi Listhaug',
    positions: [
      {
        title: 'Minister of Agriculture and Food',
        ministry: 'noAgriculture',
        startedOn: '2013-10-16',
        endedOn: '2015-12-15',
      },
      { title: 'Minister of Immigration and Integration', ministry: 'noJustice', startedOn: '2015-12-16' },
    ],
  },
  {
    key: 'aas',
    fullName: 'Thor Arne Aas',
    aliases: ['Thor Arne Aass'],
    positions: [{ title: 'Director General', ministry: 'noJustice', startedOn: '2012-01-01' }],
  },
  {
    key: 'lavrov',
    fullName: 'Sergey Lavrov',
    nativeName: 'Сергей Викторович Лавров',
    aliases: ['Sergei Lavrov', 'Sergey Viktorovich Lavrov'],
    positions: [{ title: 'Minister of Foreign Affairs', ministry: 'ruMfa', startedOn: '2004-03-09' }],
  },
];
