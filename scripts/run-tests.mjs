// Runs the uvu suites under tsx and ends with the line CI reads: "N passed, M failed, K skipped",
// taken from uvu's own totals. uvu's Total leaves skipped tests out; a teardown that failed
// (tests/helpers/suite.ts prints "!! teardown failed") counts as one more failure. Before the line,
// what did not run and why is repeated once: missing programs, skipped tests, the corpus used.
// Extra arguments narrow the file pattern: `npm test -- config`.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const uvu = path.join(path.dirname(require.resolve('uvu')), '..', 'bin.js');
const filter = process.argv[2] ?? '';
const pattern = `${filter ? `.*(${filter}).*` : ''}\\.test\\.ts$`;

const child = spawn(process.execPath, ['--import', 'tsx', uvu, 'tests', pattern], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
});

let output = '';
child.stdout.on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});

child.on('close', (code, signal) => {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
  const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? NaN);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    process.stdout.write(`\ntest run ended without uvu totals (exit ${code ?? signal})\n0 passed, 1 failed\n`);
    process.exitCode = 1;
    return;
  }
  const teardowns = plain.split('\n').filter((line) => line.startsWith('!! teardown failed')).length;
  const failed = total - passed + teardowns;
  const notes = [...new Set(plain.split('\n').filter((line) => /^(corpus|skipped|missing prerequisite): /.test(line)))];
  process.stdout.write(`\n${notes.join('\n')}${notes.length ? '\n' : ''}${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exitCode = code === 0 && failed === 0 ? 0 : 1;
});
