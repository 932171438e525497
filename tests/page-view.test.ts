import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { emptyHistory } from '../src/history/model.ts';
import { historyView } from '../src/history/view.ts';
import { cardHistory, cardKey } from '../src/outputs/page/card-reuse.ts';
import type { UpsView } from '../src/outputs/page/ups-card.ts';
import { buildPageView, cardView, type HostView, type PageView } from '../src/outputs/page/view-model.ts';
import { NOW, onMains, snapshotOf, type FakeHost } from './helpers/page-snapshot.ts';

/** The page view with every card's view built, as the renderer builds them one at a time. */
const view = (hosts: readonly FakeHost[], intervalSeconds = 30): PageView & { hosts: (HostView & { ups: UpsView[] })[] } => {
  const snapshot = snapshotOf(hosts, undefined, intervalSeconds);
  const page = buildPageView(snapshot, { refreshSeconds: intervalSeconds, css: '', history: historyView(emptyHistory(), snapshot) });
  return { ...page, hosts: page.hosts.map((host) => ({ ...host, ups: host.cards.map((card) => cardView(card, cardHistory(cardKey(card)))) })) };
};

const summary = suite('page summary');

summary('says all UPSes are on mains power when all is well', () => {
  const page = view([{ name: 'a', ups: [{ name: 'nas', vars: onMains() }, { name: 'web', vars: onMains() }, { name: 'db', vars: onMains() }] }]);
  assert.is(page.summary.headline, 'All 3 UPSes on mains power');
  assert.is(page.summary.severity, 'ok');
  assert.is(page.summary.scope, '3 UPSes on 1 host');
  assert.equal(page.summary.problems, []);
  assert.is(page.documentTitle, 'All 3 UPSes on mains power · UPS status');
});

summary('names a single UPS', () => {
  const page = view([{ name: 'a', ups: [{ name: 'nas', vars: onMains() }] }]);
  assert.is(page.summary.headline, 'nas on mains power');
  assert.is(page.layout, 'single');
});

summary('puts a UPS on battery first, with its runtime', () => {
  const page = view([
    { name: 'a', ups: [{ name: 'web', vars: onMains({ 'ups.status': 'OL RB' }) }, { name: 'nas', vars: { 'ups.status': 'OB DISCHRG', 'battery.runtime': '720' } }] },
  ]);
  assert.is(page.summary.headline, 'nas on battery — about 12 min left');
  assert.is(page.summary.severity, 'warning');
  assert.is(page.documentTitle, 'Warning: nas on battery — about 12 min left · UPS status');
  assert.equal(
    page.summary.problems.map((problem) => `${problem.subject}: ${problem.text}`),
    ['web: battery needs replacing', 'nas: on battery'],
  );
});

summary('gives the shortest runtime when several UPSes are on battery', () => {
  const ob = (runtime: string) => ({ 'ups.status': 'OB', 'battery.runtime': runtime });
  const page = view([{ name: 'a', ups: [{ name: 'x', vars: ob('1800') }, { name: 'y', vars: ob('600') }] }]);
  assert.is(page.summary.headline, 'x and y on battery — shortest about 10 min left');
});

summary('leads with the worst problem and counts the rest', () => {
  const page = view([
    { name: 'a', ups: [{ name: 'hot', vars: onMains({ 'ups.load': '85' }) }, { name: 'over', vars: onMains({ 'ups.status': 'OL OVER' }) }] },
  ]);
  assert.is(page.summary.severity, 'critical');
  assert.is(page.summary.headline, 'over: overloaded (and 1 more problem)');
  assert.equal(page.summary.problems.map((problem) => problem.severity), ['critical', 'warning']);
});

summary('lists a host that could not be polled, once, linked to its section', () => {
  const page = view([
    { name: 'a', ups: [{ name: 'nas', vars: onMains() }] },
    { name: 'lab', error: { code: 'CONNECTION-REFUSED', message: '127.0.0.1:9: ECONNREFUSED' } },
  ]);
  assert.is(page.summary.severity, 'warning');
  assert.is(page.summary.scope, '1 UPS on 2 hosts (1 not reachable)');
  assert.equal(page.summary.problems, [
    {
      severity: 'warning',
      host: 'lab',
      ups: null,
      href: '#host-2',
      subject: 'Host lab',
      text: 'could not be polled — nothing is listening: upsd is not running or the port is wrong',
    },
  ]);
  assert.is(page.hosts[0]?.name, 'lab', 'the host with a problem comes first');
});

summary('a host that answered but lists no UPS is a problem of that host, not a calm page', () => {
  const page = view([{ name: 'a', ups: [] }]);
  assert.is(page.summary.headline, 'Host a: upsd lists no UPS — check ups.conf on that host and that its drivers run');
  assert.is(page.summary.severity, 'warning');
  assert.is(page.hosts[0]?.severity, 'warning');
  assert.is(page.hosts[0]?.empty, 'upsd lists no UPS on this host.');
});

summary('says a stopped driver in words', () => {
  const page = view([{ name: 'a', ups: [{ name: 'spare', vars: null }] }]);
  assert.is(page.summary.problems[0]?.text, 'the UPS driver is not running, so upsd has no data for it');
  assert.is(page.hosts[0]?.ups[0]?.problem, 'The UPS driver is not running, so upsd has no data for it. No data yet.');
  assert.is(page.hosts[0]?.ups[0]?.state, 'No data');
});

summary('marks the page stale after three of the job\'s intervals', () => {
  const page = view([{ name: 'a', ups: [{ name: 'nas', vars: onMains() }] }], 60);
  assert.is(page.staleAfter, new Date(NOW.getTime() + 180_000).toISOString());
  assert.match(page.staleNote, /renewed every 1 min,/);
  assert.is(page.generatedText, '2026-11-25 08:46:12 UTC');
  assert.is(page.generatedAt, NOW.toISOString());
});

summary.run();

const cards = suite('UPS cards');

cards('come problems first within a host, configured order among equals', () => {
  const page = view([
    { name: 'a', ups: [{ name: 'one', vars: onMains() }, { name: 'two', vars: onMains({ 'ups.status': 'OL RB' }) }, { name: 'three', vars: onMains() }] },
  ]);
  assert.equal(page.hosts[0]?.ups.map((ups) => ups.name), ['two', 'one', 'three']);
  assert.equal(page.hosts[0]?.ups.map((ups) => ups.id), ['a_two', 'a_one', 'a_three'], 'each card anchored by its stable id');
});

cards('draw charge and load gauges with marks at the thresholds', () => {
  const vars = onMains({ 'battery.charge': '45', 'battery.charge.low': '10', 'battery.charge.warning': '50', 'ups.load': '18' });
  const [charge, load] = view([{ name: 'a', ups: [{ name: 'u', vars }] }]).hosts[0]?.ups[0]?.gauges ?? [];
  assert.equal(charge?.marks.map((mark) => mark.title), ['low mark 10 %', 'warning mark 50 %']);
  assert.is(charge?.severity, 'warning');
  assert.is(charge?.aria, 'Battery charge 45 % (getting low); low mark 10 %, warning mark 50 %');
  assert.is(charge?.marksText, 'low 10 % · warning 50 %');
  assert.is(load?.value, '18 %');
  assert.equal(load?.marks.map((mark) => mark.at), [80]);
});

cards('clamps the bar but keeps the real value', () => {
  const [, load] = view([{ name: 'a', ups: [{ name: 'u', vars: onMains({ 'ups.load': '135' }) }] }]).hosts[0]?.ups[0]?.gauges ?? [];
  assert.equal([load?.fill, load?.ariaNow, load?.value, load?.note, load?.severity], [100, '100', '135 %', 'overload', 'critical']);
});

cards('show runtime in hours and minutes, and say when the driver fakes it', () => {
  const runtime = (vars: Record<string, string>) => view([{ name: 'a', ups: [{ name: 'u', vars }] }]).hosts[0]?.ups[0]?.runtime;
  assert.equal(runtime(onMains({ 'battery.runtime': '19620', 'battery.runtime.low': '120' })), {
    label: 'Runtime',
    value: '5 h 27 min',
    note: 'low mark 2 min',
    live: false,
  });
  assert.equal(runtime({ 'ups.status': 'OB', 'battery.runtime': '720' }), { label: 'Time left', value: '12 min', note: '', live: true });
  assert.is(runtime(onMains({ 'battery.runtime': '65535' }))?.value, 'unknown');
  assert.match(runtime(onMains({ 'battery.runtime': '0' }))?.note ?? '', /known to fake/);
});

cards('mark estimated watts as an estimate and measured ones as measured', () => {
  const power = (vars: Record<string, string>) =>
    view([{ name: 'a', ups: [{ name: 'u', vars }] }]).hosts[0]?.ups[0]?.facts.find((fact) => fact.label === 'Power');
  assert.equal(power(onMains({ 'ups.load': '18', 'ups.realpower.nominal': '600' })), { label: 'Power', value: '≈ 108 W', note: 'estimate: 18 % of 600 W' });
  assert.equal(power(onMains({ 'ups.load': '26', 'ups.power.nominal': '800' }))?.note, 'estimate: 26 % of 800 VA');
  assert.equal(power(onMains({ 'ups.realpower': '420' })), { label: 'Power', value: '420 W', note: 'measured' });
});

cards('show input, output, temperature, battery date and self-test', () => {
  const vars = onMains({
    'input.voltage': '122.0', 'input.frequency': '60', 'input.transfer.low': '88', 'input.transfer.high': '144',
    'output.voltage': '120', 'ups.temperature': '24.6', 'battery.date': '2001/09/25', 'ups.test.result': 'Done and passed',
  });
  const facts = Object.fromEntries((view([{ name: 'a', ups: [{ name: 'u', vars }] }]).hosts[0]?.ups[0]?.facts ?? []).map((f) => [f.label, f]));
  assert.equal(facts.Input, { label: 'Input', value: '122 V · 60 Hz', note: 'goes to battery below 88 V or above 144 V' });
  assert.is(facts.Output?.value, '120 V');
  assert.is(facts.Temperature?.value, 'UPS 24.6 °C');
  assert.equal(facts['Battery date'], { label: 'Battery date', value: 'installed 2001/09/25', note: 'looks like a factory default, never set' });
  assert.is(facts['Self-test']?.value, 'Done and passed');
});

cards('show per-phase figures for a three-phase UPS', () => {
  const vars = onMains({
    'input.L1-N.voltage': '230', 'input.L2-N.voltage': '232', 'input.L3-N.voltage': '231',
    'output.L1-N.voltage': '230', 'output.L2-N.voltage': '229', 'output.L3-N.voltage': '228',
    'ups.L1.load': '40', 'output.L2.power.percent': '90', 'output.L3.power.percent': '12',
  });
  const phases = view([{ name: 'a', ups: [{ name: 'u', vars }] }]).hosts[0]?.ups[0]?.phases;
  assert.equal(phases, {
    columns: ['Input', 'Output', 'Load'],
    rows: [
      { phase: 'L1', cells: ['230 V', '230 V', '40 %'] },
      { phase: 'L2', cells: ['232 V', '229 V', '90 %'] },
      { phase: 'L3', cells: ['231 V', '228 V', '12 %'] },
    ],
  });
  assert.is(view([{ name: 'a', ups: [{ name: 'u', vars: onMains() }] }]).hosts[0]?.ups[0]?.phases, null);
});

cards('show the alarm text and keep the flag chips, unknown ones too', () => {
  const card = view([{ name: 'a', ups: [{ name: 'u', vars: { 'ups.status': 'ALARM OL ZAP', 'ups.alarm': '[Fan failure!]' } }] }]).hosts[0]?.ups[0];
  assert.is(card?.alarm, '[Fan failure!]');
  assert.is(card?.state, 'On mains power, alarm active');
  assert.equal(card?.flags.map((flag) => [flag.token, flag.label]), [['OL', 'On mains power'], ['ALARM', 'Alarm active'], ['ZAP', '']]);
  assert.equal(card?.reasons, [], 'the alarm is not repeated as a reason');
});

cards('call a UPS without ups.status unknown and still show its figures', () => {
  const card = view([{ name: 'a', ups: [{ name: 'u', vars: { 'battery.charge': '80', 'ups.load': '10' } }] }]).hosts[0]?.ups[0];
  assert.is(card?.state, 'Status unknown');
  assert.is(card?.severity, 'warning');
  assert.equal(card?.reasons, ['The UPS reports no status']);
  assert.equal(card?.gauges.map((gauge) => gauge.value), ['80 %', '10 %']);
});

cards.run();

const vars = suite('all variables');

vars('are grouped by prefix with units and upsd descriptions', () => {
  const page = view([
    {
      name: 'a',
      descriptions: { 'battery.charge': 'Battery charge (percent of full)' },
      ups: [{ name: 'u', vars: { 'ups.status': 'OL', 'battery.charge': '96', 'outlet.10.desc': 'B', 'outlet.2.desc': 'A', 'server.x': '1', 'driver.name': 'usbhid-ups', 'input.voltage': '230' } }],
    },
  ]);
  const card = page.hosts[0]?.ups[0];
  assert.equal(card?.groups.map((group) => group.title), ['Battery', 'Input', 'UPS', 'Driver', 'Outlets', 'Other']);
  assert.equal(card?.groups[0]?.rows, [{ name: 'battery.charge', value: '96 %', description: 'Battery charge (percent of full)' }]);
  assert.equal(card?.groups[4]?.rows.map((row) => row.name), ['outlet.2.desc', 'outlet.10.desc']);
  assert.is(card?.varCount, 7);
});

vars('mark a faked runtime as unreliable', () => {
  const card = view([{ name: 'a', ups: [{ name: 'u', vars: onMains({ 'battery.runtime': '65535' }) }] }]).hosts[0]?.ups[0];
  const row = card?.groups.flatMap((group) => group.rows).find((r) => r.name === 'battery.runtime');
  assert.is(row?.value, '65535 s (18 h 12 min), unreliable');
});

vars('show each UPS its own values, those of the cycle, when the names are the same', () => {
  const names = (charge: string, voltage: string) => ({ 'ups.status': 'OL', 'battery.charge': charge, 'input.voltage': voltage });
  const values = (card: UpsView | undefined) => card?.groups.flatMap((group) => group.rows.map((row) => row.value));
  const first = view([{ name: 'a', ups: [{ name: 'u', vars: names('96', '230') }, { name: 'v', vars: names('40', '231') }] }]);
  assert.equal(values(first.hosts[0]?.ups[0]), ['96 %', '230 V', 'OL']);
  assert.equal(values(first.hosts[0]?.ups[1]), ['40 %', '231 V', 'OL']);
  const next = view([{ name: 'a', ups: [{ name: 'u', vars: names('97', '229') }] }]);
  assert.equal(values(next.hosts[0]?.ups[0]), ['97 %', '229 V', 'OL']);
  const none = view([{ name: 'a', ups: [{ name: 'u', vars: {} }] }]).hosts[0]?.ups[0];
  assert.equal(none?.groups, []);
  assert.is(none?.varCount, 0);
});

vars.run();

const headline = suite('headline');

headline('adds a worse problem elsewhere to the battery news', () => {
  const page = view([
    { name: 'a', ups: [{ name: 'nas', vars: { 'ups.status': 'OB DISCHRG', 'battery.runtime': '720' } }, { name: 'web', vars: onMains({ 'ups.status': 'OL OVER' }) }] },
  ]);
  assert.is(page.summary.headline, 'nas on battery — about 12 min left; web: overloaded');
});

headline('ignores transfer points a driver sends as 0', () => {
  const page = view([{ name: 'a', ups: [{ name: 'u', vars: onMains({ 'input.voltage': '121', 'input.transfer.high': '0', 'input.transfer.low': '0' }) }] }]);
  assert.is(page.summary.severity, 'ok');
});

headline('leads with a forced shutdown, which is not the same as on battery', () => {
  const page = view([{ name: 'a', ups: [{ name: 'nas', vars: { 'ups.status': 'FSD OL' } }, { name: 'web', vars: onMains() }] }]);
  assert.is(page.summary.headline, 'nas: forced shutdown');
  assert.is(page.summary.severity, 'critical');
});

headline.run();

const crowded = suite('many UPSes');

crowded('keep calm cards compact and problem cards whole', () => {
  const ups = Array.from({ length: 12 }, (_, i) => ({ name: `u${i}`, vars: onMains(i === 5 ? { 'ups.status': 'OL RB' } : {}) }));
  const cards = view([{ name: 'a', ups }]).hosts[0]?.ups ?? [];
  assert.equal(cards.filter((card) => !card.compact).map((card) => card.name), ['u5']);
  assert.is(cards[1]?.detailsTitle, 'Figures, history and all 2 variables');
  assert.is(cards.find((card) => card.name === 'u5')?.detailsTitle, 'History and all 2 variables');
  // The overview stays light: every history goes with the variables, on their page.
  assert.equal(cards.filter((card) => card.historyOnCard), []);
  // Charts only for the card that needs a look: 576 UPSes would otherwise make a page of megabytes.
  assert.equal(cards.filter((card) => card.history?.charts).map((card) => card.name), ['u5']);
  assert.equal(cards[1]?.history?.day, []);
  assert.is(view([{ name: 'a', ups: ups.slice(0, 3) }]).hosts[0]?.ups.some((card) => card.compact), false);
});

crowded.run();
