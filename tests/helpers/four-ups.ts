// Four UPSes on one real upsd, covering what consumers must cope with: on mains, on battery,
// values that are not numbers with a status word nobody knows, and a description with quotes and
// a backslash. Recipes, metrics, badges and hooks tests share it.

import type { UnitSpec } from './upsd.ts';

// dummy-ups reports its own maker and model whatever the file says.
const common = 'device.serial: AS1234\n';

export const FOUR_UPS: readonly UnitSpec[] = [
  {
    name: 'ups',
    desc: 'Rack UPS',
    dev: `${common}ups.status: OL CHRG\nbattery.charge: 100\nbattery.runtime: 1800\nups.load: 23\ninput.voltage: 230.4\noutput.voltage: 230\nups.realpower.nominal: 900\n`,
  },
  {
    name: 'onbatt',
    desc: 'Office',
    dev: `${common}ups.status: OB DISCHRG\nbattery.charge: 54\nbattery.runtime: 720\nups.load: 40\ninput.voltage: 0\n`,
  },
  {
    name: 'odd',
    desc: 'Say "hi" \\ bye',
    dev: `ups.status: OL XYZ\nbattery.charge: n/a\nbattery.runtime: 65535\nups.load: 12.5\n`,
  },
  {
    name: 'low',
    desc: 'Closet',
    dev: `${common}ups.status: OB LB\nbattery.charge: 8\nbattery.charge.low: 10\nbattery.runtime: 60\nups.load: 30\n`,
  },
];
