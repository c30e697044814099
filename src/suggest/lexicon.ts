import { COUNTRIES } from './countries';

// The record's own names, compiled once into matchers: ministries (name, short name, aliases and
// the usual rewordings such as "Ministry of Justice" → "Justice Ministry"), officials (full,
// native and alias names, surnames, spelling variants, titles held on a day) and countries.

export interface RecordMinistry {
  id: number;
  name: string;
  shortName: string | null;
  countryCode: string;
  aliases: string[];
}
export interface RecordPosition {
  title: string;
  ministryId: number;
  startedOn: string;
  endedOn: string | null;
}
export interface RecordOfficial {
  id: number;
  fullName: string;
  nativeName: string | null;
  aliases: string[];
  positions: RecordPosition[];
}
export interface ReaderRecord {
  ministries: RecordMinistry[];
  officials: RecordOfficial[];
}

export type Entity =
  | { type: 'ministry'; id: number; country: string }
  | { type: 'official'; id: number }
  | { type: 'country'; country: string; form: 'name' | 'demonym' | 'capital' }
  | { type: 'title'; phrase: string };

export interface Mention {
  start: number;
  end: number;
  entities: Entity[];
}

/** Lower case without accents, one character for one, so offsets stay those of the text. */
export function fold(text: string): string {
  if (/^\p{ASCII}*$/u.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 128) {
      out += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
      continue;
    }
    const lower = ch.toLowerCase();
    const base = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const one = base.length === 1 ? base : lower.length === 1 ? lower : ch;
    out +=
      ({ ø: 'o', æ: 'a', đ: 'd', ł: 'l', ß: 's', '’': "'", '‘': "'", ё: 'е' } as Record<string, string>)[one] ??
      (one.length === ch.length ? one : ch);
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Spelling variants of one name word: Sergey/Sergei, Aas/Aass. */
function variants(word: string): string[] {
  const out = new Set([word]);
  if (/ey$/.test(word)) out.add(word.replace(/ey$/, 'ei'));
  if (/ei$/.test(word)) out.add(word.replace(/ei$/, 'ey'));
  if (/iy$/.test(word)) out.add(word.replace(/iy$/, 'y'));
  const last = word.slice(-1);
  if (word.length >= 3 && /[bcdfghklmnprstvz]/.test(last)) {
    if (word.slice(-2) === last + last) out.add(word.slice(0, -1));
    else out.add(word + last);
  }
  return [...out];
}

function nameForms(name: string): string[] {
  const words = fold(name).split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const forms = new Set<string>();
  const surname = words[words.length - 1];
  for (const v of variants(surname)) {
    if (v.length >= 3) forms.add(v);
    if (words.length > 1)
      for (const first of variants(words[0])) forms.add([first, ...words.slice(1, -1), v].join(' '));
  }
  forms.add(words.join(' '));
  return [...forms];
}

const MINISTRY_OF = /^(?:the\s+)?(ministry|department|directorate|office)\s+(?:of|for)\s+(.+?)(?:\s+of\s+the\s+.+)?$/;

function ministryForms(m: RecordMinistry): string[] {
  const forms = new Set<string>();
  for (const raw of [m.name, ...m.aliases]) {
    const name = fold(raw.trim());
    if (!name) continue;
    forms.add(name);
    const match = MINISTRY_OF.exec(name);
    if (match) {
      const [, kind, subject] = match;
      const heads = new Set([subject, subject.split(/\s+and\s+/)[0]]);
      if (/^foreign affairs/.test(subject)) heads.add('foreign');
      for (const head of heads) {
        forms.add(`${kind} of ${head}`);
        forms.add(`${head} ${kind}`);
      }
    }
    const withoutAdjective = name.replace(/^(federal|national|state|royal)\s+/, '');
    if (withoutAdjective !== name && withoutAdjective.split(' ').length >= 2) forms.add(withoutAdjective);
  }
  return [...forms];
}

export interface Lexicon {
  record: ReaderRecord;
  ministries: Map<number, RecordMinistry>;
  officials: Map<number, RecordOfficial>;
  /** Matches in the folded text; each alternative's entities by its folded form. */
  folded: RegExp;
  byForm: Map<string, { entities: Entity[]; proper: boolean }>;
  /** Acronyms matched as written (US, UDI, FMS), so "us" is never the United States. */
  exact: RegExp | null;
  byAcronym: Map<string, Entity[]>;
}

export function buildLexicon(record: ReaderRecord): Lexicon {
  const byForm = new Map<string, { entities: Entity[]; proper: boolean }>();
  const byAcronym = new Map<string, Entity[]>();
  const add = (form: string, entity: Entity, proper: boolean) => {
    if (/^[A-Z0-9.]{2,}$/.test(form) || /^[A-ZА-Я]{2,}(\s[A-ZА-Я]+)*$/.test(form)) {
      const list = byAcronym.get(form) ?? [];
      list.push(entity);
      byAcronym.set(form, list);
      return;
    }
    const key = fold(form);
    if (key.length < 2) return;
    const entry = byForm.get(key) ?? { entities: [], proper };
    if (!entry.entities.some((e) => JSON.stringify(e) === JSON.stringify(entity))) entry.entities.push(entity);
    byForm.set(key, entry);
  };
  for (const c of COUNTRIES) {
    for (const n of c.names) add(n, { type: 'country', country: c.code, form: 'name' }, true);
    for (const n of c.demonyms) add(n, { type: 'country', country: c.code, form: 'demonym' }, true);
    for (const n of c.capitals) add(n, { type: 'country', country: c.code, form: 'capital' }, true);
  }
  for (const m of record.ministries) {
    const entity: Entity = { type: 'ministry', id: m.id, country: m.countryCode };
    for (const f of ministryForms(m)) add(f, entity, false);
    if (m.shortName) add(m.shortName, entity, false);
    for (const a of m.aliases) if (/^[A-ZА-Я]{2,}$/.test(a)) add(a, entity, false);
  }
  for (const o of record.officials) {
    const entity: Entity = { type: 'official', id: o.id };
    for (const n of [o.fullName, ...o.aliases, ...(o.nativeName ? [o.nativeName] : [])])
      for (const f of nameForms(n)) add(f, entity, true);
    for (const p of o.positions)
      for (const f of titleForms(p.title)) add(f, { type: 'title', phrase: fold(p.title) }, false);
  }
  const alternatives = [...byForm.keys()].sort((a, b) => b.length - a.length).map(escape);
  const acronyms = [...byAcronym.keys()].sort((a, b) => b.length - a.length).map(escape);
  return {
    record,
    ministries: new Map(record.ministries.map((m) => [m.id, m])),
    officials: new Map(record.officials.map((o) => [o.id, o])),
    folded: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu'),
    byForm,
    exact: acronyms.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${acronyms.join('|')})(?![\\p{L}\\p{N}])`, 'gu') : null,
    byAcronym,
  };
}

/** "Minister of Foreign Affairs" is also "Foreign Minister" and "Minister of Foreign Affairs". */
export function titleForms(title: string): string[] {
  const t = fold(title.trim());
  const forms = new Set([t]);
  const m = /^(minister|secretary|director|commissioner)\s+(?:of|for)\s+(.+)$/.exec(t);
  if (m) {
    const [, role, subject] = m;
    const head = subject.split(/\s+and\s+/)[0];
    forms.add(`${role} of ${head}`);
    forms.add(`${head} ${role}`);
    if (/^foreign affairs/.test(head)) forms.add(`foreign ${role}`);
  }
  return [...forms];
}

export function titleMatches(title: string, phrase: string): boolean {
  return titleForms(title).includes(phrase) || titleForms(title).some((f) => titleForms(phrase).includes(f));
}

/** Every mention of a known name in the text, longest first, without overlaps. */
export function findMentions(lex: Lexicon, text: string, folded: string): Mention[] {
  const out: Mention[] = [];
  for (const m of folded.matchAll(lex.folded)) {
    const entry = lex.byForm.get(m[0]);
    if (!entry) continue;
    const first = text[m.index];
    if (entry.proper && first === first.toLowerCase() && first !== first.toUpperCase()) continue;
    out.push({ start: m.index, end: m.index + m[0].length, entities: entry.entities });
  }
  if (lex.exact)
    for (const m of text.matchAll(lex.exact))
      out.push({ start: m.index, end: m.index + m[0].length, entities: lex.byAcronym.get(m[0]) ?? [] });
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const m of out) if (!kept.length || m.start >= kept[kept.length - 1].end) kept.push(m);
  return kept;
}
