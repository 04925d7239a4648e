/**
 * Regular expressions of the `matches` test, with the server's semantics: RE2 syntax (the Python
 * engine uses google-re2 with case-insensitive matching), searched anywhere in the value.
 *
 * The pattern is parsed here as RE2 parses it (the same patterns are refused: backreferences,
 * lookarounds, stacked repetitions, repetition sizes over 1000, unknown escapes and classes) and
 * translated to an equivalent JavaScript RegExp with the `u` flag: RE2's `.` (any character but
 * \n), `^`/`$` (text start and end, or lines under (?m)), ASCII \d \s \w, POSIX classes, \pN and
 * \p{Script}, \Q...\E, (?flags) and (?flags:...), (?U) lazy-by-default, never capturing
 * (re2-syntax.ts). The translation is about 4 kB where a full RE2 port (re2js) is 45 kB min+gzip;
 * the price is that JavaScript's engine backtracks, so a pathological pattern on a long value is
 * slower than on the server (every value tested is the visitor's own: referrer, campaign, city).
 * Pass another engine (`new LocalEngine(json, { regex })`, e.g. re2js: README) for linear time;
 * patterns are validated here either way.
 */

import { PatternError, translate } from "./re2-syntax.js";

export { PatternError, translate };

export const MAX_PATTERN_LENGTH = 500;

export type Search = (text: string) => boolean;
/** Compiles a validated RE2 pattern into a case-insensitive "occurs anywhere?" test. */
export type RegexEngine = (pattern: string) => Search;

/** Why the server refuses `pattern` ("missing ]: [unclosed"), or null when it compiles. */
export function patternError(pattern: unknown): string | null {
  try {
    checkPattern(pattern);
    return null;
  } catch (e) {
    return e instanceof PatternError ? e.message : String(e);
  }
}

function checkPattern(pattern: unknown): string {
  if (typeof pattern !== "string") throw new PatternError("expected a regular expression as text");
  if (!pattern) throw new PatternError("expected a regular expression, got an empty pattern");
  const length = [...pattern].length;
  if (length > MAX_PATTERN_LENGTH) {
    throw new PatternError(`expected a pattern of at most ${MAX_PATTERN_LENGTH} characters, got ${length}`);
  }
  compiled(pattern);
  return pattern;
}

const cache = new Map<string, RegExp | PatternError>();

function compiled(pattern: string): RegExp {
  let found = cache.get(pattern);
  if (found === undefined) {
    try {
      const { source, flags } = translate(pattern);
      found = new RegExp(source, flags);
    } catch (e) {
      found = e instanceof PatternError ? e : new PatternError(`invalid pattern: ${String(e)}`);
    }
    if (cache.size >= 4096) cache.clear();
    cache.set(pattern, found);
  }
  if (found instanceof PatternError) throw found;
  return found;
}

/** The default engine: the RE2 pattern translated to a JavaScript RegExp. */
export const translatedEngine: RegexEngine = (pattern) => {
  const re = compiled(pattern);
  return (text) => re.test(text);
};

/** A search for a pattern already validated; memoises the last answers per pattern. */
export function searcher(pattern: string, engine: RegexEngine = translatedEngine): Search {
  checkPattern(pattern);
  const search = engine(pattern);
  const answers = new Map<string, boolean>();
  return (text) => {
    let found = answers.get(text);
    if (found === undefined) {
      found = search(text);
      if (answers.size >= 1024) answers.clear();
      answers.set(text, found);
    }
    return found;
  };
}
