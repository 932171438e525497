// A UPS on mains, then on battery, then back, as a dummy-ups .seq file: dummy-ups reads it top to
// bottom, waiting at each TIMER (NUT docs/man/dummy-ups.txt), so its outage starts about 3 s after
// the driver does and lasts 8 s, long enough that cycles begun late on a busy machine still see it.

export const OUTAGE_SEQUENCE = [
  'ups.status: OL',
  'battery.charge: 100',
  'battery.runtime: 1800',
  'TIMER 3',
  'ups.status: OB DISCHRG',
  'battery.charge: 61',
  'battery.runtime: 600',
  'TIMER 8',
  'ups.status: OL CHRG',
  'battery.charge: 62',
  'TIMER 3600',
].join('\n');
