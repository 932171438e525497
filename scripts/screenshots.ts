// Renders pages from a real upsd and takes screenshots at phone and desktop sizes, light and dark,
// into artifacts/ (git-ignored). `--readme` also writes docs/screenshot.png.
//   npx tsx scripts/screenshots.ts [--readme]

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { DUMPS, REPO_ROOT, startPageRig } from '../tests/helpers/page-fixture.ts';
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

await mkdir(ARTIFACTS, { recursive: true });
const browser = await launchBrowser();
try {
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
          if (process.argv.includes('--readme') && set === 'all' && view.name === 'desktop' && scheme === 'light') {
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
