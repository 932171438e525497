// Pure line framing: feed it socket chunks of any size, get whole lines back.
// upsd ends every line with a bare LF (docs/net-protocol.txt); a CR before it is dropped for
// servers and proxies that send CRLF. A StringDecoder keeps a multi-byte character that is split
// across chunks intact; invalid bytes become U+FFFD, so every line is a valid string.

import { StringDecoder } from 'node:string_decoder';
import { NutProtocolError } from '../shared/errors.ts';

export interface LineSplitter {
  /** Returns the lines completed by this chunk; throws NutProtocolError once a line grows past the limit. */
  push(chunk: Uint8Array): string[];
  /** Takes what is held of an unfinished line (an incomplete character as U+FFFD); '' when nothing is. */
  takeRest(): string;
}

export function createLineSplitter(maxLineLength: number): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let pending = '';

  function tooLong(): never {
    throw new NutProtocolError(`reply line longer than ${maxLineLength} characters`);
  }

  return {
    push(chunk) {
      const lines = (pending + decoder.write(chunk as Buffer)).split('\n');
      pending = lines.pop() as string;
      if (pending.length > maxLineLength) tooLong();
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        if (line.length > maxLineLength) tooLong();
        if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
      }
      return lines;
    },
    takeRest() {
      const rest = pending + decoder.end();
      pending = '';
      return rest;
    },
  };
}
