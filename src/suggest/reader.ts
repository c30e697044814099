import { createRequire } from 'node:module';
import type { Strength } from '../commitments/commitment-status';
import { findCues, innerStrength, type Cue, type Kind } from './cues';
import {
  findMentions,
  fold,
  titleMatches,
  type Entity,
  type Lexicon,
  type Mention,
  type RecordOfficial,
} from './lexicon';
import { insideQuote, splitSentences, type Sentence } from './sentences';

type Chrono = typeof import('chrono-node');
const loadLazily = createRequire(__filename);
let loadedChrono: Chrono | undefined;
/** chrono-node (some 6 MB resident) is loaded on the first text read, not at start-up by every process. */
const chrono = (): Chrono => (loadedChrono ??= loadLazily('chrono-node') as Chrono);

export interface Ref {
  id: number;
  name: string;
  countryCode: string;
}
export interface Suggestion {
  kind: Kind;
  text: string;
  sentence: string;
  start: number;
  end: number;
  madeBy: Ref | null;
  party: Ref | null;
  counterpart: Ref | null;
  madeByText: string | null;
  partyCountry: string | null;
  counterpartCountry: string | null;
  strength: Strength | null;
  madeOn: string;
  dueOn: string | null;
  confidence: number;
  cues: string[];
  /** For signals and refusals: the status a matching commitment would move to. */
  proposedStatus?: string;
}

const REPORTING = String.raw`said|says|told|tells|added|adds|stressed|stresses|noted|notes|underlined|underlines|explained|explains|stated|states|declared|declares|announced|announces|insisted|insists|emphasi[sz]ed|emphasi[sz]es|pointed out|points out|comments|commented|confirmed|confirms|assured|assures|informed|informs|replied|replies|answered|admitted|warned|warns|wrote|writes|according to`;
const REPORTING_RE = new RegExp(String.raw`\b(?:also |then |later |now )?(?:${REPORTING})\b`, 'giu');
const AFTER_REPORTING = new RegExp(String.raw`(?:${REPORTING})\s*(?:that\s*)?$`, 'iu');
const PAST_REPORTING =
  /^(?:said|told|added|stressed|noted|underlined|explained|stated|declared|announced|insisted|emphasi[sz]ed|pointed out|commented|confirmed|assured|informed|replied|answered|admitted|warned|wrote)$/i;
const NAME = String.raw`\p{Lu}[\p{Ll}'’-]+(?:\s+(?:van |von |de |al-)?\p{Lu}[\p{Ll}'’-]+){0,2}`;
const TITLES = String.raw`President|Prime Minister|Foreign Minister|Minister|Secretary of State|Secretary|Chancellor|Ambassador|Premier|Director General|Director|Spokesperson|spokesman|spokeswoman|Commissioner|Deputy|Envoy|Senator|King|Queen|Mr\.?|Mrs\.?|Ms\.?|Dr\.?`;
const TITLED_NAME = new RegExp(String.raw`\b(?:${TITLES})\s+(${NAME})`, 'gu');
const NAME_REPORTING = new RegExp(
  String.raw`(${NAME})\s*,?\s+(?:also\s+)?(?:${REPORTING})\b|\b(?:${REPORTING})\s+(${NAME})`,
  'gu',
);
const NOT_NAMES =
  /^(?:The|He|She|It|They|We|I|But|And|This|That|These|Those|On|In|At|As|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Reuters|AFP|NRK|TASS|Interfax|Sputnik|Ministry|Foreign|Minister)\b/;
const PREPOSITION =
  /\b(?:of|from|with|between|to|in|at|for|about|by|into|than|across|via|against|on|under|over|through|towards?|like)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+|our\s+)?$/i;
const GROUP_NOUNS = String.raw`(?:ministers|sides|parties|leaders|delegations|governments|diplomats|both|they)`;
const GROUP = new RegExp(
  String.raw`\b${GROUP_NOUNS}\s+(?:(?:also|have|has|then|jointly|further|both|all)\s+){0,2}$|^\s*(?:[\p{L}'’-]+\s+){0,3}?${GROUP_NOUNS}\s`,
  'iu',
);
const PRONOUN = /\b(I|we|he|she|they|it)\b(?![''’]s)/giu;

interface Person {
  start: number;
  end: number;
  officialId: number | null;
  name: string;
}

interface Ctx {
  lex: Lexicon;
  text: string;
  sourceDate: string;
  mentions: Mention[];
  people: Person[];
}

const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const localDate = (day: string) => new Date(`${day}T12:00:00`);

function positionOn(o: RecordOfficial, day: string) {
  const active = o.positions
    .filter((p) => p.startedOn <= day && (!p.endedOn || p.endedOn >= day))
    .sort((a, b) => b.startedOn.localeCompare(a.startedOn));
  return active[0] ?? [...o.positions].sort((a, b) => b.startedOn.localeCompare(a.startedOn))[0];
}

const isForeignMinistry = (name: string, short: string | null) =>
  /foreign|external affairs|state department|department of state/i.test(name) || /^(?:MFA|UD|МИД)/.test(short ?? '');

/** A country mention just before `at` ("Russian Foreign Minister", "Norway's"). */
function countryBefore(ctx: Ctx, at: number, within = 24): string | null {
  for (let i = ctx.mentions.length - 1; i >= 0; i--) {
    const m = ctx.mentions[i];
    if (m.end > at) continue;
    if (at - m.end > within || !/^(?:['’]s)?\s*$/.test(ctx.text.slice(m.end, at))) return null;
    const c = m.entities.find((e) => e.type === 'country');
    if (c) return (c as { country: string }).country;
  }
  return null;
}

/** The officials a title mention refers to on that day ("the Russian Foreign Minister" → Lavrov). */
function officialsByTitle(ctx: Ctx, m: Mention, day: string): number[] {
  const phrases = m.entities
    .filter((e): e is Extract<Entity, { type: 'title' }> => e.type === 'title')
    .map((e) => e.phrase);
  const phrase = fold(ctx.text.slice(m.start, m.end));
  const country = countryBefore(ctx, m.start);
  const found = new Set<number>();
  for (const o of ctx.lex.record.officials) {
    const p = positionOn(o, day);
    if (!p || !(phrases.some((x) => titleMatches(p.title, x)) || titleMatches(p.title, phrase))) continue;
    if (p.startedOn > day || (p.endedOn && p.endedOn < day)) continue;
    const ministry = ctx.lex.ministries.get(p.ministryId);
    if (country && ministry?.countryCode !== country) continue;
    found.add(o.id);
  }
  return [...found];
}

function findPeople(ctx: Ctx): Person[] {
  const people: Person[] = [];
  for (const m of ctx.mentions) {
    const official = m.entities.find((e) => e.type === 'official');
    if (official)
      people.push({
        start: m.start,
        end: m.end,
        officialId: (official as { id: number }).id,
        name: ctx.text.slice(m.start, m.end),
      });
    else if (m.entities.some((e) => e.type === 'title')) {
      const ids = officialsByTitle(ctx, m, ctx.sourceDate);
      if (ids.length === 1)
        people.push({ start: m.start, end: m.end, officialId: ids[0], name: ctx.lex.officials.get(ids[0])!.fullName });
    }
  }
  const overlaps = (a: number, b: number) => ctx.mentions.some((m) => a < m.end && m.start < b);
  const addUnknown = (start: number, name: string) => {
    const clean = name.replace(/[,'’]+$/, '').trim();
    if (!clean || NOT_NAMES.test(clean) || overlaps(start, start + clean.length)) return;
    if (people.some((p) => start < p.end && p.start < start + clean.length)) return;
    people.push({ start, end: start + clean.length, officialId: null, name: clean });
  };
  for (const m of ctx.text.matchAll(TITLED_NAME)) addUnknown(m.index + m[0].length - m[1].length, m[1]);
  for (const m of ctx.text.matchAll(NAME_REPORTING)) {
    if (m[1]) addUnknown(m.index, m[1]);
    else if (m[2]) addUnknown(m.index + m[0].length - m[2].length, m[2]);
  }
  return people.sort((a, b) => a.start - b.start);
}

interface Attribution {
  at: number;
  verbEnd: number;
  person: Person | null;
  past: boolean;
}

/** "Brende said", "said Lavrov", "Lavrov told NRK that", with the person they name. */
function attributions(ctx: Ctx, s: Sentence): Attribution[] {
  const body = ctx.text.slice(s.start, s.end);
  const out: Attribution[] = [];
  for (const m of body.matchAll(REPORTING_RE)) {
    const at = s.start + m.index;
    if (s.quotes.some((q) => at >= q.start && at < q.end) && !s.dashQuote) continue;
    const verb = m[0].replace(/^(?:also|then|later|now) /i, '');
    const before = ctx.people
      .filter((p) => p.end <= at && p.start >= s.start && !s.quotes.some((q) => p.start >= q.start && p.end <= q.end))
      .pop();
    const after = ctx.people.find(
      (p) => p.start >= at + m[0].length && p.start - (at + m[0].length) < 60 && p.end <= s.end,
    );
    const pronoun = /\b(he|she)\s+(?:also\s+)?$/i.test(body.slice(Math.max(0, m.index - 12), m.index));
    let person: Person | null = null;
    if (pronoun) person = ctx.people.filter((p) => p.end <= at).pop() ?? null;
    else if (before && !/[.!?]/.test(ctx.text.slice(before.end, at)) && at - before.end < 90) person = before;
    else if (after) person = after;
    out.push({ at, verbEnd: at + m[0].length, person, past: PAST_REPORTING.test(verb) || verb === 'according to' });
  }
  return out;
}

interface Subject {
  kind: 'official' | 'person' | 'ministry' | 'country' | 'speaker' | 'none';
  officialId?: number;
  name?: string;
  ministryId?: number;
  country?: string;
  at: number;
}

const BOUNDARY = /(?:[;:]|,\s*(?:and|but|while)\s|\b(?:but|whereas)\s|\bthat\s|["“”]|\s[–—]\s|\b(?:which|who)\s)/giu;

function clauseStart(text: string, from: number, to: number): number {
  let start = from;
  const window = text.slice(from, to);
  for (const m of window.matchAll(BOUNDARY)) start = from + m.index + m[0].length;
  for (const m of window.matchAll(REPORTING_RE))
    if (from + m.index + m[0].length > start) start = from + m.index + m[0].length;
  return start;
}

function resolveSubject(ctx: Ctx, s: Sentence, windowStart: number, cueStart: number, speaker: Person | null): Subject {
  type Cand = { at: number; end: number; subject: Subject };
  const cands: Cand[] = [];
  const window = ctx.text.slice(windowStart, cueStart);
  for (const m of ctx.mentions) {
    if (m.start < windowStart || m.end > cueStart) continue;
    if (
      PREPOSITION.test(ctx.text.slice(Math.max(s.start, m.start - 30), m.start)) ||
      /^['’]s\b/.test(ctx.text.slice(m.end, m.end + 2))
    )
      continue;
    const person = ctx.people.find((p) => p.start === m.start);
    const ministry = m.entities.find((e) => e.type === 'ministry') as { id: number; country: string } | undefined;
    const country = m.entities.find((e) => e.type === 'country') as { country: string } | undefined;
    if (person?.officialId)
      cands.push({
        at: m.start,
        end: m.end,
        subject: { kind: 'official', officialId: person.officialId, name: person.name, at: m.start },
      });
    else if (ministry) {
      const ministries = m.entities.filter((e) => e.type === 'ministry') as { id: number; country: string }[];
      const near = countryBefore(ctx, m.start) ?? (speaker?.officialId ? speakerCountry(ctx, speaker) : null);
      const chosen =
        ministries.find((x) => x.country === near) ?? (ministries.length === 1 ? ministries[0] : undefined);
      if (chosen && (!near || chosen.country === near || !countryBefore(ctx, m.start)))
        cands.push({
          at: m.start,
          end: m.end,
          subject: { kind: 'ministry', ministryId: chosen.id, country: chosen.country, at: m.start },
        });
      else if (near) cands.push({ at: m.start, end: m.end, subject: { kind: 'country', country: near, at: m.start } });
    } else if (country)
      cands.push({ at: m.start, end: m.end, subject: { kind: 'country', country: country.country, at: m.start } });
  }
  for (const p of ctx.people)
    if (!p.officialId && p.start >= windowStart && p.end <= cueStart)
      cands.push({ at: p.start, end: p.end, subject: { kind: 'person', name: p.name, at: p.start } });
  for (const m of window.matchAll(PRONOUN)) {
    const at = windowStart + m.index;
    const word = m[1].toLowerCase();
    let subject: Subject | null = null;
    if (word === 'i' || word === 'we') subject = speaker ? personSubject(speaker, at) : { kind: 'none', at };
    else if (word === 'he' || word === 'she') {
      const p = ctx.people.filter((x) => x.end <= at).pop();
      subject = p ? personSubject(p, at) : null;
    } else if (word === 'they') {
      const group = ctx.mentions.find(
        (x) =>
          x.start >= s.start &&
          x.end <= windowStart &&
          x.entities.some((e) => e.type === 'country' || e.type === 'ministry') &&
          !PREPOSITION.test(ctx.text.slice(Math.max(s.start, x.start - 30), x.start)),
      );
      if (group) subject = resolveSubject(ctx, s, group.start, group.end, speaker);
    } else subject = { kind: 'none', at };
    if (subject) cands.push({ at, end: at + m[0].length, subject: { ...subject, at } });
  }
  cands.sort((a, b) => a.at - b.at);
  // Two names joined by "and" ("Russia and Norway have agreed"): the first leads.
  let pick = cands[cands.length - 1];
  if (!pick) return { kind: 'none', at: windowStart };
  const previous = cands[cands.length - 2];
  if (previous && /^\s*(?:and|or|&)\s*$/i.test(ctx.text.slice(previous.end, pick.at))) pick = previous;
  // A demonym before a ministry that is not of that country is only the country.
  if (
    previous &&
    pick.subject.kind === 'ministry' &&
    previous.subject.kind === 'country' &&
    /^\s*$/.test(ctx.text.slice(previous.end, pick.at)) &&
    previous.subject.country !== pick.subject.country
  )
    return previous.subject;
  return pick.subject;
}

function personSubject(p: Person, at: number): Subject {
  return p.officialId
    ? { kind: 'official', officialId: p.officialId, name: p.name, at }
    : { kind: 'person', name: p.name, at };
}

function speakerCountry(ctx: Ctx, speaker: Person): string | null {
  if (!speaker.officialId) return null;
  const p = positionOn(ctx.lex.officials.get(speaker.officialId)!, ctx.sourceDate);
  return p ? (ctx.lex.ministries.get(p.ministryId)?.countryCode ?? null) : null;
}

function ministryOf(ctx: Ctx, officialId: number, day: string): number | null {
  const o = ctx.lex.officials.get(officialId);
  return o ? (positionOn(o, day)?.ministryId ?? null) : null;
}

/** The ministry a bare country stands for: paired with a foreign ministry, the last one named, or its foreign ministry. */
function ministryForCountry(
  ctx: Ctx,
  country: string,
  before: number,
  day: string,
  pairedWith: number | null,
): number | null {
  const ofCountry = ctx.lex.record.ministries.filter((m) => m.countryCode === country);
  if (!ofCountry.length) return null;
  const paired = pairedWith ? ctx.lex.ministries.get(pairedWith) : undefined;
  const foreign = ofCountry.find((m) => isForeignMinistry(m.name, m.shortName));
  if (paired && isForeignMinistry(paired.name, paired.shortName) && foreign) return foreign.id;
  for (let i = ctx.mentions.length - 1; i >= 0; i--) {
    const m = ctx.mentions[i];
    if (m.end > before) continue;
    const ministries = m.entities.filter((e) => e.type === 'ministry' && e.country === country) as { id: number }[];
    if (ministries.length === 1 && !(countryBefore(ctx, m.start) && countryBefore(ctx, m.start) !== country))
      return ministries[0].id;
    const person = ctx.people.find((p) => p.start === m.start && p.officialId);
    if (person) {
      const id = ministryOf(ctx, person.officialId!, day);
      if (id && ctx.lex.ministries.get(id)?.countryCode === country) return id;
    }
  }
  return foreign?.id ?? (ofCountry.length === 1 ? ofCountry[0].id : null);
}

function ref(ctx: Ctx, ministryId: number | null): Ref | null {
  const m = ministryId ? ctx.lex.ministries.get(ministryId) : undefined;
  return m ? { id: m.id, name: m.name, countryCode: m.countryCode } : null;
}

function officialRef(ctx: Ctx, id: number | undefined, day: string): Ref | null {
  const o = id ? ctx.lex.officials.get(id) : undefined;
  if (!o) return null;
  const p = positionOn(o, day);
  return { id: o.id, name: o.fullName, countryCode: (p && ctx.lex.ministries.get(p.ministryId)?.countryCode) ?? '' };
}

const DATE_WORDS =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b|\d{1,4}[./-]\d{1,2}/i;

/** A specific past day the sentence is about ("on Wednesday", "On January 26"), read against the text's date. */
function anchorDate(sentence: string, reference: string): string | null {
  if (!DATE_WORDS.test(sentence)) return null;
  for (const r of chrono().parse(sentence, localDate(reference), { forwardDate: false })) {
    const day = r.start.isCertain('day') || r.start.isCertain('weekday');
    if (!day) continue;
    const d = iso(r.start.date());
    if (d <= reference) return d;
  }
  return null;
}

const UNITS: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 };

/** A due date in the words after the cue; durations ("for 180 days") are not. */
function dueDate(after: string, madeOn: string): string | null {
  const year = Number(madeOn.slice(0, 4));
  const end =
    /\b(?:by|before|until|till|at|towards?) the end of (?:the |this )?(year|month)\b|\bby the end of (\d{4})\b|\bby (?:year|year's|year’s)[- ]end\b/i.exec(
      after,
    );
  if (end) {
    if (end[2]) return `${end[2]}-12-31`;
    if (end[1]?.toLowerCase() === 'month') {
      const d = localDate(madeOn);
      return iso(new Date(d.getFullYear(), d.getMonth() + 1, 0, 12));
    }
    return `${year}-12-31`;
  }
  const within = /\b(?:within|in the next|in)\s+(\d{1,3}|a|one|two|three|six)\s+(day|week|month|year)s?\b/i.exec(after);
  if (within && !/\bfor\s+$/i.test(after.slice(0, within.index))) {
    const n =
      ({ a: 1, one: 1, two: 2, three: 3, six: 6 } as Record<string, number>)[within[1].toLowerCase()] ??
      Number(within[1]);
    const d = localDate(madeOn);
    if (within[2].toLowerCase() === 'month') d.setMonth(d.getMonth() + n);
    else d.setDate(d.getDate() + n * UNITS[within[2].toLowerCase()]);
    return iso(d);
  }
  if (!DATE_WORDS.test(after) && !/\bnext (?:week|month|year)\b/i.test(after)) return null;
  for (const r of chrono().parse(after, localDate(madeOn), { forwardDate: true })) {
    const lead = after.slice(Math.max(0, r.index - 12), r.index);
    if (/\b(?:for|since|last|ago|during|in)\s+$/i.test(lead) && !/\b(?:next)\b/i.test(r.text)) continue;
    if (/^\d+\s+(?:days?|weeks?|months?|years?)$/i.test(r.text.trim())) continue;
    const d = iso(r.start.date());
    if (d > madeOn) return d;
  }
  return null;
}

const STOP = new Set(
  'the a an of to and or in on at for with by from that this these those is are was were be been will would has have had not no its their our his her they we it as into about than which who said also there'.split(
    ' ',
  ),
);
export const contentWords = (s: string) =>
  new Set(
    fold(s)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 3 && !STOP.has(w)),
  );
const numbersIn = (s: string) =>
  new Set(
    [...s.matchAll(/\b\d[\d,]*\b/g)]
      .map((m) => m[0].replace(/,/g, ''))
      .filter((n) => !(Number(n) >= 1900 && Number(n) <= 2100)),
  );
const actionOf = (s: string) =>
  /\b(?:(?:accept|take|taking|send|sent|bring)\w*\s+(?:[\p{L}-]+\s+){0,3}back|receiv\w*|readmit\w*|re-admit\w*)\b/iu.test(
    s,
  )
    ? 'readmit'
    : null;

function trimText(t: string): string {
  return t
    .replace(
      /[,;]?\s*["”]?\s*,?\s*(?:\p{Lu}[\p{L}.'’ -]{0,60}\s)?(?:said|says|added|underlines|underlined|notes|noted|comments|commented)(?:\s[\p{L}.'’ -]{0,80})?[.!]?\s*$/u,
      '',
    )
    .replace(/^[\s"“”‘’–—-]+|[\s"“”‘’–—,-]+$/g, '')
    .trim();
}

export interface ReadOptions {
  sourceDate: string;
}

/** The commitments, refusals and status signals in a text, read by rules over the record's names. */
export function readCommitments(lex: Lexicon, rawText: string, { sourceDate }: ReadOptions): Suggestion[] {
  const text = rawText.replace(/Â(?=\s|$)|\u00a0/g, ' ').replace(/[\u200b\ufeff]/g, ' ');
  const ctx: Ctx = { lex, text, sourceDate, mentions: findMentions(lex, text, fold(text)), people: [] };
  ctx.people = findPeople(ctx);
  const sentences = splitSentences(text);
  const out: Suggestion[] = [];
  const attributionCache = new Map<number, Attribution[]>();
  const attributionsOf = (i: number) => {
    let found = attributionCache.get(i);
    if (!found) attributionCache.set(i, (found = attributions(ctx, sentences[i])));
    return found;
  };
  let context = sourceDate;
  let lastSpeaker: Person | null = null;
  let lastQuoteSpeaker: Person | null = null;
  const countryCounts = new Map<string, number>();
  for (const m of ctx.mentions)
    for (const e of m.entities)
      if (e.type === 'country' || e.type === 'ministry')
        countryCounts.set(e.country, (countryCounts.get(e.country) ?? 0) + 1);
  for (const p of ctx.people) {
    const ministry = p.officialId ? ctx.lex.ministries.get(ministryOf(ctx, p.officialId, sourceDate) ?? 0) : undefined;
    if (ministry) countryCounts.set(ministry.countryCode, (countryCounts.get(ministry.countryCode) ?? 0) + 1);
  }

  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si];
    const body = text.slice(s.start, s.end);
    const anchor = anchorDate(body, sourceDate);
    if (anchor) context = anchor;
    const attrs = attributionsOf(si);
    // A quotation without its own attribution belongs to whoever the rest of its paragraph, or the text before it, names.
    let quoteAttr = attrs.find((a) => a.person) ?? null;
    if (!quoteAttr && (s.quotes.length || s.dashQuote)) {
      for (let j = si + 1; j < sentences.length && sentences[j].paragraph === s.paragraph; j++) {
        const later = attributionsOf(j).find((a) => a.person);
        if (later) {
          quoteAttr = later;
          break;
        }
      }
    }
    const quoteSpeaker = quoteAttr?.person ?? lastQuoteSpeaker ?? lastSpeaker;
    const cues = findCues(body);
    let previous: Suggestion | null = null;
    let previousCue: Cue | null = null;
    for (const cue of cues) {
      const at = s.start + cue.start;
      if (cue.status === 'cap') {
        const target = previous ?? out[out.length - 1];
        if (target && target.kind === 'commitment') {
          target.text = `${target.text} ${trimText(body)}`.slice(0, 5000);
          target.cues.push(cue.words.trim());
        }
        continue;
      }
      const quoted = insideQuote(s, at);
      const reporting = attrs.filter((a) => a.verbEnd <= at && a.person).pop();
      const trailing = attrs.find((a) => a.at > at && a.person);
      const speaker = quoted ? quoteSpeaker : (reporting?.person ?? trailing?.person ?? null);
      const windowStart = clauseStart(
        text,
        quoted && !s.dashQuote
          ? Math.max(s.start, ...s.quotes.filter((q) => q.start <= at).map((q) => q.start))
          : s.start,
        at,
      );
      // A cue inside what an earlier cue of the same clause agreed to only refines it.
      if (
        previous &&
        previousCue &&
        previousCue.kind === 'commitment' &&
        cue.kind === 'commitment' &&
        !BOUNDARY.test(body.slice(previousCue.end, cue.start))
      ) {
        BOUNDARY.lastIndex = 0;
        previous.cues.push(cue.words.trim());
        continue;
      }
      BOUNDARY.lastIndex = 0;
      let subject = resolveSubject(ctx, s, windowStart, at, speaker);
      // "…welcomed the plan, and decided to build on it": the subject of the clause before.
      if (subject.kind === 'none' && !text.slice(windowStart, at).trim())
        subject = resolveSubject(ctx, s, s.start, at, speaker);
      const subjectWords = text.slice(
        subject.kind === 'none' && !text.slice(windowStart, at).trim() ? s.start : windowStart,
        at,
      );
      const reportedPast = quoted
        ? (quoteAttr?.past ?? true)
        : reporting
          ? reporting.past
          : trailing
            ? trailing.past
            : /^(?:has |have |had )?\p{L}+ed\b|^(?:would|was|were|had)\b/iu.test(cue.words);
      const madeOn = reportedPast ? context : sourceDate;
      let madeBy: Ref | null = null;
      let madeByText: string | null = null;
      let partyId: number | null = null;
      let partyCountry: string | null = null;
      let confidence = cue.kind === 'signal' ? 0.6 : cue.will ? 0.65 : cue.strength === 'intent' ? 0.6 : 0.8;
      const fromSpeaker = () => {
        if (!speaker) return;
        if (speaker.officialId) {
          madeBy = officialRef(ctx, speaker.officialId, madeOn);
          partyId = ministryOf(ctx, speaker.officialId, madeOn);
        } else madeByText = speaker.name;
      };
      if (subject.kind === 'official') {
        madeBy = officialRef(ctx, subject.officialId, madeOn);
        madeByText = subject.name ?? null;
        partyId = ministryOf(ctx, subject.officialId!, madeOn);
      } else if (subject.kind === 'person') {
        madeByText = subject.name ?? null;
      } else if (subject.kind === 'ministry') {
        // resolved below, after a more precise inner subject may replace it
      }
      if (cue.agree && /that$/i.test(cue.words)) {
        const next = cues.find((c) => c.start >= cue.end && c.kind === 'commitment');
        if (next && !/[;.]/.test(body.slice(cue.end, next.start))) {
          const inner = resolveSubject(ctx, s, s.start + cue.end, s.start + next.start, speaker);
          if (
            inner.kind === 'ministry' &&
            subject.kind !== 'ministry' &&
            (!subject.country || subject.country === inner.country)
          ) {
            subject.kind = 'ministry';
            subject.ministryId = inner.ministryId;
            subject.country = inner.country;
          }
        }
      }
      if (subject.kind === 'ministry' && partyId === null) {
        partyId = subject.ministryId!;
        if (speaker?.officialId && speakerCountry(ctx, speaker) === subject.country)
          madeBy = officialRef(ctx, speaker.officialId, madeOn);
        confidence += 0.05;
      } else if (subject.kind === 'country') {
        partyCountry = subject.country!;
        if (speaker?.officialId && speakerCountry(ctx, speaker) === subject.country) {
          madeBy = officialRef(ctx, speaker.officialId, madeOn);
          partyId = ministryOf(ctx, speaker.officialId, madeOn);
        } else partyId = ministryForCountry(ctx, subject.country!, at, madeOn, null);
        if (
          partyId &&
          ctx.mentions.some((m) => m.end <= at && m.entities.some((e) => e.type === 'ministry' && e.id === partyId))
        )
          confidence += 0.05;
      } else if (subject.kind === 'none' && GROUP.test(subjectWords) && (out.length || countryCounts.size >= 2)) {
        // "The ministers also agreed…", "Both sides…": the parties of the meeting the text reports.
        const last = out[out.length - 1];
        const ranked = [...countryCounts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
        const firstNamed = ctx.mentions
          .find((m) => m.entities.some((e) => e.type === 'country'))
          ?.entities.find((e) => e.type === 'country') as { country: string } | undefined;
        partyId = last?.party?.id ?? null;
        partyCountry = last ? (last.party ? null : last.partyCountry) : (firstNamed?.country ?? ranked[0] ?? null);
        if (!partyId && partyCountry) partyId = ministryForCountry(ctx, partyCountry, at, madeOn, null);
        confidence -= 0.1;
      } else if (subject.kind === 'none') {
        // No subject of its own: a quotation's words are its speaker's; a narrator's "will" with no agent is no commitment.
        if (!speaker || (!quoted && !reporting && !trailing)) {
          if (cue.kind !== 'signal' && (cue.will || /to be/.test(cue.words) || !speaker)) continue;
        }
        fromSpeaker();
        if (/to be/.test(cue.words)) confidence = 0.45;
      }
      if (madeBy && madeByText === null) madeByText = madeBy.name;
      if (/to be/.test(cue.words) && !speaker) continue;
      const party = ref(ctx, partyId);
      if (party) partyCountry = null;
      const partyCode = party?.countryCode ?? partyCountry;
      if (!partyCode && !madeByText && cue.kind !== 'signal') continue;

      // The counterpart: another country named after the cue, then before it, then the text's other side.
      const clauseEnd = s.end;
      let counterpartCountry: string | null = null;
      let counterpartId: number | null = null;
      const other = (m: Mention) =>
        m.entities.find(
          (e) =>
            (e.type === 'ministry' && e.id !== partyId && (e.country !== partyCode || m.start > at)) ||
            (e.type === 'country' && e.country !== partyCode),
        );
      const after = ctx.mentions.filter((m) => m.start >= at && m.end <= clauseEnd && other(m));
      const before = ctx.mentions.filter((m) => m.start >= s.start && m.end <= at && other(m));
      const chosen = after[0] ?? before[before.length - 1];
      if (chosen) {
        const e = other(chosen)!;
        if (
          e.type === 'ministry' &&
          !(countryBefore(ctx, chosen.start) && countryBefore(ctx, chosen.start) !== e.country)
        )
          counterpartId = e.id;
        else counterpartCountry = (e as { country: string }).country;
      } else {
        const ranked = [...countryCounts.entries()].filter(([c]) => c !== partyCode).sort((a, b) => b[1] - a[1]);
        counterpartCountry = ranked[0]?.[0] ?? null;
      }
      if (!counterpartId && counterpartCountry)
        counterpartId = ministryForCountry(ctx, counterpartCountry, at, madeOn, partyId);
      const counterpart = ref(ctx, counterpartId);
      if (counterpart) counterpartCountry = null;

      let strength = cue.strength;
      if (cue.agree) strength = innerStrength(body.slice(cue.end)) ?? 'pledge';
      const rest = body.slice(cue.end);
      const dueOn = cue.kind === 'commitment' ? dueDate(rest, madeOn) : null;
      const quoteStart =
        quoted && !s.dashQuote
          ? Math.max(s.start, ...s.quotes.filter((q) => q.start <= at).map((q) => q.start))
          : s.start;
      const afterReporting = AFTER_REPORTING.test(
        text.slice(Math.max(quoteStart, windowStart - 30), windowStart).trimEnd() + ' ',
      );
      const textStart = afterReporting && quoted ? quoteStart : windowStart;
      const suggestion: Suggestion = {
        kind: cue.kind,
        text: trimText(text.slice(textStart, s.end)) || trimText(body),
        sentence: body,
        start: s.start,
        end: s.end,
        madeBy,
        party,
        counterpart,
        madeByText,
        partyCountry,
        counterpartCountry,
        strength: cue.kind === 'commitment' ? strength : null,
        madeOn,
        dueOn,
        confidence: Math.max(0.05, Math.min(0.95, Math.round((confidence - (party ? 0 : 0.15)) * 100) / 100)),
        cues: [cue.words.trim()],
        ...(cue.kind !== 'commitment' ? { proposedStatus: cue.kind === 'refusal' ? 'broken' : cue.status } : {}),
      };
      // "He hopes the instructions will come into force next week": the same plan, now with its date.
      const last = out[out.length - 1];
      if (
        last &&
        cue.kind === 'commitment' &&
        last.kind === 'commitment' &&
        subject.at !== undefined &&
        /^(?:he|she|they|it|we)$/i.test(
          text
            .slice(subject.at, subject.at + 4)
            .trim()
            .split(/\s/)[0],
        ) &&
        last.madeBy?.id === madeBy?.id
      ) {
        const noun = /\bthe (\p{L}{4,})/iu.exec(rest)?.[1];
        if (noun && contentWords(last.text).has(fold(noun))) {
          last.dueOn ??= dueOn;
          last.cues.push(...suggestion.cues);
          continue;
        }
      }
      out.push(suggestion);
      previous = suggestion;
      previousCue = cue;
    }
    const named = attrs.filter((a) => a.person).pop();
    if (named) {
      lastSpeaker = named.person;
      if (s.quotes.length || s.dashQuote) lastQuoteSpeaker = named.person;
    } else if (quoteAttr?.person && (s.quotes.length || s.dashQuote)) lastQuoteSpeaker = quoteAttr.person;
  }
  return dedupe(out);
}

const partyKey = (s: Suggestion) => s.party?.countryCode ?? s.partyCountry ?? s.madeByText ?? '';

/** The same commitment reported several times is one suggestion: the surest one, with the others' dates. */
function dedupe(list: Suggestion[]): Suggestion[] {
  const kept: Suggestion[] = [];
  for (const s of list) {
    const numbers = numbersIn(s.text);
    const twin = kept.find((k) => {
      if (k.kind !== s.kind || partyKey(k) !== partyKey(s)) return false;
      if ([...numbersIn(k.text)].some((n) => numbers.has(n))) return true;
      if (k.kind !== 'refusal') return false;
      return (
        k.strength === s.strength &&
        actionOf(k.text) !== null &&
        actionOf(k.text) === actionOf(s.text) &&
        (k.madeBy?.id ?? null) === (s.madeBy?.id ?? null)
      );
    });
    if (!twin) {
      kept.push(s);
      continue;
    }
    const best = s.confidence > twin.confidence ? s : twin;
    const merged = {
      ...best,
      dueOn: best.dueOn ?? (best === s ? twin.dueOn : s.dueOn),
      cues: [...new Set([...twin.cues, ...s.cues])],
    };
    kept[kept.indexOf(twin)] = merged;
  }
  return kept;
}
