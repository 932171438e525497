import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { HostPoll } from '../src/poll/poll-all.ts';
import { buildSnapshot } from '../src/snapshot/build.ts';
import { SCHEMA_VERSION, type Snapshot } from '../src/snapshot/types.ts';

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-01T00:00:30Z');
const ok = (vars: Record<string, string>, name = 'ups'): HostPoll['ups'][number] => ({ name, description: '', vars, error: null });
const host = (ups: HostPoll['ups'], error: HostPoll['error'] = null): HostPoll => ({
  name: 'nas',
  address: 'nas:3493',
  error,
  ups,
  listed: error ? [] : ups.map((unit) => unit.name),
  chosen: false,
  learned: new Map(),
});

function build(polls: HostPoll[], previous: Snapshot | null = null, now = T0): Snapshot {
  return buildSnapshot({ title: 'T', polls, previous, now, descriptions: new Map(), cadenceSeconds: 30 });
}

const snap = suite('buildSnapshot');

snap('carries the schema version, time, and every variable untouched', () => {
  const vars = { 'ups.status': 'OL', 'battery.charge': '095', 'x.y': ' spaced ' };
  const s = build([host([ok(vars)])]);
  assert.is(s.schemaVersion, SCHEMA_VERSION);
  assert.is(s.generatedAt, '2026-01-01T00:00:00.000Z');
  const ups = s.hosts[0]?.ups[0];
  assert.equal({ ...ups?.vars }, vars);
  assert.is(ups?.metrics?.batteryCharge, 95, 'derived values live beside vars');
  assert.is(ups?.stale, false);
  assert.is(ups?.lastSuccessAt, T0.toISOString());
});

snap('a host that fails keeps its last good values, marked stale with their time', () => {
  const first = build([host([ok({ 'ups.status': 'OL', 'battery.charge': '100' })])]);
  const down = build([host([], { code: 'CONNECTION-REFUSED', message: 'nas:3493: ECONNREFUSED' })], first, T1);
  const ups = down.hosts[0]?.ups[0];
  assert.is(ups?.vars['battery.charge'], '100');
  assert.is(ups?.stale, true);
  assert.is(ups?.lastSuccessAt, T0.toISOString());
  assert.is(ups?.error?.code, 'CONNECTION-REFUSED');
  assert.is(down.hosts[0]?.lastSuccessAt, T0.toISOString());
  assert.equal(down.summary.hostsDown, ['nas']);
  assert.is.not(down.summary.severity, 'ok', 'stale data is never "all fine"');
  assert.equal(ups?.reasons, ['Nothing is listening: upsd is not running or the port is wrong'], 'the reason in words, not the socket\'s text');
});

snap('a UPS that fails keeps its last good values; recovery clears the mark', () => {
  const first = build([host([ok({ 'ups.status': 'OL' })])]);
  const failed = build([host([{ name: 'ups', description: '', vars: null, error: { code: 'DATA-STALE', message: 'stale' } }])], first, T1);
  assert.is(failed.hosts[0]?.ups[0]?.stale, true);
  assert.is(failed.hosts[0]?.ups[0]?.vars['ups.status'], 'OL');
  assert.is(failed.hosts[0]?.ups[0]?.severity, 'warning');
  const back = build([host([ok({ 'ups.status': 'OL' })])], failed, T1);
  assert.is(back.hosts[0]?.ups[0]?.stale, false);
  assert.is(back.hosts[0]?.ups[0]?.error, null);
});

snap('a UPS that upsd stops listing is reported as gone, not dropped', () => {
  const first = build([host([ok({ 'ups.status': 'OL' }, 'a'), ok({ 'ups.status': 'OL' }, 'b')])]);
  const next = build([host([ok({ 'ups.status': 'OL' }, 'a')])], first, T1);
  const gone = next.hosts[0]?.ups.find((ups) => ups.name === 'b');
  assert.is(gone?.gone, true);
  assert.is(gone?.error?.code, 'GONE');
  assert.is(gone?.stale, true);
});

snap('the headline says all is well only when it is', () => {
  const fine = build([host([ok({ 'ups.status': 'OL' }, 'a'), ok({ 'ups.status': 'OL CHRG' }, 'b')])]);
  assert.is(fine.summary.headline, 'All 2 UPSes on mains power');
  assert.is(fine.summary.severity, 'ok');
  assert.equal(fine.summary.problems, []);
  const battery = build([host([ok({ 'ups.status': 'OB DISCHRG', 'battery.runtime': '720' }, 'NAS UPS')])]);
  assert.is(battery.summary.headline, 'NAS UPS on battery — about 12 min left');
  assert.is(battery.summary.severity, 'warning');
  assert.equal(battery.summary.problems.map((problem) => [problem.ups, problem.text]), [['NAS UPS', 'on battery']]);
});

snap('an error keeps the time it began while it lasts, and clears on recovery', () => {
  const T2 = new Date('2026-01-01T00:05:00Z');
  const refused = { code: 'CONNECTION-REFUSED', message: 'refused' };
  const first = build([host([ok({ 'ups.status': 'OL' })])]);
  assert.is(first.hosts[0]?.errorSince, null);
  const down1 = build([host([], refused)], first, T1);
  const down2 = build([host([], { code: 'TIMEOUT', message: 'slow' })], down1, T2);
  assert.is(down2.hosts[0]?.errorSince, T1.toISOString(), 'a host down since T1 stays down since T1');
  assert.is(down2.hosts[0]?.ups[0]?.errorSince, T1.toISOString());
  const back = build([host([ok({ 'ups.status': 'OL' })])], down2, T2);
  assert.is(back.hosts[0]?.errorSince, null);
  assert.is(back.hosts[0]?.ups[0]?.errorSince, null);
});

snap.run();
