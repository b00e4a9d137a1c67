/**
 * The longest match a regex can produce, in UTF-16 code units (Infinity when a quantifier is
 * unbounded or the pattern is not understood). With it, a cue whose necessary literals occur at
 * known places only needs to be scanned within that distance of them (see engine.ts).
 */
import { isZeroWidthEscape, skipClass, skipEscape, skipGroupHeader } from './regexSyntax';

export function maxMatchLength(pattern: string): number {
  try {
    const p = new LengthParser(pattern);
    const n = p.alternation();
    return p.done() ? n : Infinity;
  } catch {
    return Infinity;
  }
}

class LengthParser {
  private i = 0;
  constructor(private readonly src: string) {}

  done(): boolean {
    return this.i === this.src.length;
  }

  alternation(): number {
    let longest = this.sequence();
    while (this.src[this.i] === '|') {
      this.i++;
      longest = Math.max(longest, this.sequence());
    }
    return longest;
  }

  private sequence(): number {
    let total = 0;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') total += this.quantified();
    return total;
  }

  private quantified(): number {
    const atom = this.atom();
    const c = this.src[this.i];
    let times = 1;
    if (c === '*' || c === '+') {
      this.i++;
      times = Infinity;
    } else if (c === '?') {
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m) {
        this.i += m[0].length;
        times = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      }
    }
    if (times !== 1 && this.src[this.i] === '?') this.i++;
    return atom === 0 ? 0 : atom * times;
  }

  private atom(): number {
    const c = this.src[this.i];
    if (c === '(') {
      this.i++;
      if (this.src[this.i] === '?') {
        const header = skipGroupHeader(this.src, this.i);
        this.i = header.next;
        if (header.closed) return 0;
      }
      const inner = this.alternation();
      if (this.src[this.i] !== ')') throw new Error('unbalanced');
      this.i++;
      return inner;
    }
    if (c === '[') {
      this.i = skipClass(this.src, this.i);
      // A class may match an astral character (two code units).
      return 2;
    }
    if (c === '\\') {
      const escape = skipEscape(this.src, this.i);
      this.i = escape.next;
      return isZeroWidthEscape(escape.letter) ? 0 : 2;
    }
    this.i++;
    if (c === '^' || c === '$') return 0;
    return 2;
  }
}
