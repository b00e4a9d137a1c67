/**
 * Which literal sets (one per gated rule cue) occur in a text, and where, in one pass: an Aho-Corasick automaton over all
 * keywords with a dense transition table for ASCII and shared rows for other characters, ASCII case folded on the fly.
 * It replaces a case-insensitive alternation of a few hundred literals, which V8 scans several times slower.
 */

export interface GateScan {
  bits: Uint32Array | null;
  /**
   * Per set below `positionSets`: end offsets of its literals in the text (undefined when absent,
   * null when too many to list).
   */
  ends: Array<number[] | null | undefined> | null;
}

const ASCII_BITS = 7;
const ASCII = 1 << ASCII_BITS;

export class KeywordGate {
  /** Symbols: 0–127 are ASCII (case folded), the others the non-ASCII characters of keywords. */
  private readonly width: number;
  /** Symbol of each non-ASCII character that occurs in some keyword (both cases). */
  private readonly symbolOf = new Map<number, number>();
  /** The same for every UTF-16 code unit, 0 for "in no keyword" (a dense copy for the scan loop). */
  private readonly symbolTable: Uint16Array;
  /**
   * Transitions on ASCII symbols: `ascii[row + symbol]` is the next state's row (state × 128), stored
   * as `-(row) - 1` when that state ends a keyword, so the loop only decodes on a hit.
   */
  private readonly ascii: Int32Array;
  /**
   * Transitions on the other symbols, encoded the same way, in rows of `width - 128`. Most states
   * (the English keywords' ones) go where the root goes on a Chinese character, so they share the
   * root's row: `wideRow[state]` is the offset of a state's row (a full table was 21 MB).
   */
  private readonly wide: Int32Array;
  private readonly wideRow: Int32Array;
  /**
   * The sets whose keywords end at each state (via failure links too), sparse: state `s` has the
   * 32-bit words `outBits[outStart[s] .. outStart[s + 1])` at word indices `outWord[…]` (a state
   * ends the keywords of a few sets; the scan should not walk all the words of all sets).
   */
  private readonly outStart: Int32Array;
  private readonly outWord: Uint16Array;
  private readonly outBits: Uint32Array;
  private readonly words: number;

  /** Sets below this index get their occurrences listed (`ends`); the others only their bit. */
  readonly positionSets: number;
  /** Longest literal of each set, and of all. */
  readonly longest: number[];
  readonly longestLiteral: number;

  /** `keywordsByRule[i]`: lower-cased literals of set i. */
  constructor(keywordsByRule: ReadonlyArray<readonly string[]>, positionSets = keywordsByRule.length) {
    this.positionSets = positionSets;
    this.longest = keywordsByRule.map((list) => Math.max(0, ...list.map((k) => k.length)));
    this.longestLiteral = Math.max(0, ...this.longest);
    this.words = Math.max(1, Math.ceil(keywordsByRule.length / 32));
    let symbols = 128;
    for (const list of keywordsByRule) {
      for (const k of list) {
        for (const ch of k) {
          const code = ch.charCodeAt(0);
          if (code < 128 || this.symbolOf.has(code)) continue;
          const sym = symbols++;
          for (const variant of [ch, ch.toLowerCase(), ch.toUpperCase()]) {
            if (variant.length === 1 && variant.charCodeAt(0) >= 128) this.symbolOf.set(variant.charCodeAt(0), sym);
          }
        }
      }
    }
    this.width = symbols;
    this.symbolTable = new Uint16Array(65536);
    for (let c = 0; c < 128; c++) this.symbolTable[c] = c >= 65 && c <= 90 ? c | 0x20 : c;
    for (const [code, sym] of this.symbolOf) this.symbolTable[code] = sym;

    // Trie.
    const goto: Array<Map<number, number>> = [new Map()];
    const outSets: number[][] = [[]];
    keywordsByRule.forEach((list, rule) => {
      for (const k of list) {
        let state = 0;
        for (let i = 0; i < k.length; i++) {
          const sym = this.symbol(k.charCodeAt(i));
          let to = goto[state].get(sym);
          if (to === undefined) {
            to = goto.length;
            goto.push(new Map());
            outSets.push([]);
            goto[state].set(sym, to);
          }
          state = to;
        }
        outSets[state].push(rule);
      }
    });

    // Failure links (BFS) folded into a dense table; outputs inherit along failure links.
    const states = goto.length;
    const next = new Int32Array(states * this.width);
    const out = new Uint32Array(states * this.words);
    const setOut = (state: number, set: number): void => {
      out[state * this.words + (set >>> 5)] |= 1 << (set & 31);
    };
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let sym = 0; sym < this.width; sym++) {
      const to = goto[0].get(sym);
      if (to !== undefined) {
        next[sym] = to;
        queue.push(to);
      }
    }
    // (States are numbered while the table is filled; converted to row offsets at the end.)
    for (const set of outSets[0]) setOut(0, set);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const set of outSets[state]) setOut(state, set);
      for (let w = 0; w < this.words; w++) out[state * this.words + w] |= out[fail[state] * this.words + w];
      for (let sym = 0; sym < this.width; sym++) {
        const to = goto[state].get(sym);
        if (to !== undefined) {
          fail[to] = next[fail[state] * this.width + sym];
          next[state * this.width + sym] = to;
          queue.push(to);
        } else {
          next[state * this.width + sym] = next[fail[state] * this.width + sym];
        }
      }
    }
    this.outStart = new Int32Array(states + 1);
    let entries = 0;
    for (let i = 0; i < out.length; i++) if (out[i] !== 0) entries++;
    this.outWord = new Uint16Array(entries);
    this.outBits = new Uint32Array(entries);
    let e = 0;
    for (let state = 0; state < states; state++) {
      this.outStart[state] = e;
      for (let w = 0; w < this.words; w++) {
        const bits = out[state * this.words + w];
        if (bits === 0) continue;
        this.outWord[e] = w;
        this.outBits[e++] = bits;
      }
    }
    this.outStart[states] = e;
    const encode = (to: number): number => (this.outStart[to + 1] > this.outStart[to] ? -(to * ASCII) - 1 : to * ASCII);
    this.ascii = new Int32Array(states * ASCII);
    for (let state = 0; state < states; state++) {
      for (let sym = 0; sym < ASCII; sym++) this.ascii[state * ASCII + sym] = encode(next[state * this.width + sym]);
    }
    // Non-ASCII rows: one per distinct row content; the root's first, shared by every state whose row equals it.
    const wideWidth = this.width - ASCII;
    const rows: Int32Array[] = [];
    const unencoded: Int32Array[] = [];
    const byHash = new Map<number, number[]>();
    this.wideRow = new Int32Array(states);
    for (let state = 0; state < states; state++) {
      const row = next.subarray(state * this.width + ASCII, (state + 1) * this.width);
      let hash = 0;
      for (let k = 0; k < row.length; k++) hash = Math.imul(hash ^ row[k], 0x01000193);
      const candidates = byHash.get(hash) ?? [];
      let index = candidates.find((c) => unencoded[c].every((v, k) => v === row[k]));
      if (index === undefined) {
        index = rows.length;
        unencoded.push(row);
        rows.push(Int32Array.from(row, encode));
        byHash.set(hash, [...candidates, index]);
      }
      this.wideRow[state] = index * wideWidth - ASCII;
    }
    this.wide = new Int32Array(Math.max(1, rows.length * wideWidth));
    rows.forEach((row, index) => this.wide.set(row, index * wideWidth));
  }

  /**
   * Which sets have a literal in `text` (bit per set index, null when none) and, per set, the end
   * offsets of its occurrences (null once there are more than `maxPositions`: "all over the text").
   */
  scan(text: string, maxPositions = 32): GateScan {
    const { ascii, wide, wideRow, outStart, outWord, outBits, words, symbolTable, positionSets } = this;
    let found: Uint32Array | null = null;
    let ends: Array<number[] | null | undefined> | null = null;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const sym = symbolTable[text.charCodeAt(i)];
      row = sym < ASCII ? ascii[row + sym] : wide[wideRow[row >> ASCII_BITS] + sym];
      if (row < 0) {
        row = -row - 1;
        const state = row >> ASCII_BITS;
        for (let e = outStart[state], last = outStart[state + 1]; e < last; e++) {
          const w = outWord[e];
          let bits = outBits[e];
          (found ??= new Uint32Array(words))[w] |= bits;
          if (w * 32 >= positionSets) continue;
          // Only the listed sets: a text is scanned per record, and an array for all sets was most of its allocation.
          ends ??= new Array<number[] | null>(positionSets);
          while (bits !== 0) {
            const low = bits & -bits;
            const k = w * 32 + 31 - Math.clz32(low);
            bits ^= low;
            if (k >= positionSets) break;
            const list = ends[k];
            if (list === undefined) ends[k] = [i + 1];
            else if (list !== null) {
              if (list.length < maxPositions) list.push(i + 1);
              else ends[k] = null;
            }
          }
        }
      }
    }
    return { bits: found, ends };
  }

  private symbol(code: number): number {
    if (code < 128) return code >= 65 && code <= 90 ? code | 0x20 : code;
    return this.symbolOf.get(code) ?? 0;
  }
}
