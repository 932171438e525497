// NUT's upsd and dummy-ups, from Debian's nut-server; upsc, NUT's own client, from nut-client.

import { ensurePackage } from './prerequisite.ts';

export const UPSD = '/lib/nut/upsd';
export const DUMMY_UPS = '/lib/nut/dummy-ups';
export const UPSC = '/usr/bin/upsc';

export const ensureNut = () => ensurePackage({ name: 'nut-server', what: "NUT's upsd and dummy-ups", files: [UPSD, DUMMY_UPS] });

export const ensureUpsc = () => ensurePackage({ name: 'nut-client', what: "NUT's upsc", files: [UPSC] });
