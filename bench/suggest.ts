// node dist/bench/suggest.js: how long the commitment reader takes over a 5,000-word text, with
// the demo record's names (the page adds one round of record queries and the rendering).
import { demoLexicon, loadGold } from '../src/suggest/eval';
import { readCommitments } from '../src/suggest/reader';

export function measureSuggest(rounds = 15): { words: number; p50: number; max: number; suggestions: number } {
  const lex = demoLexicon();
  const texts = loadGold().map((g) => g.text);
  let text = '';
  while (text.split(/\s+/).length < 5000) text += texts.join('\n\n') + '\n\n';
  const words = text.split(/\s+/).filter(Boolean).slice(0, 5000);
  const sample = words.join(' ').replace(/\s([A-Z“"–])/g, (m, c, i) => (i % 7 === 0 ? `\n${c}` : m));
  readCommitments(lex, sample, { sourceDate: '2016-02-03' });
  readCommitments(lex, sample, { sourceDate: '2016-02-03' });
  const times: number[] = [];
  let suggestions = 0;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    suggestions = readCommitments(lex, sample, { sourceDate: '2016-02-03' }).length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { words: words.length, p50: times[Math.floor(times.length / 2)], max: times[times.length - 1], suggestions };
}

if (require.main === module) {
  const r = measureSuggest();
  console.log(
    `suggest ${r.words} words: p50 ${r.p50.toFixed(1)} ms, max ${r.max.toFixed(1)} ms (${r.suggestions} suggestions)`,
  );
}
