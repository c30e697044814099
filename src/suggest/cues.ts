import type { Strength } from '../commitments/commitment-status';

// The words that make a sentence a commitment, a refusal or a status signal, with their strength.
// Published practice (NegEx) keeps negation triggers short-scoped: only a negation on the main
// verb turns a commitment into a refusal.

export type Kind = 'commitment' | 'refusal' | 'signal';
export interface Cue {
  kind: Kind;
  strength: Strength | null;
  start: number;
  end: number;
  words: string;
  will?: boolean;
  agree?: boolean;
  status?: string;
}

const R = (source: string) => new RegExp(source, 'giu');

const COMMITMENT: [RegExp, Strength, Partial<Cue>?][] = [
  [
    R(String.raw`\b(?:has |have |had )?(?:agreed|agrees|agree)\b(?: with [^,.;:]{1,80}?)?(?: (?:to|that|on)\b)`),
    'pledge',
    { agree: true },
  ],
  [
    R(
      String.raw`\b(?:has |have |had )?(?:promised|promises|pledged|pledges|vowed|vows|undertook|undertakes|undertake|guaranteed|guarantees|decided|decides)(?: to\b| that\b)`,
    ),
    'pledge',
  ],
  [
    R(
      String.raw`\b(?:is |are |was |were |has been |have been )?committed (?:itself |themselves |himself |herself )?to\b`,
    ),
    'pledge',
  ],
  [
    R(
      String.raw`\b(?:would|will|shall|'ll) (?:also |now |soon |then )?(?:look into|look at|consider|study|examine|review|explore|think about)\b`,
    ),
    'will_consider',
  ],
  [
    R(
      String.raw`\b(?:is|are|was|were|be|been|remains?|stands?) (?:also |now |still |fully )?(?:willing|open|ready|prepared) to\b`,
    ),
    'will_consider',
  ],
  [
    R(
      String.raw`\b(?:is|are|was|were) (?:now |currently |already |still )?(?:working on|working to|working towards|discussing|preparing|planning|drafting|negotiating|exploring|considering|looking into|looking at)\b`,
    ),
    'intent',
  ],
  [
    R(
      String.raw`\b(?:hopes?|hoped|plans? to|planned to|intends? to|intended to|aims? to|aimed to|seeks? to|sought to|expects? to|expected to)\b`,
    ),
    'intent',
  ],
  [
    R(
      String.raw`\b(?:will|shall|'ll) (?:also |now |soon |then |of course |certainly |continue to |immediately |jointly )?(?!be\b|not\b|have to\b|need\b|never\b)\p{Ll}+\b`,
    ),
    'pledge',
    { will: true },
  ],
  [R(String.raw`\b(?:is|are) to be \p{Ll}+ed\b`), 'intent'],
  [
    R(
      String.raw`(?<=\b(?:said|says|told \p{L}+|announced|confirmed|promised|assured \p{L}+)\s+(?:that\s+)?(?:it|he|she|they|we|\p{Lu}\p{L}+)\s+)would (?:also |now |only |soon )?(?!not\b|be\b|have\b|like\b|need\b)\p{Ll}+\b`,
    ),
    'pledge',
  ],
];

const REFUSAL = R(
  String.raw`\b(?:(?:will|would|shall|do|does|can)(?: not|n't|not)|won't|cannot|can't|never)\s+(?:want to |agree to |be able to )?(?:accept|take|receive|readmit|re-admit|allow|let|give|provide|return|send|sign|recognise|recognize|support|join|participate|agree|approve|tolerate|extradite|hand over|lift|withdraw|negotiate|talk)\b|\b(?:refuses?|refused|refusing|declines?|declined|rejects?|rejected)\b(?: to\b)?`,
);
const CAP = R(
  String.raw`\b(?:will|would|shall|can)(?: not|n't)\s+(?:exceed|surpass|be more than|go beyond|top)\b|\bno more than\b|\bnot (?:be )?more than\b`,
);
const SIGNALS: [RegExp, string][] = [
  [
    R(
      String.raw`\b(?:had |has |have )?(?:stopped|suspended|halted|ceased|froze|frozen|broke off|broken off)\b(?: \p{Ll}+ing\b)?`,
    ),
    'stalled',
  ],
  [R(String.raw`\b(?:had |has |have )?(?:resumed|restarted)\b`), 'in_progress'],
  [
    R(
      String.raw`\b(?:were|was|have been|has been|had been)? ?already (?:been )?(?:sent|returned|taken|delivered|received|paid|transferred|released|flown|deported|implemented|started|begun)\b`,
    ),
    'in_progress',
  ],
  [
    R(String.raw`\b(?:has|have|had) (?:now )?(?:fulfilled|completed|delivered on|honoured|honored|implemented)\b`),
    'fulfilled',
  ],
];

const HEDGE = /\b(?:may|might|can|could|should|must|would like to|wants? to|wanted to|not)\s+(?:\p{L}+\s+)?$/iu;
/** After "will": verbs of prediction, not of doing. */
const NOT_ACTION =
  /^(?:will|shall|'ll)\s+(?:\p{L}+\s+)*(?:be|become|remain|happen|depend|take place|come|seem|appear|likely|probably|need|continue|affect|lead|mean|exceed)$/iu;
const RELATIVE =
  /(?:\b(?:which|who|whom|whose|that|there|it|this|what)\s*,?\s*|\b(?:which|who|whom)\s+(?:[\p{L}'’-]+\s+){1,3})$/iu;

export function findCues(sentence: string): Cue[] {
  const out: Cue[] = [];
  const caps = [...sentence.matchAll(CAP)];
  const inCap = (at: number) => caps.some((m) => at >= m.index && at < m.index + m[0].length);
  for (const m of caps)
    out.push({
      kind: 'commitment',
      strength: null,
      start: m.index,
      end: m.index + m[0].length,
      words: m[0],
      status: 'cap',
    });
  for (const m of sentence.matchAll(REFUSAL)) {
    if (inCap(m.index)) continue;
    if (
      /^(?:rejects?|rejected)$/i.test(m[0].trim()) &&
      !/^\s+(?:the|a|an|this|that|any|all)?\s*(?:proposal|request|offer|plan|idea|demand|call)/i.test(
        sentence.slice(m.index + m[0].length),
      )
    )
      continue;
    out.push({ kind: 'refusal', strength: null, start: m.index, end: m.index + m[0].length, words: m[0] });
  }
  const refused = (at: number) => out.some((c) => c.kind === 'refusal' && at >= c.start - 20 && at <= c.end + 2);
  for (const [re, strength, extra] of COMMITMENT) {
    for (const m of sentence.matchAll(re)) {
      const before = sentence.slice(Math.max(0, m.index - 40), m.index);
      if (refused(m.index) || inCap(m.index) || HEDGE.test(before)) continue;
      if (/^hopes?$/i.test(m[0]) && /\b(?:their|his|her|the|a|our|its)\s+$/i.test(before)) continue;
      if (
        extra?.agree &&
        /that$/i.test(m[0]) &&
        /^\s+(?:[\p{L}'’-]+\s+){0,6}?(?:can|could|may|might|should|must|is|are|was|were)\b/iu.test(
          sentence.slice(m.index + m[0].length),
        ) &&
        !/^\s+(?:[\p{L}'’-]+\s+){0,8}?(?:will|shall)\b/iu.test(sentence.slice(m.index + m[0].length))
      )
        continue;
      if (extra?.will) {
        if (
          RELATIVE.test(before) ||
          NOT_ACTION.test(m[0]) ||
          /\bbe \p{Ll}+ed\b/u.test(sentence.slice(m.index, m.index + m[0].length + 20).replace(/^[^ ]+ /, ''))
        )
          continue;
      }
      if (out.some((c) => m.index < c.end && c.start < m.index + m[0].length)) continue;
      out.push({ kind: 'commitment', strength, start: m.index, end: m.index + m[0].length, words: m[0], ...extra });
    }
  }
  for (const [re, status] of SIGNALS) {
    for (const m of sentence.matchAll(re)) {
      if (out.some((c) => m.index < c.end && c.start < m.index + m[0].length)) continue;
      if (
        /\b(?:will|would|to|be|may|might|can|could|should|must|not)\s+(?:be\s+)?$/i.test(
          sentence.slice(Math.max(0, m.index - 20), m.index),
        )
      )
        continue;
      out.push({
        kind: 'signal',
        strength: null,
        start: m.index,
        end: m.index + m[0].length,
        words: m[0].trim(),
        status,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "agreed to consider" is a will-consider, "agreed to … work on" an intent: the agreed verb decides. */
export function innerStrength(after: string): Strength | null {
  const head = after.split(/[,.;:]/)[0];
  const lead = String.raw`^\s*(?:(?:[\p{L}'’-]+\s+){0,2}and\s+)?`;
  if (
    new RegExp(
      `${lead}(?:consider(?:ing)?|study(?:ing)?|examin(?:e|ing)|review(?:ing)?|look(?:ing)? into|look(?:ing)? at|explor(?:e|ing)|think(?:ing)? about)\\b`,
      'iu',
    ).test(head)
  )
    return 'will_consider';
  if (
    new RegExp(
      `${lead}(?:work(?:ing)? on|work(?:ing)? towards|discuss(?:ing)?|continu(?:e|ing) (?:talks|discussions|negotiations|consultations)|negotiat(?:e|ing)|prepar(?:e|ing)|seek(?:ing)?)\\b`,
      'iu',
    ).test(head)
  )
    return 'intent';
  return null;
}
