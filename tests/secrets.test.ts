// A known password never appears in status.json, index.html or any log line, whatever breaks:
// a real upsd up or down, a server that hangs during login, one that refuses, and one that echoes
// every request (twice) so the password comes back in a reply that ends up in an error message.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import { suiteWith } from './helpers/suite.ts';
import { createCycler, pageText, type Cycler } from './helpers/cycle.ts';
import { startFakeServer, type FakeServer } from './helpers/fake-server.ts';
import { startUpsd, type Upsd } from './helpers/upsd.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Quote, hash, backslash, space and & all change under some escaping; "Tr0ub4dor" never does. */
const SECRET = 'Tr0ub4dor&3 "horse#battery\\staple"';
const MARKERS = ['Tr0ub4dor', 'battery\\', 'horse'];

function assertNoSecret(where: string, text: string): void {
  for (const marker of MARKERS) assert.not.ok(text.includes(marker), `${where} contains "${marker}": ${text.slice(0, 400)}`);
}

async function assertCycleClean(cycler: Cycler): Promise<void> {
  const published = await cycler.run();
  assertNoSecret('status.json', JSON.stringify(published.status));
  assertNoSecret('index.html', published.html);
  assertNoSecret('index.html text', pageText(published.html));
  assertNoSecret('log', JSON.stringify(cycler.logs));
}

interface Context {
  upsd: Upsd;
  echo: FakeServer;
  hang: FakeServer;
  deny: FakeServer;
}

const secrets = suiteWith<Context>('a known password', {
  async before(context) {
    context.echo = await startFakeServer({ script: (request, conn) => conn.write(`${request}\n${request}\n`) });
    context.hang = await startFakeServer({ script: () => undefined });
    context.deny = await startFakeServer({
      script: (request, conn) => (request.startsWith('PASSWORD') ? conn.write('ERR ACCESS-DENIED\n') : conn.standard(request)),
    });
    context.upsd = await startUpsd([{ name: 'ups1', dev: 'ups.status: OL\n' }], {
      users: '[monitor]\n  password = "something else"\n  upsmon secondary\n',
    });
  },
  async after({ upsd, echo, hang, deny }) {
    await Promise.all([upsd?.stop(), echo?.close(), hang?.close(), deny?.close()]);
  },
});

const withSecret = (name: string, server: { host: string; port: number }) => ({
  name,
  host: server.host,
  port: server.port,
  username: 'monitor',
  password: SECRET,
});

secrets('appears in no output file or log line, also not in error messages', async (context) => {
  const cycler = await createCycler(
    {
      timeoutMs: 500,
      hosts: [
        withSecret('real', context.upsd),
        withSecret('echo', context.echo),
        withSecret('hang', context.hang),
        withSecret('deny', context.deny),
      ],
    },
    { verbose: true },
  );
  try {
    await assertCycleClean(cycler);
    const status = (await cycler.run()).status;
    assert.equal(
      status.hosts.map((host) => host.error?.code ?? 'ok'),
      ['ok', 'PROTOCOL', 'TIMEOUT', 'ACCESS-DENIED'],
      'every failure path was taken',
    );
    await context.upsd.stopServer();
    try {
      await assertCycleClean(cycler);
    } finally {
      await context.upsd.startServer();
    }
  } finally {
    await cycler.cleanup();
  }
});

secrets('appears nowhere in what the CLI prints, with --verbose or --check', async (context) => {
  const cycler = await createCycler({ hosts: [{ name: 'unused', host: '127.0.0.1' }] });
  try {
    const config = path.join(cycler.outDir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({ outDir: 'out', timeoutMs: 500, hosts: [withSecret('real', context.upsd), withSecret('echo', context.echo)] }),
    );
    for (const args of [['--once', '--verbose'], ['--check']]) {
      const cli = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, '..', 'src', 'cli.ts'), '--config', config, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let printed = '';
      cli.stdout.on('data', (chunk) => (printed += chunk));
      cli.stderr.on('data', (chunk) => (printed += chunk));
      const [code] = await once(cli, 'exit');
      assert.is(code, 0, printed);
      assert.ok(printed.length > 0, 'the CLI said something');
      assertNoSecret(`cli ${args.join(' ')}`, printed);
    }
  } finally {
    await cycler.cleanup();
  }
});

secrets('a password the config rejects is not repeated in the error message', async () => {
  const cycler = await createCycler({ hosts: [{ name: 'unused', host: '127.0.0.1' }] });
  try {
    const config = path.join(cycler.outDir, 'config.json');
    // Non-ASCII and a wrong type: both rejected, neither may be echoed.
    await writeFile(
      config,
      JSON.stringify({
        hosts: [
          { name: 'a', host: '127.0.0.1', username: 'u', password: `${SECRET}\u00e9` },
          { name: 'b', host: '127.0.0.1', username: 'u', password: 704197700 },
        ],
      }),
    );
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, '..', 'src', 'cli.ts'), '--config', config, '--check'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let printed = '';
    cli.stdout.on('data', (chunk) => (printed += chunk));
    cli.stderr.on('data', (chunk) => (printed += chunk));
    const [code] = await once(cli, 'exit');
    assert.is(code, 2);
    assert.match(printed, /hosts\[0\]\.password/);
    assert.match(printed, /hosts\[1\]\.password/);
    assertNoSecret('config error', printed);
    assert.not.ok(printed.includes('704197700'), printed);
  } finally {
    await cycler.cleanup();
  }
});

secrets('a short password that equals a value upsd sends leaves the value alone and is still in no error or log', async (context) => {
  // Issue 9: with password 1234, battery.runtime 1234 used to become *** and the runtime metric was lost.
  const pin = '1234';
  const upsd = await startUpsd([{ name: 'ups1', dev: `ups.status: OL\nbattery.runtime: ${pin}\nups.serial: AB${pin}CD\n` }], {
    users: `[monitor]\n  password = ${pin}\n  upsmon secondary\n`,
  });
  const withPin = (name: string, server: { host: string; port: number }) => ({ ...withSecret(name, server), password: pin });
  const cycler = await createCycler(
    { timeoutMs: 500, hosts: [withPin('real', upsd), withPin('echo', context.echo), withPin('hang', context.hang)] },
    { verbose: true },
  );
  try {
    const published = await cycler.run();
    const ups = published.ups('real', 'ups1');
    assert.is(ups.vars['battery.runtime'], pin);
    assert.is(ups.vars['ups.serial'], `AB${pin}CD`);
    assert.is(ups.metrics?.runtimeSeconds, 1234);
    assert.equal(
      published.status.hosts.map((host) => host.error?.code ?? 'ok'),
      ['ok', 'PROTOCOL', 'TIMEOUT'],
    );
    const errors = published.status.hosts.map((host) => host.error?.message ?? '');
    assert.match(errors[1] ?? '', /\*\*\*/, 'the echoed password is hidden in the error text');
    assert.match(errors[2] ?? '', /^Timeout awaiting reply to 'USERNAME' \(request 1 of 3 written together\)/);
    // Durations and times are numbers that could hold the digits by chance; every text is checked.
    const logTexts = JSON.stringify(cycler.logs, (key, value: unknown) => (key === 'ms' || key === 'time' ? undefined : value));
    for (const text of [...errors, logTexts]) assert.not.ok(text.includes(pin), text);
  } finally {
    await cycler.cleanup();
    await upsd.stop();
  }
});

secrets.run();
