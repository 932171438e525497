// The hooks' only I/O: one POST or one command run, bounded by a timeout. Failures become a
// HookError with a stable code and a message that names no secret (no URL, no header, no output).
// node:http and node:https load on the first webhook: most sites configure none, and the two held a
// megabyte or two of the daemon's memory for nothing (issue 11, Footprint). node:child_process is
// loaded by node-cron anyway.

import { spawn, type ChildProcess } from 'node:child_process';
import { HookError } from '../shared/errors.ts';
import type { Delivery } from './deliveries.ts';

type Webhook = Extract<Delivery, { kind: 'webhook' }>;
type Command = Extract<Delivery, { kind: 'command' }>;

export async function postOnce(hook: Webhook): Promise<void> {
  const url = new URL(hook.url);
  const client = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    // No keep-alive: a hook is rare, and a pooled socket would outlive the job's cycle.
    const request = client.request(url, { method: 'POST', headers: hook.headers, agent: false });
    // The first outcome settles the promise (later calls change nothing) and closes what is still open.
    const settle = (error?: HookError) => {
      clearTimeout(timer);
      request.destroy();
      if (error) reject(error);
      else resolve();
    };
    // Our own timer over the whole exchange, the answer's body included: a receiver that sends
    // headers and then stalls or drops the connection ends neither the request nor the response
    // with 'error', so nothing else would ever settle this (and the target's queue with it).
    const timer = setTimeout(() => settle(new HookError('HOOK-TIMEOUT', `no answer within ${hook.timeoutMs} ms`)), hook.timeoutMs);
    let answered = false;
    // A connection dropped before the answer ended emits no 'error', only 'close' (the request's
    // first, the response's too when the body was cut short); after a whole answer 'end' settled it.
    const closed = () => settle(new HookError('HOOK-CONNECTION', answered ? 'closed the connection before the answer ended' : 'closed the connection without an answer'));
    request.on('response', (response) => {
      answered = true;
      response.resume();
      const status = response.statusCode ?? 0;
      response.on('end', () => settle(status >= 200 && status < 300 ? undefined : new HookError('HOOK-HTTP-STATUS', `answered HTTP ${status}`)));
      response.on('close', closed);
    });
    request.on('error', (error: NodeJS.ErrnoException) => settle(new HookError('HOOK-CONNECTION', `could not be reached (${error.code ?? error.name})`)));
    request.on('close', closed);
    request.end(hook.body);
  });
}

/** SIGKILL to the child's whole process group: a script and whatever it started (curl, sleep). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group has gone already (ESRCH) or cannot be signalled: the child itself, at least.
    child.kill('SIGKILL');
  }
}

export function runCommand(command: Command): Promise<void> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = command.argv as [string, ...string[]];
    // An argument array, never a shell: event text (UPS names, descriptions) cannot become code.
    // Detached: its own process group, so a timeout can end what it started too; spawn's own
    // `timeout` kills only the direct child and leaves the rest running under PID 1.
    const child = spawn(program, args, {
      shell: false,
      stdio: 'ignore',
      env: { ...process.env, ...command.env },
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, command.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new HookError('HOOK-COMMAND', `could not be started (${error.code ?? error.name})`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else if (timedOut) reject(new HookError('HOOK-TIMEOUT', `did not finish within ${command.timeoutMs} ms`));
      else reject(new HookError('HOOK-COMMAND', signal ? `ended by ${signal}` : `exited with code ${code}`));
    });
  });
}
