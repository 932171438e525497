// Four real UPS dumps bundled from the NUT Devices Dumps Library: a home Back-UPS, a rack
// Smart-UPS, an Eaton and a CyberPower, as a small real installation looks. The footprint script,
// the demo and the deploy tests poll them.

import { bundled } from './corpus.ts';
import type { UnitSpec } from './upsd.ts';

const SAMPLES = [
  ['office', 'APC/APC__Back-UPS_RS_1000MS__usbhid-ups__2.7.4__01.dev', 'Back-UPS RS 1000MS, office'],
  ['rack', 'APC/APC__Smart-UPS_1500__apcsmart__2.2.1__01.dev', 'Smart-UPS 1500, rack'],
  ['nas', 'Eaton/Eaton__5E1100iUSB__usbhid-ups__2.7.1__01.dev', 'Eaton 5E 1100, NAS'],
  ['desk', 'Cyber_Power_Systems/Cyber_Power_Systems__CP1500AVRLCD__usbhid-ups__2.4.3__01.dev', 'CyberPower CP1500, desk'],
] as const;

/** The four sample UPSes as dummy-ups units. */
export function sampleUnits(): UnitSpec[] {
  return SAMPLES.map(([name, file, desc]) => ({ name, devFile: bundled(file), desc }));
}
