// Sentences with their offsets, and who speaks in each: quotations (“…”, "…", and the dash
// paragraphs of Scandinavian and Russian papers) belong to the person the text attributes them to.

export interface Sentence {
  start: number;
  end: number;
  paragraph: number;
  /** Offsets of quoted stretches inside the sentence. */
  quotes: { start: number; end: number }[];
  dashQuote: boolean;
}

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'gen',
  'lt',
  'col',
  'sen',
  'rep',
  'gov',
  'prof',
  'jr',
  'sr',
  'no',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'u.s',
  'u.k',
  'u.n',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'approx',
  'inc',
  'ltd',
  'co',
  'amb',
  'pres',
  'adm',
  'capt',
  'maj',
  'sgt',
  'fig',
  'art',
  'para',
  'cf',
]);

const BOUNDARY = /([.!?]+)(["”’)\]]*)(\s+)(?=["“‘(–—-]?\s*[\p{Lu}\p{N}"“‘–—])/gu;

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const paragraphs = /[^\n]+/g;
  let index = 0;
  for (const p of text.matchAll(paragraphs)) {
    const pStart = p.index;
    const body = p[0];
    if (!body.trim()) continue;
    const dash = /^\s*[–—-]\s/.test(body);
    let from = 0;
    const push = (a: number, b: number) => {
      while (a < b && /\s/.test(body[a])) a++;
      while (b > a && /\s/.test(body[b - 1])) b--;
      if (b > a) out.push({ start: pStart + a, end: pStart + b, paragraph: index, quotes: [], dashQuote: dash });
    };
    for (const m of body.matchAll(BOUNDARY)) {
      const before = /([\p{L}.]+)$/u.exec(body.slice(Math.max(0, m.index - 12), m.index))?.[1] ?? '';
      if (m[1] === '.' && (ABBREVIATIONS.has(before.toLowerCase()) || /^\p{Lu}$/u.test(before))) continue;
      const end = m.index + m[1].length + m[2].length;
      push(from, end);
      from = end;
    }
    push(from, body.length);
    index++;
  }
  markQuotes(text, out);
  return out;
}

/** Quoted stretches, paired within a paragraph; an unclosed quote runs to the paragraph's end. */
function markQuotes(text: string, sentences: Sentence[]) {
  let open: number | null = null;
  let lastParagraph = -1;
  for (const s of sentences) {
    if (s.paragraph !== lastParagraph) {
      open = null;
      lastParagraph = s.paragraph;
    }
    let from: number | null = open === null ? null : s.start;
    for (let i = s.start; i < s.end; i++) {
      const ch = text[i];
      if (ch === '“' || (ch === '"' && from === null && (i === 0 || /[\s([—–-]/.test(text[i - 1])))) {
        if (from === null) from = i + 1;
      } else if (ch === '”' || ch === '"') {
        if (from !== null) {
          s.quotes.push({ start: from, end: i });
          from = null;
        }
      }
    }
    if (from !== null) {
      s.quotes.push({ start: from, end: s.end });
      open = from;
    } else open = null;
  }
}

export const insideQuote = (s: Sentence, at: number) =>
  s.dashQuote || s.quotes.some((q) => at >= q.start && at < q.end);
