// Debian's Chromium driven by playwright-core; no browser is ever downloaded.

import { chromium, type Browser } from 'playwright-core';
import { ensurePackage } from './prerequisite.ts';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  ensurePackage({ name: 'chromium', what: 'Chromium', files: [CHROMIUM] });
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}
