// Hostile input: a corpus of XSS payloads served by a real upsd (in .dev values and in desc) and
// in a host's display name runs no script in Chromium, and the page has the same element
// structure as the same layout with harmless text. Names, control characters and invalid UTF-8
// that only a scripted server can send still give valid JSON and an inert page.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { suiteWith } from './helpers/suite.ts';
import { launchBrowser } from './helpers/browser.ts';
import { createCycler } from './helpers/cycle.ts';
import { startFakeServer } from './helpers/fake-server.ts';
import { startUpsd, type UnitSpec } from './helpers/upsd.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PAYLOADS = readFileSync(path.join(HERE, 'fixtures', 'hostile', 'xss-payloads.txt'), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('# '));

/** A .dev value line, quoted and escaped the way parseconf reads it (reference §2). */
const devLine = (name: string, value: string) => `${name}: "${value.replace(/[\\"#]/g, (ch) => `\\${ch}`)}"\n`;

/** Packs payload indexes into descriptions of at most 250 characters (upsd keeps 255). */
function descriptionGroups(): number[][] {
  const groups: number[][] = [];
  let length = Infinity;
  PAYLOADS.forEach((payload, index) => {
    const last = groups[groups.length - 1];
    if (last && length + 1 + payload.length <= 250) {
      last.push(index);
      length += 1 + payload.length;
    } else {
      groups.push([index]);
      length = payload.length;
    }
  });
  return groups;
}

/** The same layout of units with every text either hostile or harmless. */
function units(text: (index: number) => string): UnitSpec[] {
  return descriptionGroups().map((group, u) => ({
    name: `u${u}`,
    desc: group.map(text).join(' '),
    dev:
      'ups.status: OL\nbattery.charge: 90\n' +
      devLine('ups.mfr', text(u % PAYLOADS.length)) +
      devLine('ups.model', text((u + 1) % PAYLOADS.length)) +
      PAYLOADS.map((_, i) => devLine(`x.p${String(i).padStart(2, '0')}`, text(i))).join(''),
  }));
}

interface PageReport {
  fired: string[];
  skeleton: string[];
  text: string;
}

/** Opens a written index.html with scripts enabled, hooks __xss, dialogs and requests, and reads the DOM. */
async function inspect(browser: Browser, file: string): Promise<PageReport> {
  const page: Page = await browser.newPage();
  const fired: string[] = [];
  try {
    await page.exposeBinding('__xss', (_source, id: unknown) => {
      fired.push(`__xss(${String(id)})`);
    });
    page.on('dialog', (dialog) => {
      fired.push(`dialog ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      fired.push(`request ${url}`);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // Let focus, toggle and error handlers that an injected element would trigger have their turn.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const dom = await page.evaluate(() => ({
      skeleton: Array.from(document.querySelectorAll('*')).map(
        (element) => `${element.tagName}[${Array.from(element.attributes).map((attribute) => attribute.name).sort().join(',')}]`,
      ),
      text: [
        document.documentElement.textContent ?? '',
        ...Array.from(document.querySelectorAll('*')).flatMap((element) => Array.from(element.attributes).map((attribute) => attribute.value)),
      ].join('\n'),
    }));
    return { fired, ...dom };
  } finally {
    await page.close();
  }
}

const xss = suiteWith<{ browser: Browser }>('XSS payloads from a real upsd', {
  async before(context) {
    context.browser = await launchBrowser();
  },
  async after({ browser }) {
    await browser?.close();
  },
});

xss('run no script and leave the page structure as with harmless text', async ({ browser }) => {
  // Same length and spacing as each payload, so only the characters differ.
  const harmless = (i: number) => (PAYLOADS[i] as string).replace(/\S/g, 'x');
  const [hostile, plain] = await Promise.all([startUpsd(units((i) => PAYLOADS[i] as string)), startUpsd(units(harmless))]);
  const hostName = PAYLOADS[1] as string;
  const hostileCycler = await createCycler({ refreshSeconds: 0, hosts: [{ name: hostName, host: hostile.host, port: hostile.port }] });
  const plainCycler = await createCycler({ refreshSeconds: 0, hosts: [{ name: hostName.replace(/\S/g, 'x'), host: plain.host, port: plain.port }] });
  try {
    const published = await hostileCycler.run();
    await plainCycler.run();
    // The payloads reached the page's data intact: upsd and our parser kept them byte for byte.
    assert.is(published.ups(hostName, 'u0').vars['x.p00'], PAYLOADS[0]);
    assert.is(published.ups(hostName, 'u0').description.startsWith(PAYLOADS[0] as string), true);

    const bad = await inspect(browser, path.join(hostileCycler.outDir, 'index.html'));
    const good = await inspect(browser, path.join(plainCycler.outDir, 'index.html'));
    assert.equal(bad.fired, [], 'no payload ran');
    assert.equal(bad.skeleton, good.skeleton, 'same elements and attribute names as with harmless text');
    for (const payload of PAYLOADS) assert.ok(bad.text.includes(payload), `shown as text: ${payload}`);
  } finally {
    await Promise.all([hostileCycler.cleanup(), plainCycler.cleanup(), hostile.stop(), plain.stop()]);
  }
});

xss.run();

const bytes = suiteWith<{ browser: Browser }>('names and bytes only a scripted server sends', {
  async before(context) {
    context.browser = await launchBrowser();
  },
  async after({ browser }) {
    await browser?.close();
  },
});

/** Every control character but LF, which ends a line in the protocol itself. */
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('').replace('\n', '') + '\x7f\u2028\u2029 end';

bytes('control characters, invalid UTF-8 and hostile names give valid JSON and an inert page', async ({ browser }) => {
  const upsName = '<svg/onload=__xss(201)>';
  const fake = await startFakeServer({
    units: {
      [upsName]: {
        'ups.status': 'OL',
        '<img src=x onerror=__xss(202)>': 'name as payload',
        ['__proto__']: 'polluted?',
        constructor: 'not a function',
        'x.control': CONTROL,
        'x.payload': '</script><script>__xss(203)</script>',
      },
    },
  });
  // Raw bytes in a value: lone continuation bytes, a cut-off sequence, an encoded surrogate, 0xff, NUL, ESC.
  const raw = await startFakeServer({
    units: { ups1: { 'ups.status': 'OL' } },
    script: (request, conn) => {
      if (!request.startsWith('LIST VAR')) return conn.standard(request);
      conn.write(
        Buffer.concat([
          Buffer.from('BEGIN LIST VAR ups1\nVAR ups1 ups.status "OL"\nVAR ups1 x.bytes "'),
          Buffer.from([0x80, 0xbf, 0xc3, 0x20, 0xed, 0xa0, 0x80, 0xff, 0xfe, 0x41, 0x00, 0x1b]),
          Buffer.from('"\nEND LIST VAR ups1\n'),
        ]),
      );
    },
  });
  const cycler = await createCycler({
    refreshSeconds: 0,
    hosts: [
      { name: 'names', host: fake.host, port: fake.port },
      { name: 'bytes', host: raw.host, port: raw.port },
    ],
  });
  try {
    const published = await cycler.run();
    assert.equal(published.status.hosts.map((host) => host.error), [null, null]);
    const text = await readFile(path.join(cycler.outDir, 'status.json'));
    assert.ok(Buffer.from(text.toString('utf8'), 'utf8').equals(text), 'status.json is valid UTF-8');
    const json = JSON.parse(text.toString('utf8')) as unknown;
    assert.ok(json);

    const vars = published.ups('names', upsName).vars;
    assert.is(vars['x.control'], CONTROL);
    assert.is(vars['<img src=x onerror=__xss(202)>'], 'name as payload');
    assert.is(Object.getOwnPropertyDescriptor(vars, '__proto__')?.value, 'polluted?');
    assert.is(({} as Record<string, unknown>).polluted, undefined);
    const value = published.ups('bytes', 'ups1').vars['x.bytes'] ?? '';
    assert.ok(value.includes('\ufffd') && value.includes('A\u0000\u001b'), JSON.stringify(value));
    assert.not.match(value, /[\ud800-\udfff]/, 'no lone surrogate');

    const page = await inspect(browser, path.join(cycler.outDir, 'index.html'));
    assert.equal(page.fired, []);
    assert.ok(page.text.includes(upsName));
    assert.ok(page.text.includes('</script><script>__xss(203)</script>'));
  } finally {
    await Promise.all([cycler.cleanup(), fake.close(), raw.close()]);
  }
});

bytes.run();
