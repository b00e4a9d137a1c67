/**
 * Safe rendering of untrusted log text inside Markdown hovers and tooltips. Log text is attacker
 * controlled (the prompts come from the accounts under investigation): it is escaped so it can
 * never become links, images, HTML or command URIs, however the host renders Markdown.
 */

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&:"'$=]/g;

/** Escapes text for inline use in Markdown; newlines and tabs become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(MARKDOWN_SPECIAL, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

/** Truncates to `max` UTF-16 units, marking the cut with an ellipsis (never splits a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

/**
 * A fenced code block whose fence is longer than any backtick run in the text, so the text cannot
 * close it. Content of a code block is shown verbatim (no Markdown or HTML interpretation).
 */
export function codeBlock(text: string): string {
  const longestRun = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}
