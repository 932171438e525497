// npm run demo: a real upsd serving four real UPS dumps on loopback, and upsview (the bundle, as
// `npm start` runs it) polling it every 5 seconds into demo/site/. Prints the page to open once it
// is written; Ctrl-C stops both. Needs NUT's upsd and dummy-ups (Debian: nut-server), which the
// setup installs when run as root.
//   npm run demo                 into ./demo
//   npm run demo -- <folder>     into another folder

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE, START_FLAGS, ensureBundle, runBundle } from '../tests/helpers/bundle.ts';
import { REPO } from '../tests/helpers/cli.ts';
import { sampleUnits } from '../tests/helpers/sample-dumps.ts';
import { startUpsd } from '../tests/helpers/upsd.ts';

const DIR = path.resolve(process.argv[2] ?? path.join(REPO, 'demo'));

ensureBundle();
process.stdout.write('starting upsd with four UPSes from the NUT device dump library…\n');
const upsd = await startUpsd(sampleUnits());
try {
  await mkdir(DIR, { recursive: true });
  const config = path.join(DIR, 'config.json');
  const hosts = [{ name: 'demo', host: upsd.host, port: upsd.port }];
  await writeFile(config, `${JSON.stringify({ title: 'upsview demo', schedule: '*/5 * * * * *', outDir: 'site', hosts }, null, 2)}\n`);
  // One cycle first, so the page exists by the time its path is printed.
  const first = await runBundle(['--config', config, '--once'], { cwd: DIR, nodeArgs: START_FLAGS });
  if (first.code !== 0) throw new Error(`upsview --once failed: ${first.stderr}`);
  const upsview = spawn(process.execPath, [...START_FLAGS, BUNDLE, '--config', config], {
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group: Ctrl-C reaches it once, from here, not also from the terminal.
    detached: true,
  });
  const exited = once(upsview, 'exit');
  const stop = () => upsview.kill('SIGTERM'); // it finishes the cycle in flight, then exits
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(
    `upsd listens on ${upsd.host}:${upsd.port}; upsview polls it every 5 s (config: ${config}).\n\n` +
      `Open the page:  ${pathToFileURL(path.join(DIR, 'site', 'index.html')).href}\n` +
      `The data:       ${path.join(DIR, 'site', 'status.json')}\n\nCtrl-C stops both.\n`,
  );
  await exited;
} finally {
  await upsd.stop();
}
