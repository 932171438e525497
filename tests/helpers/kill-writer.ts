// Child process for the SIGKILL test: writes the outputs through the real writer as fast as it
// can, with sizes that change every cycle, until it is killed. Prints "ready" after the first.
// Usage: UPSVIEW_KILL_WRITER=1 node kill-writer.mjs <outDir> <first cycle> (bundled by the test).

import { writeOutputs } from '../../src/publish/atomic-write.ts';

const [dir = '', from = '1'] = process.argv.slice(2);

export function versionOf(cycle: number): { json: string; html: string } {
  // 16-300 KB so a kill often lands inside a write.
  const pad = 'x'.repeat(16_384 + ((cycle * 7919) % 300_000));
  return {
    json: `${JSON.stringify({ schemaVersion: 1, cycle, pad })}\n`,
    html: `<!doctype html>\n<html><body data-cycle="${cycle}">${pad}</body></html>\n`,
  };
}

async function main(): Promise<void> {
  for (let cycle = Number(from); ; cycle++) {
    const { json, html } = versionOf(cycle);
    await writeOutputs(dir, [
      { name: 'status.json', content: json },
      { name: 'index.html', content: html },
    ]);
    if (cycle === Number(from)) process.stdout.write('ready\n');
  }
}

if (process.env.UPSVIEW_KILL_WRITER === '1') void main();
