import * as vscode from 'vscode';

/** Base for objects that own VS Code resources: everything `_register`ed is disposed with them. */
export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.disposables.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** Calls `fn` once `delayMs` after the last call. */
export function debounce(fn: () => void, delayMs: number): { (): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, delayMs);
  };
  run.cancel = () => timer && clearTimeout(timer);
  return run;
}
