/// <reference lib="dom" />
/**
 * Chart colours from the VS Code theme: the webview gets every theme colour as a `--vscode-*` CSS
 * variable (the extension's own contributed colours included), so charts follow light, dark and
 * high-contrast themes.
 */
import { familyLook } from '../../../core/view/families';

export interface Palette {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  focus: string;
  /** Series colours, in order of use. */
  series: string[];
  /** Traffic outside the campaigns shown. */
  other: string;
  family(family: string): string;
}

/**
 * The CSS variable of a theme colour id. VS Code replaces only the first dot of the id
 * (`promptForensics.family.agentic` → `--vscode-promptForensics-family.agentic`); the all-dashes
 * spelling is tried too in case that ever changes.
 */
function themeVariables(id: string): string[] {
  return [`--vscode-${id.replace('.', '-')}`, `--vscode-${id.replace(/\./g, '-')}`];
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const v = (id: string, fallback: string): string => {
    for (const name of themeVariables(id)) {
      const value = style.getPropertyValue(name).trim();
      if (value) return value;
    }
    return fallback;
  };
  const foreground = v('foreground', '#cccccc');
  // Some themes derive chart colours from translucent ones (charts.orange is minimap.findMatchHighlight): lines and labels need them opaque.
  const series = [
    v('charts.blue', '#3794ff'),
    v('charts.orange', '#d18616'),
    v('charts.green', '#89d185'),
    v('charts.purple', '#b180d7'),
    v('charts.red', '#f14c4c'),
    v('charts.yellow', '#cca700'),
    v('terminal.ansiCyan', '#29b8db'),
    v('terminal.ansiMagenta', '#bc3fbc'),
  ].map((c) => withAlpha(c, 1));
  const otherFamily = withAlpha(v(familyLook('other').colorId, v('charts.red', '#e06c75')), 1);
  return {
    foreground,
    muted: v('descriptionForeground', foreground),
    grid: withAlpha(v('charts.lines', foreground), 0.25),
    background: v('editor.background', '#1e1e1e'),
    focus: v('focusBorder', '#007fd4'),
    series,
    other: withAlpha(v('descriptionForeground', foreground), 0.55),
    family(family: string): string {
      return withAlpha(v(familyLook(family).colorId, otherFamily), 1);
    },
  };
}

/** `color` with the given opacity; colours it cannot read are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color.trim());
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/i.exec(color.trim());
  return rgb ? `rgba(${rgb[1].trim()}, ${rgb[2].trim()}, ${rgb[3].trim()}, ${alpha})` : color;
}

/** Calls `onChange` when VS Code switches theme (it swaps the body class and the variables on <html>). */
export function watchTheme(onChange: () => void): void {
  let pending = false;
  const schedule = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      onChange();
    });
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}
