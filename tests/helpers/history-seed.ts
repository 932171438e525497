// Writes a store as 30 days of a job at a 30 s schedule would leave it (5-minute rollups for every
// day, raw samples for the last day, a state file), in the documented format, so the page, the
// browser and the bench can start from a month of history without living through it.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DAY, FIVE_MINUTES, HOUR, floorTo, mergeBuckets, noStats, setStat, statAt, type Bucket } from '../../src/history/bucket.ts';
import { emptyHistory, monthOf } from '../../src/history/model.ts';
import { dayOf } from '../../src/history/paths.ts';
import { rowLine, sampleLine } from '../../src/history/records.ts';
import { METRICS, type Metric } from '../../src/history/sample.ts';
import { stateJson } from '../../src/history/state-file.ts';
import { upsKey } from '../../src/snapshot/events.ts';

export interface SeedUps {
  host: string;
  ups: string;
}

/** Readings that move a little through the day, as real ones do. */
function readings(t: number, index: number): Record<Metric, number> {
  const hour = (t / 3_600_000) % 24;
  const wave = Math.sin((hour / 24) * 2 * Math.PI + index);
  return {
    charge: 100,
    runtime: 1800 - index * 120,
    load: Math.round(22 + 6 * wave + index * 5),
    inputVoltage: Math.round(230 + 3 * wave + ((t / FIVE_MINUTES) % 3)),
    outputVoltage: 230,
    power: 80 + index * 20 + Math.round(20 * wave),
    temperature: 30,
  };
}

function bucketAt(t: number, index: number): Bucket {
  const values = readings(t, index);
  const spreads: Record<Metric, number> = { charge: 0, runtime: 0, load: 2, inputVoltage: 1, outputVoltage: 0, power: 3, temperature: 0 };
  const stats = noStats();
  for (const metric of METRICS) setStat(stats, statAt(metric), values[metric] - spreads[metric], values[metric] + spreads[metric], values[metric] * 10, 10);
  return {
    t,
    samples: 10,
    monitoredSeconds: 300,
    onBatterySeconds: 0,
    wh: (values.power * 300) / 3600,
    powerEstimated: index % 2 === 1,
    stats,
  };
}

/**
 * Seeds `dataDir` with history from `start` up to (not including) `end`. `startUpOnly`: only what
 * start-up reads (hourly rows, the 5-minute rows of the last two days, no raw samples), for a site
 * of hundreds of UPSes, whose whole store would be gigabytes.
 */
export async function seedStore(dataDir: string, units: readonly SeedUps[], start: number, end: number, startUpOnly = false): Promise<void> {
  const rowsFrom = startUpOnly ? floorTo(end - DAY, DAY) : start;
  const rollups = new Map<string, string[]>();
  const hours = new Map<string, { unit: SeedUps; bucket: Bucket }>();
  const months: Record<string, Record<string, number>> = {};
  const samples = new Map<string, string[]>();
  for (let t = start; t < end; t += FIVE_MINUTES) {
    units.forEach((unit, index) => {
      const lines = rollups.get(dayOf(t)) ?? [];
      const bucket = bucketAt(t, index);
      if (t >= rowsFrom) lines.push(rowLine({ ...unit, bucket }));
      const hourKey = `${upsKey(unit.host, unit.ups)} ${floorTo(t, HOUR)}`;
      const hour = hours.get(hourKey);
      hours.set(hourKey, { unit, bucket: hour ? mergeBuckets(hour.bucket, bucket) : { ...bucket, t: floorTo(t, HOUR) } });
      const unitMonths = (months[upsKey(unit.host, unit.ups)] ??= {});
      unitMonths[monthOf(t)] = (unitMonths[monthOf(t)] ?? 0) + bucket.wh;
      rollups.set(dayOf(t), lines);
    });
  }
  for (let t = Math.max(start, end - DAY); t < end && !startUpOnly; t += 30_000) {
    units.forEach((unit, index) => {
      const lines = samples.get(dayOf(t)) ?? [];
      lines.push(sampleLine({ t, ...unit, status: 'OL', onBattery: false, powerEstimated: index % 2 === 1, values: readings(t, index) }));
      samples.set(dayOf(t), lines);
    });
  }
  await mkdir(path.join(dataDir, 'rollups'), { recursive: true });
  await mkdir(path.join(dataDir, 'samples'), { recursive: true });
  await mkdir(path.join(dataDir, 'hourly'), { recursive: true });
  // Hourly rollups of every complete hour, as the job writes them when an hour ends.
  const through = floorTo(end - 30_000, HOUR);
  const hourly = new Map<string, string[]>();
  for (const { unit, bucket } of hours.values()) {
    if (bucket.t >= through) continue;
    const lines = hourly.get(dayOf(bucket.t)) ?? [];
    lines.push(rowLine({ ...unit, bucket }));
    hourly.set(dayOf(bucket.t), lines);
  }
  for (const [day, lines] of hourly) await writeFile(path.join(dataDir, 'hourly', `${day}.jsonl`), `${lines.join('\n')}\n`);
  for (const [day, lines] of rollups) if (lines.length > 0) await writeFile(path.join(dataDir, 'rollups', `${day}.jsonl`), `${lines.join('\n')}\n`);
  for (const [day, lines] of samples) await writeFile(path.join(dataDir, 'samples', `${day}.jsonl`), `${lines.join('\n')}\n`);
  const at = new Date(end - 30_000).toISOString();
  const history = { ...emptyHistory(new Date(start).toISOString()), energyMonths: months, hourlyThrough: through };
  history.track.lastCycleAt = at;
  for (const unit of units) {
    history.track.hosts[unit.host] = { downSince: null };
    history.track.ups[upsKey(unit.host, unit.ups)] = { ...unit, present: true, lostSince: null, seenAt: at, batterySince: null, lowestCharge: null, lowestRuntimeSeconds: null, flags: [], alarm: '', testResult: null };
  }
  await writeFile(path.join(dataDir, 'state.json'), stateJson(history, at, 0).join(''));
}
