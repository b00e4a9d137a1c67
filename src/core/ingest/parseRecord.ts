/** Turns one line's text into a JSON value, or a reason a person can act on. */

const MAX_ERROR_SNIPPET = 80;

export type ParsedLine = { value: unknown } | { error: string };

/** Deeper records are refused: no log record needs it, and walking one can exhaust the stack. */
export const MAX_NESTING = 256;

export function parseRecordText(text: string, isUnterminatedLastLine: boolean): ParsedLine {
  try {
    const value: unknown = JSON.parse(text);
    if (openingBrackets(text, MAX_NESTING) > MAX_NESTING && nestingDepthExceeds(text, MAX_NESTING)) {
      return { error: `JSON nesting is deeper than ${MAX_NESTING} levels` };
    }
    return { value };
  } catch (e) {
    if (e instanceof RangeError) return { error: 'JSON nesting is too deep to parse' };
    if (isUnterminatedLastLine) return { error: 'truncated last line: the file ends in the middle of a record' };
    return { error: `invalid JSON: ${describeJsonError(e as Error, text)}` };
  }
}

function describeJsonError(e: Error, text: string): string {
  // V8 messages embed the whole input for short texts; keep the reason, show a short excerpt.
  const position = /position (\d+)/.exec(e.message);
  const reason = e.message.split(/,? "|\bin JSON\b/)[0].trim().replace(/\.$/, '');
  if (position) {
    const at = Number(position[1]);
    const excerpt = text.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, ' ');
    return `${reason} at column ${at + 1} (near ${JSON.stringify(excerpt)})`;
  }
  if (/Unexpected end/.test(e.message)) return `the record ends early (${text.length} characters)`;
  return reason.length > MAX_ERROR_SNIPPET ? reason.slice(0, MAX_ERROR_SNIPPET) + '…' : reason;
}

/** Opening brackets in the text, counting stops past `limit` (a cheap native-search pre-check). */
function openingBrackets(text: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf('['); i >= 0 && n <= limit; i = text.indexOf('[', i + 1)) n++;
  for (let i = text.indexOf('{'); i >= 0 && n <= limit; i = text.indexOf('{', i + 1)) n++;
  return n;
}

/** True when brackets outside strings nest deeper than `limit`. */
export function nestingDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
