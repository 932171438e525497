// Renders pages from a real upsd and takes screenshots at phone and desktop sizes, light and dark,
// into artifacts/ (git-ignored). `--readme` also writes docs/screenshot.png.
//   npx tsx scripts/screenshots.ts [--readme]

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { createPageRenderer } from '../tests/helpers/page-render.ts';
import { REPO_ROOT, largestCorpus } from '../tests/helpers/corpus.ts';
import { dumpsOf } from '../tests/helpers/page-dumps.ts';
import { DUMPS, startPageRig } from '../tests/helpers/page-fixture.ts';
import { snapshotOf } from '../tests/helpers/page-snapshot.ts';
import type { UnitSpec } from '../tests/helpers/upsd.ts';

const ARTIFACTS = path.join(REPO_ROOT, 'artifacts');

const FOUR: UnitSpec[] = [
  { name: 'nas', devFile: DUMPS.online, desc: 'NAS and switch' },
  { name: 'office', devFile: DUMPS.onBattery, desc: 'Office desk' },
  { name: 'eaton', devFile: DUMPS.replaceBattery },
  { name: 'riello', devFile: DUMPS.threePhase, desc: 'Three-phase, server room' },
];

const SETS: Record<string, { units: UnitSpec[]; unreachable: boolean }> = {
  all: {
    unreachable: true,
    units: [
      ...FOUR,
      { name: 'rack-lb', devFile: DUMPS.lowBattery },
      { name: 'old-apc', devFile: DUMPS.overload },
      { name: 'bypass', devFile: DUMPS.bypass },
      { name: 'spare', noDriver: true },
    ],
  },
  four: { unreachable: false, units: FOUR },
  single: { unreachable: false, units: [FOUR[0] as UnitSpec] },
};

const VIEWS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

/** 40 UPSes on 10 hosts from DDL dumps (every 14th of the full library), rendered without a server. */
async function fortyUpsPage(): Promise<string> {
  const corpus = largestCorpus();
  const all = dumpsOf(corpus);
  // With only the bundled dumps there are fewer than 40: they repeat.
  const step = all.length >= 40 * 14 ? 14 : 1;
  const dumps = Array.from({ length: 40 }, (_, index) => all[(index * step) % all.length]?.vars ?? {});
  process.stdout.write(`forty.html: 40 UPSes from the ${corpus.label} dumps\n`);
  const hosts = Array.from({ length: 10 }, (_, h) => ({
    name: `site-${h + 1}`,
    ups: dumps.slice(h * 4, h * 4 + 4).map((vars, u) => ({ name: `ups-${h + 1}-${u + 1}`, vars })),
  }));
  hosts[3] = { name: 'site-4', ups: [], error: { code: 'TIMEOUT', message: 'Timeout awaiting reply for 5000ms' } } as never;
  const render = await createPageRenderer();
  return render(snapshotOf(hosts), { intervalSeconds: 30, refreshSeconds: 0 });
}

await mkdir(ARTIFACTS, { recursive: true });
await writeFile(path.join(ARTIFACTS, 'forty.html'), await fortyUpsPage());
const browser = await launchBrowser();
try {
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(ARTIFACTS, 'forty.html')).href);
    await page.screenshot({ path: path.join(ARTIFACTS, `forty-desktop-${scheme}.png`), fullPage: process.argv.includes('--full') });
    await context.close();
  }
  for (const [set, spec] of Object.entries(SETS)) {
    const rig = await startPageRig(spec.units, { unreachable: spec.unreachable });
    try {
      const { html } = await rig.generate();
      const file = path.join(ARTIFACTS, `${set}.html`);
      await writeFile(file, html);
      for (const view of VIEWS) {
        for (const scheme of ['light', 'dark'] as const) {
          const context = await browser.newContext({ viewport: view, colorScheme: scheme });
          const page = await context.newPage();
          await page.goto(pathToFileURL(file).href);
          await page.screenshot({ path: path.join(ARTIFACTS, `${set}-${view.name}-${scheme}.png`), fullPage: process.argv.includes('--full') });
          if (process.argv.includes('--readme') && set === 'four' && view.name === 'desktop' && scheme === 'light') {
            await page.screenshot({ path: path.join(REPO_ROOT, 'docs', 'screenshot.png') });
          }
          await context.close();
        }
      }
    } finally {
      await rig.stop();
    }
  }
} finally {
  await browser.close();
}
