// Types for scripts/local-browser.mjs, imported by the tests' Node-side setup.
export function launcherPath(): string;
export function setLaunchFlags(flags: string[]): void;
export function linkLocalChromium(chromium?: string): string | null;
