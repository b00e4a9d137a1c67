/**
 * Traditional Chinese read as simplified, one UTF-16 unit for one: the rules' Chinese vocabulary is
 * written in simplified characters, and a prompt in traditional characters (Hong Kong, Taiwan, or a
 * campaign varying its script) asks for the same thing. Text and rule patterns are folded alike, so
 * a pattern written in traditional characters still matches; offsets (spans) do not move.
 * The table is OpenCC's one-to-one character entries (scripts/make-hant-table.mjs).
 */
import table from './hantToHans.json';

/** Code unit → its simplified unit, 0 when it is not a traditional character. */
const FOLD = new Uint16Array(65536);
for (let i = 0; i < table.traditional.length; i++) FOLD[table.traditional.charCodeAt(i)] = table.simplified.charCodeAt(i);

/**
 * The CJK blocks that hold every traditional character of the table (checked by a unit test): most
 * texts have none, and a regex finds that several times faster than a loop over the table.
 */
export const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

export function foldTraditional(text: string): string {
  const first = text.search(HAN);
  if (first < 0) return text;
  let i = first;
  while (i < text.length && FOLD[text.charCodeAt(i)] === 0) i++;
  if (i === text.length) return text;
  const units: number[] = [];
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    units.push(FOLD[c] || c);
  }
  let out = text.slice(0, i);
  // fromCharCode takes its arguments on the stack: convert in slices.
  for (let k = 0; k < units.length; k += 8192) out += String.fromCharCode(...units.slice(k, k + 8192));
  return out;
}
