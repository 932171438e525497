// The hooks' only I/O: one POST or one command run, bounded by a timeout. Failures become a
// HookError with a stable code and a message that names no secret (no URL, no header, no output).
// node:http and node:https load on the first webhook: most sites configure none, and the two held a
// megabyte or two of the daemon's memory for nothing (issue 11, Footprint). node:child_process is
// loaded by node-cron anyway.

import { spawn } from 'node:child_process';
import { HookError } from '../shared/errors.ts';
import type { Delivery } from './deliveries.ts';

type Webhook = Extract<Delivery, { kind: 'webhook' }>;
type Command = Extract<Delivery, { kind: 'command' }>;

export async function postOnce(hook: Webhook): Promise<void> {
  const url = new URL(hook.url);
  const client = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve, reject) => {
    // No keep-alive: a hook is rare, and a pooled socket would outlive the job's cycle.
    const request = client.request(url, { method: 'POST', headers: hook.headers, agent: false, signal: AbortSignal.timeout(hook.timeoutMs) });
    request.on('response', (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      response.on('end', () => (status >= 200 && status < 300 ? resolve() : reject(new HookError('HOOK-HTTP-STATUS', `answered HTTP ${status}`))));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError' || error.name === 'TimeoutError') reject(new HookError('HOOK-TIMEOUT', `no answer within ${hook.timeoutMs} ms`));
      else reject(new HookError('HOOK-CONNECTION', `could not be reached (${error.code ?? error.name})`));
    });
    request.end(hook.body);
  });
}

export function runCommand(command: Command): Promise<void> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = command.argv as [string, ...string[]];
    // An argument array, never a shell: event text (UPS names, descriptions) cannot become code.
    const child = spawn(program, args, {
      shell: false,
      stdio: 'ignore',
      env: { ...process.env, ...command.env },
      timeout: command.timeoutMs,
      killSignal: 'SIGKILL',
    });
    child.on('error', (error: NodeJS.ErrnoException) => reject(new HookError('HOOK-COMMAND', `could not be started (${error.code ?? error.name})`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else if (signal === 'SIGKILL') reject(new HookError('HOOK-TIMEOUT', `did not finish within ${command.timeoutMs} ms`));
      else reject(new HookError('HOOK-COMMAND', signal ? `ended by ${signal}` : `exited with code ${code}`));
    });
  });
}
