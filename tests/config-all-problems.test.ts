// One `--check` names every problem of a config, the files it refers to included: a CA file that
// is missing is named beside a bad port, not only after the port is put right.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.ts';
import { createCertificates } from './helpers/nss-certs.ts';
import { suiteWith } from './helpers/suite.ts';

const all = suiteWith<{ dir: string }>('config: every problem in one run', {
  async before(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-config-all-'));
  },
  async after({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

all('a missing CA file is named with the other problems, against the config folder, from any working folder', async ({ dir }) => {
  await writeFile(path.join(dir, 'junk.pem'), 'not a certificate');
  const file = path.join(dir, 'config.json');
  await writeFile(
    file,
    JSON.stringify({
      hosts: [
        { name: 'NAS', host: 'nas.lan', port: 70000, tls: { mode: 'require', ca: 'nas-ca.pem' } },
        { name: 'Lab', host: 'lab.lan', tls: { mode: 'auto', ca: 'junk.pem' } },
      ],
    }),
  );
  // runCli works in the repository: the CA files are found beside the config all the same.
  const result = await runCli(['--config', path.relative(process.cwd(), file), '--check']);
  assert.is(
    result.stderr,
    `upsview: ${file}: invalid config\n` +
      '  hosts[0].port: expected an integer 1-65535, got number 70000\n' +
      `  hosts[0].tls.ca: cannot use ${path.join(dir, 'nas-ca.pem')}: ENOENT: no such file or directory, open '${path.join(dir, 'nas-ca.pem')}'\n` +
      `  hosts[1].tls.ca: cannot use ${path.join(dir, 'junk.pem')}: no PEM certificate in it\n`,
  );
  assert.is(result.code, 2);
});

all('a CA file whose certificate is damaged inside its markers is refused, not trusted as nothing', async ({ dir }) => {
  // A real certificate with one line of its body lost, as a copy through a chat or an editor can.
  const good = (await createCertificates(dir, ['nas.lan'])).caPem.trim().split('\n');
  await writeFile(path.join(dir, 'cut.pem'), [...good.slice(0, 3), ...good.slice(4)].join('\n'));
  const file = path.join(dir, 'cut.json');
  await writeFile(file, JSON.stringify({ hosts: [{ name: 'NAS', host: 'nas.lan', tls: { mode: 'require', ca: 'cut.pem' } }] }));
  const result = await runCli(['--config', file, '--check']);
  assert.is(result.stderr, `upsview: ${file}: invalid config\n  hosts[0].tls.ca: cannot use ${path.join(dir, 'cut.pem')}: certificate 1 of 1 in it is damaged (not a valid X.509 certificate)\n`);
  assert.is(result.code, 2);
});

all.run();
