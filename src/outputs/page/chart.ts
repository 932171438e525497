// Pure: SVG geometry for the history charts, drawn when the page is generated so they work with
// scripts off and as a saved file. The template only places these strings. Coordinates are
// whole units of a 100-high viewBox stretched to the chart's box; a run of equal values is one
// horizontal segment and a slot without data breaks the line, so a gap shows as a gap.

export const CHART_HEIGHT = 100;

export interface Scale {
  low: number;
  high: number;
}

export interface Span {
  x: number;
  width: number;
}

/**
 * Round bounds a reader can take in: charge and load 0-100, other figures padded to a step.
 * `extent`: the lowest and highest figure to show, null without any.
 */
export function scaleFor(extent: Scale | null, fixed: Scale | null, step: number): Scale | null {
  if (fixed) return fixed;
  if (!extent) return null;
  const low = Math.floor(extent.low / step) * step;
  const high = Math.ceil(extent.high / step) * step;
  return high > low ? { low, high } : { low: low - step, high: high + step };
}

export const yOf = (value: number, scale: Scale) =>
  Math.round(CHART_HEIGHT - ((Math.min(Math.max(value, scale.low), scale.high) - scale.low) / (scale.high - scale.low)) * CHART_HEIGHT);

/** Runs of consecutive slots with a value, as [first, last] index pairs. */
export function runs(values: readonly (number | null)[]): [number, number][] {
  const found: [number, number][] = [];
  let start = -1;
  values.forEach((value, i) => {
    if (value !== null && start === -1) start = i;
    if (value === null && start !== -1) {
      found.push([start, i - 1]);
      start = -1;
    }
  });
  if (start !== -1) found.push([start, values.length - 1]);
  return found;
}

/** A polyline through the slots' centres, `width` units apart; a slot without a value breaks it. */
export function linePath(values: readonly (number | null)[], scale: Scale, width: number): string {
  const parts: string[] = [];
  for (const [first, last] of runs(values)) {
    let y = yOf(values[first] as number, scale);
    let x = first * width;
    parts.push(`M${x} ${y}`);
    if (first === last) parts.push(`h${width}`);
    for (let i = first + 1; i <= last; i++) {
      const next = yOf(values[i] as number, scale);
      const nextX = i * width;
      // Equal heights in a row become one horizontal stretch ending at the run's last slot.
      if (next === y && i < last && yOf(values[i + 1] as number, scale) === y) continue;
      parts.push(next === y ? `H${nextX}` : `L${nextX} ${next}`);
      x = nextX;
      y = next;
    }
  }
  return parts.join('');
}

/** A closed band from max (left to right) back along min, per run of slots with data. */
export function bandPath(min: readonly (number | null)[], max: readonly (number | null)[], scale: Scale, width: number): string {
  const parts: string[] = [];
  for (const [first, last] of runs(max)) {
    const top: string[] = [];
    const bottom: string[] = [];
    for (let i = first; i <= last; i++) {
      const x = i * width + width / 2;
      top.push(`${x} ${yOf(max[i] as number, scale)}`);
      bottom.unshift(`${x} ${yOf(min[i] ?? (max[i] as number), scale)}`);
    }
    // One slot alone: widen it to the slot so it is seen.
    if (first === last) {
      const x = first * width;
      parts.push(`M${x} ${yOf(max[first] as number, scale)}h${width}V${yOf(min[first] ?? (max[first] as number), scale)}h-${width}Z`);
    } else parts.push(`M${top.join('L')}L${bottom.join('L')}Z`);
  }
  return parts.join('');
}

/** Time spans (ms) as x ranges of a chart that starts at `start` with `width` units per `step` ms. */
export function spansOf(periods: readonly { start: number; end: number }[], start: number, step: number, width: number, slots: number): Span[] {
  const right = slots * width;
  const xOf = (t: number) => ((t - start) / step) * width;
  return periods
    .filter((period) => xOf(period.end) >= 0 && xOf(period.start) < right)
    .map((period) => {
      const x = Math.max(0, xOf(period.start));
      const end = Math.min(right, xOf(period.end));
      // A short outage stays visible as a hairline.
      return { x: Math.round(x * 10) / 10, width: Math.max(0.5, Math.round((end - x) * 10) / 10) };
    });
}

/** Slots without data as spans: where the chart knows nothing. */
export function gapSpans(covered: readonly boolean[], width: number): Span[] {
  return runs(covered.map((has) => (has ? null : 1))).map(([first, last]) => ({ x: first * width, width: (last - first + 1) * width }));
}
