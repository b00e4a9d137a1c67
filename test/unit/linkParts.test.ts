import * as assert from 'node:assert/strict';
import { AccountLinker, parseIp } from '../../src/core/link';
import { AccountAggregate } from '../../src/core/link/account';
import { BottomK, sum, tupleShape } from '../../src/core/link/bottomK';
import { hashKey } from '../../src/core/link/hash';
import { PairSlots } from '../../src/core/link/pairs';

describe('parseIp', () => {
  it('reads IPv4 with and without a port, in X-Forwarded-For lists', () => {
    assert.deepEqual(parseIp('203.0.113.7'), { address: '203.0.113.7', subnet: '203.0.113.0/24', version: 4 });
    assert.equal(parseIp('203.0.113.7:443')?.address, '203.0.113.7');
    assert.equal(parseIp(' 198.51.100.9, 10.0.0.1 ')?.address, '198.51.100.9');
  });

  it('treats IPv4-mapped IPv6 as the IPv4 client, dotted or hex', () => {
    for (const raw of ['::ffff:203.0.113.7', '::FFFF:cb00:7107', '[::ffff:203.0.113.7]:8080', '0:0:0:0:0:ffff:203.0.113.7']) {
      assert.deepEqual(parseIp(raw), { address: '203.0.113.7', subnet: '203.0.113.0/24', version: 4 }, raw);
    }
  });

  it('canonicalizes IPv6 (RFC 5952) and takes the /48', () => {
    assert.deepEqual(parseIp('2001:0DB8:0000:0000:0000:0000:0000:0001'), { address: '2001:db8::1', subnet: '2001:db8::/48', version: 6 });
    assert.equal(parseIp('[2001:db8:1:2::abcd]:443')?.address, '2001:db8:1:2::abcd');
    assert.equal(parseIp('2001:db8:1:2::abcd')?.subnet, '2001:db8:1::/48');
    assert.equal(parseIp('fe80::1%eth0')?.address, 'fe80::1');
    assert.equal(parseIp('2001:db8:0:1:0:0:1:1')?.address, '2001:db8:0:1::1:1');
    assert.equal(parseIp('::')?.address, '::');
    assert.equal(parseIp('::1')?.address, '::1');
  });

  it('rejects what is not an address', () => {
    for (const raw of ['', 'unknown', '256.1.1.1', '1.2.3', '1.2.3.4.5', '2001:db8::1::2', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9']) {
      assert.equal(parseIp(raw), null, raw);
    }
  });
});

describe('BottomK', () => {
  const rand = (seed: number) => () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);

  it('keeps exact counts for the keys it keeps and merges to the same sample in any split', () => {
    const r = rand(42);
    const keys = Array.from({ length: 20_000 }, () => Math.floor(r() * 3000));
    const whole = new BottomK<number, number>(32);
    for (const k of keys) whole.add(k, 1);
    assert.equal(whole.size, 32);
    assert.ok(whole.saturated);
    for (const [k, n] of whole) assert.equal(n, keys.filter((x) => x === k).length, `count of ${k}`);
    const smallest = [...new Set(keys)].sort((a, b) => hashKey(a) - hashKey(b) || a - b).slice(0, 32);
    assert.deepEqual([...whole.keys()].sort((a, b) => a - b), smallest.sort((a, b) => a - b), 'keeps the k keys of smallest hash');
    assert.equal(whole.get(smallest[0]), keys.filter((x) => x === smallest[0]).length);
    assert.equal(whole.get(-1), undefined);

    const parts = [new BottomK<number, number>(32), new BottomK<number, number>(32), new BottomK<number, number>(32)];
    keys.forEach((k, i) => parts[(i * 7) % 3].add(k, 1));
    const restored = parts.map((p) => BottomK.fromJSON<number, number>(JSON.parse(JSON.stringify(p.toJSON())), 32));
    restored[1].merge(restored[2]);
    restored[1].merge(restored[0]);
    assert.deepEqual(restored[1].toJSON(), whole.toJSON());
  });

  it('keeps tuple values inline, each slot combined its own way, through eviction and JSON', () => {
    const shape = tupleShape(sum, (a, b) => Math.min(a, b));
    const r = rand(7);
    const whole = new BottomK<number, [number, number]>(8, shape);
    const expected = new Map<number, [number, number]>();
    for (let i = 0; i < 2000; i++) {
      const key = Math.floor(r() * 50);
      const value: [number, number] = [1, Math.floor(r() * 1000)];
      whole.add(key, value);
      const e = expected.get(key);
      expected.set(key, e ? [e[0] + 1, Math.min(e[1], value[1])] : value);
    }
    assert.equal(whole.size, 8);
    for (const [key, value] of whole) assert.deepEqual(value, expected.get(key), `value of ${key}`);
    const restored = BottomK.fromJSON<number, [number, number]>(JSON.parse(JSON.stringify(whole.toJSON())), 8, shape);
    assert.deepEqual(restored.toJSON(), whole.toJSON());
    // A tuple written shorter (an older state) reads its missing slots as 0.
    const old = BottomK.fromJSON<number, [number, number]>([[3, [2]]], 8, shape);
    assert.deepEqual(old.get(3), [2, 0]);
  });

  it('estimates the number of distinct keys once saturated', () => {
    const s = new BottomK<string, number>(64);
    for (let i = 0; i < 10_000; i++) s.add(`key-${i}`, 1);
    const estimate = s.distinct();
    assert.ok(Math.abs(estimate - 10_000) < 3000, String(estimate));
    const small = new BottomK<string, number>(64);
    for (let i = 0; i < 40; i++) small.add(`k${i % 20}`, 1);
    assert.equal(small.distinct(), 20);
    assert.equal(small.saturated, false);
  });
});

describe('PairSlots', () => {
  it('finds each unordered pair again, keeps creation order and zeroed slots through growth (several pages)', () => {
    const pairs = new PairSlots(3);
    const made: [number, number][] = [];
    for (let i = 0; i < 600; i++) {
      for (let j = i + 1; j < 600; j += 3) {
        const offset = pairs.cell(j, i);
        assert.equal(pairs.get(offset + 1), 0);
        pairs.set(offset + 1, i * 1000 + j);
        made.push([i, j]);
      }
    }
    assert.ok(made.length > 3 * (1 << 14), `pairs: ${made.length}`);
    assert.equal(pairs.size, made.length);
    made.forEach(([i, j], p) => {
      assert.deepEqual([pairs.lowAt(p), pairs.highAt(p)], [i, j]);
      assert.equal(pairs.find(i, j), pairs.offsetAt(p));
      assert.equal(pairs.cell(i, j), pairs.offsetAt(p));
      assert.equal(pairs.get(pairs.offsetAt(p) + 1), i * 1000 + j);
    });
    assert.equal(pairs.size, made.length);
    assert.equal(pairs.find(0, 2), -1);
  });
});

describe('AccountLinker batching', () => {
  it('aggregates the same whether observations are folded at once or in many small flushes', () => {
    const observation = (n: number) => ({
      account: `acct-${(n * 7919) % 53}`,
      time: 1_767_000_000_000 + n * 9_000,
      ip: `198.51.${n % 7}.${(n * 13) % 250}`,
      userAgent: n % 3 ? 'python-httpx/0.27' : 'Mozilla/5.0 X',
      model: n % 5 ? 'm-1' : 'm-2',
      turnCount: 1 + (n % 2),
      templateKey: n % 11 ? n % 40 : null,
      families: n % 4 ? [] : ['reasoning-extraction'],
    });
    const whole = new AccountLinker();
    const flushed = new AccountLinker();
    for (let n = 0; n < 70_000; n++) {
      whole.add(observation(n));
      flushed.add(observation(n));
      if (n % 997 === 0) flushed.toJSON();
    }
    assert.deepEqual(flushed.toJSON(), whole.toJSON());
  });
});

describe('AccountAggregate: conversation depth', () => {
  it('counts an agent loop (one user task, then tool calls and results) as one-shot, a chat with a second user turn as conversation', () => {
    const agg = new AccountAggregate();
    const base = { account: 'a', templateKey: 7, families: ['agentic-harvest'] };
    agg.add({ ...base, turnCount: 5, userTurns: 1 }); // user, assistant→tool, tool, assistant→tool, tool
    agg.add({ ...base, turnCount: 1, userTurns: 1 });
    agg.add({ ...base, turnCount: 3, userTurns: 2 }); // user, assistant, user
    assert.equal(agg.records, 3);
    assert.equal(agg.singleTurn, 2);
    // Only the record after an earlier user turn is a closing turn: [records, flagged, closing, earlier user turns].
    assert.deepEqual(agg.templates.get(7), [3, 3, 1, 1]);
  });
});

describe('AccountAggregate: flagged templates among one-off prompts', () => {
  /** 200 one-off prompts (a template each) with three flagged templates sent 10 times each in between. */
  const observations = () => {
    const out: Array<{ account: string; turnCount: number; templateKey: number; families: string[] }> = [];
    for (let i = 0; i < 230; i++) {
      const flagged = i % 23 === 0 || i % 23 === 1 || i % 23 === 2;
      out.push({ account: 'a', turnCount: 1, templateKey: flagged ? 1 + (i % 23) : 1000 + i, families: flagged ? ['censorship-rewrite'] : [] });
    }
    return out;
  };

  it('keeps the flagged templates with their counts, whatever the uniform template sample kept', () => {
    const agg = new AccountAggregate();
    for (const o of observations()) agg.add(o);
    assert.equal(agg.templates.size, 24);
    const uses = new Map(agg.templateUses());
    for (const key of [1, 2, 3]) assert.deepEqual(uses.get(key), [10, 10, 0, 0], `template ${key}`);
    assert.equal(uses.size, 24 + [1, 2, 3].filter((key) => !agg.templates.has(key)).length);
  });

  it('merges and round-trips the flagged sample exactly', () => {
    const whole = new AccountAggregate();
    const first = new AccountAggregate();
    const second = new AccountAggregate();
    observations().forEach((o, i) => {
      whole.add(o);
      (i < 115 ? first : second).add(o);
    });
    const merged = AccountAggregate.fromJSON(JSON.parse(JSON.stringify(first.toJSON())));
    merged.merge(AccountAggregate.fromJSON(JSON.parse(JSON.stringify(second.toJSON()))));
    assert.deepEqual(merged.toJSON(), whole.toJSON());
    assert.deepEqual([...merged.templateUses()], [...whole.templateUses()]);
  });
});
