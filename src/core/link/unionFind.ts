/**
 * Disjoint sets over 0..n-1 for grouping accounts and communities. The smaller index becomes the
 * root, so the groups and their representatives do not depend on the order of the unions.
 */
export class UnionFind {
  private readonly parent: Int32Array;
  /** Per key, the first member given it (see `joinOnKey`). */
  private readonly owners = new Map<string, number>();

  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  }

  union(a: number, b: number): void {
    const x = this.find(a);
    const y = this.find(b);
    if (x !== y) this.parent[Math.max(x, y)] = Math.min(x, y);
  }

  /** Joins `i` with every member given the same key before (a shared card, a shared pair of templates). */
  joinOnKey(key: string, i: number): void {
    const first = this.owners.get(key);
    if (first === undefined) this.owners.set(key, i);
    else this.union(first, i);
  }
}
