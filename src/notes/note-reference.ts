// References are compared as a reader sees them: a reference that only differs by an invisible
// character, a look-alike dash or a compatibility form is the same reference.

/** Control, format (zero-width, bidi overrides, soft hyphen), line/paragraph separators and fillers. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Variation_Selector}\u115F\u1160\u3164\uFFA0]|\u034F|\u17B4|\u17B5/u;
/** Hyphens and dashes NFKC leaves apart from the ASCII hyphen-minus (U+2010, U+2011 non-breaking, en/em dashes, minus). */
const DASHES = /[\u2010-\u2015\u2043\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/gu;

export const INVISIBLE_MESSAGE =
  'The reference may not contain invisible or text-direction characters (zero-width spaces, direction marks or overrides); type it again.';

export function hasInvisibleCharacters(raw: string): boolean {
  return INVISIBLE.test(raw);
}

/** The form a reference is stored and compared in: NFKC, ASCII hyphens, single spaces. Case is folded by the unique index (`lower`). */
export function canonicalReference(raw: string): string {
  return raw.normalize('NFKC').replace(DASHES, '-').replace(/\s+/gu, ' ').trim();
}
