const ZERO = 48;

/** The decimal number written by `count` digits of `text` from `from`; NaN if one is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Parses PostgreSQL's text form of a timestamptz (DateStyle ISO: `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]`)
 * with character arithmetic. pg's default parser (postgres-date) runs three regular expressions per value
 * and was 9 % of the API's CPU time on a 50-lead page; it also loses a millisecond on some fractions
 * (1000 × parseFloat('.291') = 290.99…). Anything unusual (BC, years before 100 or after 9999, infinity)
 * goes to `fallback`.
 */
export function timestamptzParser(fallback: (text: string) => unknown): (text: string) => unknown {
  return (text: string) => {
    const n = text.length;
    if (
      n < 22 ||
      text.charCodeAt(4) !== 45 ||
      text.charCodeAt(7) !== 45 ||
      text.charCodeAt(10) !== 32 ||
      text.charCodeAt(13) !== 58 ||
      text.charCodeAt(16) !== 58
    ) {
      return fallback(text);
    }
    const year = digits(text, 0, 4);
    if (!(year >= 100)) return fallback(text);
    let i = 19;
    let ms = 0;
    if (text.charCodeAt(i) === 46) {
      i++;
      for (let scale = 100; i < n; i++, scale /= 10) {
        const d = text.charCodeAt(i) - ZERO;
        if (d < 0 || d > 9) break;
        if (scale >= 1) ms += d * scale;
      }
    }
    const sign = text.charCodeAt(i) === 43 ? 1 : text.charCodeAt(i) === 45 ? -1 : 0;
    if (sign === 0) return fallback(text);
    // ±HH, ±HH:MM or ±HH:MM:SS, and nothing after it
    const parts = n - i === 3 ? 1 : n - i === 6 ? 2 : n - i === 9 ? 3 : 0;
    if (parts === 0) return fallback(text);
    const offsetSeconds =
      digits(text, i + 1, 2) * 3600 + (parts > 1 ? digits(text, i + 4, 2) * 60 : 0) + (parts > 2 ? digits(text, i + 7, 2) : 0);
    const utc =
      Date.UTC(year, digits(text, 5, 2) - 1, digits(text, 8, 2), digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2), ms) -
      sign * offsetSeconds * 1000;
    return Number.isNaN(utc) ? fallback(text) : new Date(utc);
  };
}
