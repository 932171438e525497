// Pure line framing: feed it socket chunks of any size, get whole lines back.
// upsd ends every line with a bare LF (docs/net-protocol.txt); a CR before it is dropped for
// servers and proxies that send CRLF. Lines are decoded as UTF-8 only once complete, so a
// multi-byte character split across chunks survives; invalid bytes become U+FFFD.

import { NutProtocolError } from '../errors.ts';

const LF = 0x0a;
const CR = 0x0d;

export interface LineSplitter {
  /** Returns the lines completed by this chunk; throws NutProtocolError once a line grows past the limit. */
  push(chunk: Uint8Array): string[];
  /** Bytes received after the last LF (a line still in progress). */
  readonly pendingBytes: number;
}

export function createLineSplitter(maxLineBytes: number): LineSplitter {
  let pending: Buffer[] = [];
  let pendingBytes = 0;

  function take(tail: Uint8Array): string {
    const bytes = pending.length === 0 ? Buffer.from(tail) : Buffer.concat([...pending, tail]);
    pending = [];
    pendingBytes = 0;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    return bytes.toString('utf8', 0, end);
  }

  function tooLong(): never {
    throw new NutProtocolError(`reply line longer than ${maxLineBytes} bytes`);
  }

  return {
    get pendingBytes() {
      return pendingBytes;
    },
    push(chunk) {
      const lines: string[] = [];
      let start = 0;
      for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, start)) {
        if (pendingBytes + at - start > maxLineBytes) tooLong();
        lines.push(take(chunk.subarray(start, at)));
        start = at + 1;
      }
      if (start < chunk.length) {
        pendingBytes += chunk.length - start;
        if (pendingBytes > maxLineBytes) tooLong();
        pending.push(Buffer.from(chunk.subarray(start)));
      }
      return lines;
    },
  };
}
