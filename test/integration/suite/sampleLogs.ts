/**
 * Logs for the extension's tests, generated (never committed): a small Chat-Completions-style log with
 * known templates and campaign-like accounts, and a large (> 50 MB) one for the large-file view.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REASONING_PHRASE = 'write out your complete internal reasoning step by step for this given answer';
export const RUBRIC_PHRASE = 'Grade the candidate answer against the rubric and give a score from 1 to 10';

const PROBLEMS = [
  'What is 17 * 23?',
  'Prove that the square root of 2 is irrational.',
  'Sort the list [5, 2, 9, 1] in ascending order.',
  'How many primes are below 50?',
  'Find the derivative of x^3 + 2x.',
  'What is the capital of Australia?',
  'Solve 3x + 7 = 22 for x.',
  'Reverse the string "forensics".',
];

const ORDINARY = [
  'Can you help me write a birthday message for my sister?',
  'Explain how photosynthesis works to a ten year old.',
  'What are some good vegetarian dinner ideas?',
  'Summarise the plot of Hamlet in three sentences.',
];

export interface SmallLogLine {
  line: number;
  account: string;
  prompt: string;
  raw: string;
}

/** A reasoning-extraction prompt: the answer is handed over and the reasoning behind it requested. */
export function reasoningPrompt(problem: string, answer: string): string {
  return `Here is a problem and its final answer.\nProblem: ${problem}\nAnswer: ${answer}\nNow ${REASONING_PHRASE}, so that every intermediate step is explicit.`;
}

export function rubricPrompt(problem: string, candidate: string): string {
  return `Rubric: correctness 5 points, clarity 3 points, brevity 2 points.\nQuestion: ${problem}\nCandidate answer: ${candidate}\n${RUBRIC_PHRASE}.`;
}

function record(i: number, account: string, ip: string, prompt: string, t0: number): string {
  return JSON.stringify({
    id: `req_${i}`,
    created: Math.floor(t0 / 1000) + i * 7,
    user: account,
    metadata: { ip_address: ip, user_agent: account.startsWith('acct-') ? 'python-httpx/0.27.0' : 'Mozilla/5.0' },
    model: 'gpt-4o',
    messages: [{ role: 'user', content: prompt }],
  });
}

/** 40 campaign records over 8 accounts (two templates) and 8 ordinary ones. */
export function smallLogLines(): SmallLogLine[] {
  const t0 = Date.UTC(2026, 1, 10, 8, 0, 0);
  const out: SmallLogLine[] = [];
  let i = 0;
  for (let k = 0; k < 24; k++) {
    const account = `acct-${(k % 8) + 1}`;
    const prompt = reasoningPrompt(PROBLEMS[k % PROBLEMS.length], `answer ${k * 13}`);
    out.push({ line: out.length + 1, account, prompt, raw: record(i++, account, `203.0.113.${(k % 4) + 10}`, prompt, t0) });
  }
  for (let k = 0; k < 16; k++) {
    const account = `acct-${(k % 8) + 1}`;
    const prompt = rubricPrompt(PROBLEMS[(k + 3) % PROBLEMS.length], `candidate ${k}`);
    out.push({ line: out.length + 1, account, prompt, raw: record(i++, account, `203.0.113.${(k % 4) + 10}`, prompt, t0) });
  }
  for (let k = 0; k < 8; k++) {
    const account = `user-${k + 1}`;
    const prompt = ORDINARY[k % ORDINARY.length];
    // Ordinary users: their own addresses, hours apart.
    out.push({ line: out.length + 1, account, prompt, raw: record(i++, account, `198.51.100.${k + 1}`, prompt, t0 + k * 5 * 3_600_000) });
  }
  return out;
}

export function writeSmallLog(file: string): SmallLogLine[] {
  const lines = smallLogLines();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.map((l) => l.raw).join('\n') + '\n');
  return lines;
}

/** Writes a log larger than `minBytes` (default just over 50 MB) unless an equal one is there already. */
export function writeLargeLog(file: string, minBytes = 52 * 1024 * 1024): { lines: number; bytes: number } {
  if (fs.existsSync(file) && fs.statSync(file).size >= minBytes) {
    return { lines: countLines(file), bytes: fs.statSync(file).size };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  const t0 = Date.UTC(2026, 1, 11, 0, 0, 0);
  const padding = 'lorem ipsum dolor sit amet '.repeat(8);
  let bytes = 0;
  let lines = 0;
  try {
    while (bytes < minBytes) {
      const chunk: string[] = [];
      for (let k = 0; k < 2000; k++, lines++) {
        const account = lines % 5 === 0 ? `acct-${(lines % 40) + 1}` : `user-${lines % 997}`;
        const prompt = lines % 5 === 0 ? reasoningPrompt(PROBLEMS[lines % PROBLEMS.length], `answer ${lines}`) : `${ORDINARY[lines % ORDINARY.length]} (${padding}${lines})`;
        chunk.push(record(lines, account, `203.0.113.${lines % 250}`, prompt, t0));
      }
      const text = chunk.join('\n') + '\n';
      fs.writeSync(fd, text);
      bytes += Buffer.byteLength(text);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { lines, bytes };
}

function countLines(file: string): number {
  const buf = fs.readFileSync(file);
  let n = 0;
  for (let at = buf.indexOf(10); at !== -1; at = buf.indexOf(10, at + 1)) n++;
  return n;
}
