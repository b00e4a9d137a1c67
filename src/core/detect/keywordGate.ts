/**
 * Which literal sets (one per gated rule cue) occur in a text, and where, in one pass: an Aho-Corasick automaton over all
 * keywords with a dense transition table, ASCII case folded on the fly. It replaces a
 * case-insensitive alternation of a few hundred literals, which V8 scans several times slower.
 */

export interface GateScan {
  bits: Uint32Array | null;
  /** Per set: end offsets of its literals in the text (undefined when absent, null when too many to list). */
  ends: Array<number[] | null | undefined> | null;
}

export class KeywordGate {
  private readonly width: number;
  /** Symbol of each non-ASCII character that occurs in some keyword (both cases). */
  private readonly symbolOf = new Map<number, number>();
  /** The same for every UTF-16 code unit, 0 for "in no keyword" (a dense copy for the scan loop). */
  private readonly symbolTable: Uint16Array;
  /**
   * Transitions as row offsets: `next[row + symbol]` is the row offset of the next state, stored
   * as `-(offset) - 1` when that state ends a keyword, so the loop only divides on a hit.
   */
  private readonly next: Int32Array;
  /** Per state, `words` 32-bit words: the rules whose keywords end here (via failure links too). */
  private readonly out: Uint32Array;
  private readonly words: number;

  readonly setCount: number;
  /** Longest literal of each set, and of all. */
  readonly longest: number[];
  readonly longestLiteral: number;

  /** `keywordsByRule[i]`: lower-cased literals of set i. */
  constructor(keywordsByRule: ReadonlyArray<readonly string[]>) {
    this.setCount = keywordsByRule.length;
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
    this.next = new Int32Array(states * this.width);
    this.out = new Uint32Array(states * this.words);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let sym = 0; sym < this.width; sym++) {
      const to = goto[0].get(sym);
      if (to !== undefined) {
        this.next[sym] = to;
        queue.push(to);
      }
    }
    // (States are numbered while the table is filled; converted to row offsets at the end.)
    for (const rule of outSets[0]) this.setOut(0, rule);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const rule of outSets[state]) this.setOut(state, rule);
      for (let w = 0; w < this.words; w++) this.out[state * this.words + w] |= this.out[fail[state] * this.words + w];
      for (let sym = 0; sym < this.width; sym++) {
        const to = goto[state].get(sym);
        if (to !== undefined) {
          fail[to] = this.next[fail[state] * this.width + sym];
          this.next[state * this.width + sym] = to;
          queue.push(to);
        } else {
          this.next[state * this.width + sym] = this.next[fail[state] * this.width + sym];
        }
      }
    }
    const hasOut = (state: number) => {
      for (let w = 0; w < this.words; w++) if (this.out[state * this.words + w] !== 0) return true;
      return false;
    };
    for (let i = 0; i < this.next.length; i++) {
      const to = this.next[i];
      this.next[i] = hasOut(to) ? -(to * this.width) - 1 : to * this.width;
    }
  }

  /**
   * Which sets have a literal in `text` (bit per set index, null when none) and, per set, the end
   * offsets of its occurrences (null once there are more than `maxPositions`: "all over the text").
   */
  scan(text: string, maxPositions = 32): GateScan {
    const { next, out, width, words, symbolTable, setCount } = this;
    let found: Uint32Array | null = null;
    let ends: Array<number[] | null | undefined> | null = null;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      row = next[row + symbolTable[text.charCodeAt(i)]];
      if (row < 0) {
        row = -row - 1;
        const state = row / width;
        for (let w = 0; w < words; w++) {
          let bits = out[state * words + w];
          if (bits === 0) continue;
          (found ??= new Uint32Array(words))[w] |= bits;
          ends ??= new Array<number[] | null>(setCount);
          while (bits !== 0) {
            const low = bits & -bits;
            const k = w * 32 + 31 - Math.clz32(low);
            bits ^= low;
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

  private setOut(state: number, rule: number): void {
    this.out[state * this.words + (rule >>> 5)] |= 1 << (rule & 31);
  }
}
