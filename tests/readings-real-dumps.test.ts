// The figures a card and status.json show for real UPSes, from their DDL dumps: power measured
// where the driver measures it, and a driver's misreadings (a charge of 1000 %, -6437 V, a battery
// at -272 °C, 0 V on a line the UPS says is live, three phases of zeros) not shown as readings.

import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { upsView, type UpsView } from '../src/outputs/page/ups-card.ts';
import type { UpsById } from '../src/snapshot/types.ts';
import { bundled, corpora } from './helpers/corpus.ts';
import { readDump } from './helpers/page-dumps.ts';
import { snapshotOf } from './helpers/page-snapshot.ts';
import { outputContext } from './helpers/page-render.ts';
import { createMetricsOutput } from '../src/outputs/metrics/metrics-output.ts';
import { textOf } from '../src/publish/atomic-write.ts';

/** The full library's folder, when it is there (tests/helpers/corpus.ts); its dumps' tests are skipped without it. */
const libraryDir = corpora()[1]?.dir ?? null;
const library = (file: string) => (libraryDir === null ? null : path.join(libraryDir, file));

interface Shown {
  card: UpsView;
  byId: UpsById;
}

/** What the page's card and status.json's byId say of the UPS in `dumpFile`. */
function shownFor(dumpFile: string): Shown {
  const snapshot = snapshotOf([{ name: 'rack', ups: [{ name: 'ups', vars: readDump(dumpFile) }] }]);
  const ups = snapshot.hosts[0]?.ups[0];
  const byId = Object.values(snapshot.byId)[0];
  if (!ups || !byId) throw new Error(`no UPS in the snapshot of ${dumpFile}`);
  return { card: upsView(ups, {}, { id: 'ups', asOf: null, crowded: false, varsHref: '' }, null), byId };
}

const fact = (shown: Shown, label: string) => shown.card.facts.find((item) => item.label === label);
const gauge = (shown: Shown, label: string) => shown.card.gauges.find((item) => item.label === label);

type Check = (shown: Shown) => void;

/** Tests on dumps of the full library not run here, because it is not beside the repository. */
let notRun = 0;

/**
 * A test on a dump of the full library, run when the library is there (as corpus.test.ts runs the
 * whole library then); without it the test is not made, and the run says how many once, at the end.
 */
function onLibraryDump(test: ReturnType<typeof suite>, name: string, file: string, check: Check) {
  const dumpFile = library(file);
  if (dumpFile === null) notRun++;
  else test(name, () => check(shownFor(dumpFile)));
}

const power = suite('power from real dumps');

power('takes the measured output.realpower of a Huawei UPS2000, not load × its VA rating', () => {
  const shown = shownFor(bundled('Huawei/Huawei__UPS2000-G-3KRTS__huawei-ups2000__2.7.4.1__01.dev'));
  assert.equal(fact(shown, 'Power'), { label: 'Power', value: '200 W', note: 'measured' });
  assert.is(shown.byId.powerWatts, 200);
});

for (const [file, watts] of [
  ['Compaq/Compaq__R3000__upscode2__2.6.5__01.dev', 1810],
  ['Eaton/Eaton__5PX__snmp-ups__2.7.4__02.dev', 324],
  ['Exide/Exide__NetUPS_SE_PRM450i__upscode2__2.4.3__01.dev', 10],
  ['Tripp_Lite/Tripp_Lite__SU2200RTXL2Ua__snmp-ups__2.7.4__01.dev', 253],
] as const) {
  onLibraryDump(power, `takes the measured output.realpower of ${path.basename(file, '.dev')}`, file, (shown) => {
    assert.equal(fact(shown, 'Power'), { label: 'Power', value: `${watts} W`, note: 'measured' });
    assert.is(shown.byId.powerWatts, watts);
  });
}

onLibraryDump(power, 'adds up the three phases of an Eaton 9355 that measures power only per phase', 'Eaton/Eaton__9355__snmp-ups__2.4.3__01.dev', (shown) => {
  assert.equal(fact(shown, 'Power'), { label: 'Power', value: '1239 W', note: 'measured' });
  assert.is(shown.byId.powerWatts, 1239);
});

onLibraryDump(power, 'draws the load of an Eaton 9395 without ups.load from its most loaded phase', 'Eaton/Eaton__9395__snmp-ups__2.4.3__01.dev', (shown) => {
  assert.is(shown.byId.load, 32);
  assert.ok(gauge(shown, 'Load'), 'a load gauge');
});

onLibraryDump(power, 'shows no power for 0 W on each phase with one at 18 % (Eaton BladeUPS)', 'Eaton/Eaton__BladeUPS_PXGX_UPS__snmp-ups__2.7.4__01.dev', (shown) => {
  assert.is.not(fact(shown, 'Power')?.note, 'measured');
});

onLibraryDump(power, 'does not call 0 W at 24 % load a measurement (PowerWalker VI 650 SH)', 'PowerWalker/PowerWalker__VI_650_SH__usbhid-ups__2.7.4.1__01.dev', (shown) => {
  assert.is.not(fact(shown, 'Power')?.note, 'measured');
});

onLibraryDump(power, 'shows no power for 0 W at 9 % load and a nominal of 0 (Grafenthal PR-3000-HS)', 'Grafenthal/Grafenthal__PR-3000-HS__snmp-ups__2.6.5__01.dev', (shown) => {
  assert.is(fact(shown, 'Power'), undefined);
  assert.is(shown.byId.powerWatts, null);
});

power.run();

const charge = suite('battery charge outside 0-100 % from real dumps');

for (const [file, sent] of [
  ['APC/APC__Back-UPS_RS_500__hidups__2.0.1__01.dev', '1000'],
  ['Cyber_Power_Systems/Cyber_Power_Systems__CP685AVR__usbhid-ups__2.0.4__01.dev', '120'],
  ['Riello/Riello__iDialog_800_IDG_800__riello_usb__2.7.1__01.dev', '255'],
  ['Powercom/Powercom__BNT-1500AP__powercom__2.4.3__01.dev', '-197.6'],
] as const) {
  onLibraryDump(charge, `draws no charge gauge for ${sent} % (${path.basename(file, '.dev')})`, file, (shown) => {
    assert.is(gauge(shown, 'Battery charge'), undefined);
    assert.is(shown.byId.batteryCharge, null);
  });
}

charge.run();

const load = suite('loads no UPS can report, from real dumps');

for (const [file, sent] of [
  ['APC/APC__Back-UPS_RS_500__hidups__2.0.1__01.dev', '520'],
  ['APC/APC__Back-UPS_CS_350__hidups__2.0.0__01.dev', '660'],
  ['Socomec_Sicon/Socomec_Sicon__NETYS_RT_1-1__snmp-ups__2.6.4__01.dev', '300.00'],
  ['Tripp_Lite/Tripp_Lite__UPS__usbhid-ups__2.6.5__01.dev', '255'],
  ['UPSonic/UPSonic__IRT1000__snmp-ups__2.2.1__01.dev', '562020.0'],
] as const) {
  onLibraryDump(load, `calls a load of ${sent} % no overload and draws no load gauge (${path.basename(file, '.dev')})`, file, (shown) => {
    assert.is(gauge(shown, 'Load'), undefined);
    assert.is(shown.byId.load, null);
    assert.not.ok(shown.byId.reason?.startsWith('Load'), shown.byId.reason ?? '');
    assert.is.not(shown.byId.severity, 'critical');
  });
}

load.run();

const transfer = suite('transfer points a UPS on mains has not acted on, from real dumps');

for (const file of [
  'APC/APC__Silcon_120kW_3-3__snmp-ups__2.1.0__01.dev',
  'Cyber_Power_Systems/Cyber_Power_Systems__PR3000E__powerpanel__2.2.2__01.dev',
  'PowerWalker/PowerWalker__Basic_VI_1000_SB__usbhid-ups__2.7.4__01.dev',
]) {
  onLibraryDump(transfer, `draws no input voltage warning for ${path.basename(file, '.dev')}, on mains far past its transfer points`, file, (shown) => {
    // The input finding would come first: it is made before the load's (the Silcon's 88 % is still high).
    assert.not.ok(shown.byId.reason?.startsWith('Input voltage'), shown.byId.reason ?? '');
    assert.is.not(shown.byId.severity, 'critical');
  });
}

onLibraryDump(transfer, 'warns for a Mecer ME-1000-WTU on mains a little below its low transfer point', 'Mecer/Mecer__ME-1000-WTU__nutdrv_qx__2.7.1__01.dev', (shown) => {
  assert.is(shown.byId.reason, 'Input voltage 211.9 V is below the transfer point (218 V)');
  assert.is(shown.byId.severity, 'warning');
});

transfer.run();

const devices = suite('devices that are not UPSes, from real dumps');

onLibraryDump(devices, 'calls an Eaton ePDU without a UPS status no fault', 'Eaton/Eaton__ePDU_Managed_Aphel__snmp-ups__2.6.1__01.dev', (shown) => {
  assert.is(shown.byId.state, 'No status (a PDU)');
  assert.is(shown.byId.severity, 'ok');
  assert.is(shown.byId.reason, null);
});

devices.run();

const lines = suite('input and output lines from real dumps');

onLibraryDump(lines, 'leaves out an input voltage of -6437 V (APC Back-UPS BR 800)', 'APC/APC__Back-UPS_BR_800__newhidups__2.0.3__01.dev', (shown) => {
  assert.is(fact(shown, 'Input'), undefined);
  assert.is(shown.byId.inputVoltage, null);
});

onLibraryDump(lines, 'leaves out an output voltage of -29733682 V (UPSonic IRT1000)', 'UPSonic/UPSonic__IRT1000__snmp-ups__2.2.1__01.dev', (shown) => {
  assert.not.match(fact(shown, 'Output')?.value ?? '', / V/);
  assert.is(shown.byId.outputVoltage, null);
});

onLibraryDump(lines, 'shows no 0 V input or output on mains (Tripp Lite SMART1300LCDT, OL)', 'Tripp_Lite/Tripp_Lite__SMART1300LCDT__usbhid-ups__2.6.4__01.dev', (shown) => {
  assert.not.match(fact(shown, 'Input')?.value ?? '', /\b0 V/);
  assert.not.match(fact(shown, 'Output')?.value ?? '', /\b0 V/);
  assert.is(shown.byId.inputVoltage, null);
  assert.is(shown.byId.outputVoltage, null);
});

onLibraryDump(lines, 'shows no 0 V 0 Hz output while the UPS feeds its load on bypass (Eaton 9SX)', 'Eaton/Eaton__9SX_5000i__usbhid-ups__2.7.2__01.dev', (shown) => {
  assert.is(fact(shown, 'Output')?.value, '1.1 A');
});

onLibraryDump(lines, 'keeps 0 V input on battery, where it is true (APC Smart-UPS 2200, OB)', 'APC/APC__Smart-UPS_2200__usbhid-ups__2.7.4__01.dev', (shown) => {
  assert.match(fact(shown, 'Input')?.value ?? '', /^0 V/);
  assert.is(shown.byId.inputVoltage, 0);
});

onLibraryDump(lines, 'keeps 0 V 0 Hz output with the output off, where it is true (Eaton 5SC 750, OFF)', 'Eaton/Eaton__5SC_750__usbhid-ups__2.7.2__01.dev', (shown) => {
  assert.is(fact(shown, 'Output')?.value, '0 V · 0 Hz · 0 A');
});

for (const [file, line, sent] of [
  ['Socomec_Sicon/Socomec_Sicon__NETYS_RT_1-1__snmp-ups__2.6.4__01.dev', 'Input', '2320'],
  ['MGE_UPS_SYSTEMS/MGE_UPS_SYSTEMS__Pulsar_1500__usbhid-ups__2.4.3__01.dev', 'Output', '41216'],
  ['Eaton/Eaton__Powerware_5130__usbhid-ups__2.4.3__02.dev', 'Output', '3946'],
  ['Tripp_Lite/Tripp_Lite__SMART1000LCD__usbhid-ups__2.6.3__02.dev', 'Output', '1222'],
] as const) {
  onLibraryDump(lines, `leaves out ${line.toLowerCase()} ${sent} V, over any UPS's line (${path.basename(file, '.dev')})`, file, (shown) => {
    assert.not.match(fact(shown, line)?.value ?? '', new RegExp(`\\b${sent}\\b`));
    assert.is(line === 'Input' ? shown.byId.inputVoltage : shown.byId.outputVoltage, null);
  });
}

for (const [file, sent] of [
  ['Tripp_Lite/Tripp_Lite__SMART1500LCDT__usbhid-ups__2.6.3__01.dev', '5990'],
  ['Liebert/Liebert__GXT2-1000RT230__liebert-esp2__2.4.3__01.dev', '5'],
  ['MGE_UPS_SYSTEMS/MGE_UPS_SYSTEMS__Comet_S31__mge-utalk__2.0.1__01.dev', '2000'],
  ['Cyber_Power_Systems/Cyber_Power_Systems__PR3000E__powerpanel__2.2.2__01.dev', '20'],
] as const) {
  onLibraryDump(lines, `shows no input at ${sent} Hz on mains (${path.basename(file, '.dev')})`, file, (shown) => {
    assert.not.match(fact(shown, 'Input')?.value ?? '', / Hz/);
  });
}

lines('shows the output current of a Tripp Lite SU6000RT4U (6000 VA)', () => {
  assert.match(fact(shownFor(bundled('Tripp_Lite/Tripp_Lite__SU6000RT4U__usbhid-ups__2.1.0__01.dev')), 'Output')?.value ?? '', /· 5\.1 A$/);
});

for (const [file, line, sent] of [
  ['Tripp_Lite/Tripp_Lite__SMART1300LCDT__usbhid-ups__2.6.4__01.dev', 'Output', '100'],
  ['MGE_UPS_SYSTEMS/MGE_UPS_SYSTEMS__Comet_S31__mge-utalk__2.0.1__01.dev', 'Output', '2700'],
  ['UPSonic/UPSonic__IRT1000__snmp-ups__2.2.1__01.dev', 'Input', '835406.4'],
] as const) {
  onLibraryDump(lines, `leaves out ${line.toLowerCase()} current ${sent} A, more than the UPS can carry (${path.basename(file, '.dev')})`, file, (shown) => {
    assert.not.match(fact(shown, line)?.value ?? '', / A\b/);
  });
}

lines.run();

const temperature = suite('temperatures from real dumps');

temperature('shows no battery at -272 °C (APC Back-UPS XS 1200)', () => {
  const shown = shownFor(bundled('APC/APC__Back-UPS_XS_1200__usbhid-ups__2.2.0__01.dev'));
  assert.is(fact(shown, 'Temperature'), undefined);
});

onLibraryDump(temperature, 'shows no battery at -213 °C (PiJuice HAT)', 'PiSupply/PiSupply__PiJuice_HAT__pijuice__2.8.3__01.dev', (shown) => {
  assert.is(fact(shown, 'Temperature'), undefined);
});

for (const [file, sent] of [
  ['APC/APC__Back-UPS_RS_800__newhidups__2.0.2__02.dev', '302'],
  ['Eaton/Eaton__9135_6000__usbhid-ups__2.4.1__01.dev', '294'],
  ['Riello/Riello__iDialog_800_IDG_800__riello_usb__2.7.1__01.dev', '255'],
  ['APC/APC__Back-UPS_RS_800__usbhid-ups__2.2.2__02.dev', '3022999999999999855'],
] as const) {
  onLibraryDump(temperature, `shows no temperature of ${sent} °C (${path.basename(file, '.dev')})`, file, (shown) => {
    assert.is(fact(shown, 'Temperature'), undefined);
  });
}

temperature.run();

const batteries = suite('battery voltages from real dumps');

batteries('shows a measured battery voltage with its nominal (APC Smart-UPS 1500, CyberPower CP1500AVRLCD)', () => {
  assert.match(fact(shownFor(bundled('APC/APC__Smart-UPS_1500__apcsmart__2.2.1__01.dev')), 'Battery')?.value ?? '', /^27\.4 V of 24 V/);
  assert.match(fact(shownFor(bundled('Cyber_Power_Systems/Cyber_Power_Systems__CP1500AVRLCD__usbhid-ups__2.4.3__01.dev')), 'Battery')?.value ?? '', /^13\.9 V of 12 V/);
});

for (const [file, shows] of [
  ['Tripp_Lite/Tripp_Lite__SMART1000LCD__newhidups__2.1.0__01.dev', '12 V nominal · PbAc'],
  ['Tripp_Lite/Tripp_Lite__SMART1500LCDT__usbhid-ups__2.6.3__01.dev', '24 V nominal · PbAC'],
  ['Tripp_Lite/Tripp_Lite__OMNI650LCD__newhidups__2.1.0__01.dev', '12 V nominal · PbAc'],
  ['Mini-Box.com/Mini-Box.Com__OPEN-UPS__usbhid-ups__2.6.5__02.dev', 'PBSO4-LiFePO'],
  ['Liebert/Liebert__GXT3__usbhid-ups__2.7.2.5__02.dev', 'PbAc'],
] as const) {
  onLibraryDump(batteries, `shows no battery at 0 V or 10,000,000 V: "${shows}" (${path.basename(file, '.dev')})`, file, (shown) => {
    assert.equal(fact(shown, 'Battery'), { label: 'Battery', value: shows, note: '' });
  });
}

batteries.run();

const phases = suite('phase tables from real dumps');

phases('draws no phase table of zeros for a single-phase Riello VSD3000', () => {
  assert.is(shownFor(bundled('Riello/Riello__VSD3000__riello_usb__2.6.5__01.dev')).card.phases, null);
});

phases('keeps the phase table of a three-phase Riello MPT60', () => {
  assert.equal(shownFor(bundled('Riello/Riello__MPT60__riello_ser__2.6.5__01.dev')).card.phases?.rows.map((row) => row.phase), ['L1', 'L2', 'L3']);
});

phases.run();

const metrics = suite('metrics from real dumps');

/** The metrics file's lines about `metric` for the UPS in `dumpFile`. */
function metricLines(dumpFile: string, metric: string): string[] {
  const snapshot = snapshotOf([{ name: 'rack', ups: [{ name: 'ups', vars: readDump(dumpFile) }] }]);
  const [file] = createMetricsOutput().build(outputContext(snapshot));
  return textOf(file?.content ?? '').split('\n').filter((line) => line.startsWith(`${metric}{`));
}

metrics('say what the card says: measured output.realpower, no battery at -272 °C', () => {
  assert.equal(metricLines(bundled('Huawei/Huawei__UPS2000-G-3KRTS__huawei-ups2000__2.7.4.1__01.dev'), 'upsview_ups_realpower_watts'), [
    'upsview_ups_realpower_watts{host="rack",ups="ups"} 200',
  ]);
  assert.equal(metricLines(bundled('APC/APC__Back-UPS_XS_1200__usbhid-ups__2.2.0__01.dev'), 'upsview_ups_battery_temperature_celsius'), []);
});

const SMART1300 = 'Tripp_Lite/Tripp_Lite__SMART1300LCDT__usbhid-ups__2.6.4__01.dev';
onLibraryDump(metrics, 'say what the card says: no 0 V input on mains (Tripp Lite SMART1300LCDT, OL)', SMART1300, () => {
  assert.equal(metricLines(library(SMART1300) as string, 'upsview_ups_input_voltage_volts'), []);
});

onLibraryDump(metrics, 'say what the card says: no output current of 100 A from a 1300 VA unit (Tripp Lite SMART1300LCDT)', SMART1300, () => {
  assert.equal(metricLines(library(SMART1300) as string, 'upsview_ups_output_current_amperes'), []);
});

const SMART1000 = 'Tripp_Lite/Tripp_Lite__SMART1000LCD__newhidups__2.1.0__01.dev';
onLibraryDump(metrics, 'say what the card says: no 0 V battery at 100 % (Tripp Lite SMART1000LCD)', SMART1000, () => {
  assert.equal(metricLines(library(SMART1000) as string, 'upsview_ups_battery_voltage_volts'), []);
  assert.equal(metricLines(library(SMART1000) as string, 'upsview_ups_battery_voltage_nominal_volts'), ['upsview_ups_battery_voltage_nominal_volts{host="rack",ups="ups"} 12']);
});

metrics.run();

if (notRun > 0) process.stdout.write(`\nskipped: ${notRun} tests on dumps of the full NUT Devices Dumps Library, which is not beside the repository\n`);
