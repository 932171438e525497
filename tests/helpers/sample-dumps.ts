// Four real UPS dumps from the NUT device dump library, read in place: a home Back-UPS, a rack
// Smart-UPS, an Eaton line-interactive and a CyberPower. What the footprint script and the demo
// poll, so their figures and page look like a small real installation.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR } from './corpus.ts';
import type { UnitSpec } from './upsd.ts';

const SAMPLES = [
  ['back-ups', 'APC/APC__Back-UPS_RS_1500__usbhid-ups__2.2.1__01.dev', 'Back-UPS RS 1500, office'],
  ['smart-ups', 'APC/APC__Smart-UPS_1000__usbhid-ups__2.6.0__01.dev', 'Smart-UPS 1000, rack'],
  ['eaton', 'Eaton/Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev', 'Eaton 5PX 2000, server room'],
  ['cyberpower', 'Cyber_Power_Systems/Cyber_Power_Systems__CP1500AVRLCD__usbhid-ups__2.4.3__01.dev', 'CyberPower CP1500, desk'],
] as const;

/** The four sample UPSes as dummy-ups units; throws naming the folder when the library is absent. */
export function sampleUnits(): UnitSpec[] {
  return SAMPLES.map(([name, file, desc]) => {
    const devFile = path.join(CORPUS_DIR, file);
    if (!existsSync(devFile)) throw new Error(`sample dump missing: ${devFile} (the NUT device dump library belongs in ../shared/nut-ddl)`);
    return { name, devFile, desc };
  });
}
