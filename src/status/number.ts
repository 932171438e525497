// Numbers as upsd sends them, and the bounds past which a figure is a driver's misreading, not a
// measurement (reference §8: parse carefully; NUT docs/nut-names.txt for what each name means).

/** Values are decimal strings that may carry leading zeros ("023.4"); anything else is not a number. */
export function parseNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * A percentage of full (battery.charge and its marks): 0-100 by definition. Drivers that misread
 * send figures outside it (DDL: 1000 from hidups on an APC Back-UPS RS 500, 255 from riello_usb, 120
 * from CyberPower on usbhid-ups 2.4, -197.6 from powercom), which would draw as a full gauge.
 */
export const percentOfFull = (value: number | null) => (value !== null && value >= 0 && value <= 100 ? value : null);

/**
 * The coldest air ever measured on Earth was -89.2 °C: colder readings are misread Kelvin or raw
 * counts (DDL: battery -272 °C from APC Back-UPS XS 1200 on usbhid-ups, -213 °C from a PiJuice HAT).
 */
export const COLDEST_ON_EARTH = -89.2;

/**
 * No UPS runs at 100 °C: its battery fails and its electronics shut it down well before. Hotter
 * readings are kelvins (DDL: 294 and 302 from newhidups and usbhid-ups on APC Back-UPS and Eaton
 * units, 21-29 °C), a raw byte (255 from riello_usb on a Riello iDialog) or garbage (3.02e18 from
 * usbhid-ups on an APC Back-UPS RS 800).
 */
export const HOTTEST_UPS = 100;

/** A temperature variable (`ups.temperature`, `battery.temperature`, …) in °C; null when absent or not plausible. */
export function temperatureReading(vars: Readonly<Record<string, string>>, name: string): number | null {
  const value = parseNumber(vars[name]);
  return value !== null && value >= COLDEST_ON_EARTH && value < HOTTEST_UPS ? value : null;
}

/**
 * A UPS sheds its load within seconds past about 150 %, and reports no more than that while it
 * still runs: a higher ups.load is a misreading, not an overload (DDL, all on mains: 520 from
 * hidups on an APC Back-UPS RS 500, whose dump notes "is 52%", 410 and 660 on other Back-UPS, 300
 * from snmp-ups on a Socomec NETYS, 255 from usbhid-ups on a Tripp Lite, 562020 on a UPSonic
 * IRT1000, 2.3e196 on a Back-UPS RS 900). Read as critical overloads, each was a false alarm.
 */
export const MOST_LOAD = 200;

/** A load in percent; null when absent or not a load a UPS can report. */
export const loadReading = (value: number | null) => (value !== null && value >= 0 && value <= MOST_LOAD ? value : null);
