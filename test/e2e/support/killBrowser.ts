/**
 * SIGKILL of a Chromium that Playwright launched with a persistent profile: the browser process (the
 * one given `--user-data-dir=<profile>` and no `--type=`) and every process under it, at once, as a
 * crash or a power cut would. Linux only (reads /proc).
 */
import { readFile, readdir } from 'node:fs/promises';

async function cmdline(pid: number): Promise<string[]> {
  try {
    return (await readFile(`/proc/${String(pid)}/cmdline`, 'utf8')).split('\0');
  } catch {
    return [];
  }
}

async function parentOf(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8');
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return null;
  }
}

async function allPids(): Promise<number[]> {
  return (await readdir('/proc')).filter((name) => /^\d+$/u.test(name)).map(Number);
}

/** The browser process of the Chromium using this profile, and its descendants. */
export async function browserProcesses(profile: string): Promise<{ browser: number; all: number[] }> {
  const pids = await allPids();
  let browser: number | null = null;
  for (const pid of pids) {
    const args = await cmdline(pid);
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((arg) => arg.startsWith('--type='))) browser = pid;
  }
  if (browser === null) throw new Error('no Chromium process with this profile');
  const parents = new Map<number, number | null>();
  for (const pid of pids) parents.set(pid, await parentOf(pid));
  const all = [browser];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (parent !== null && all.includes(parent) && !all.includes(pid)) {
        all.push(pid);
        grew = true;
      }
    }
  }
  return { browser, all };
}

/** Sends SIGKILL to each, the browser first; a process already gone is skipped. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
