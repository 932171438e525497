// A scriptable NUT server on loopback, only for what a real upsd cannot be made to do: hang,
// trickle, send garbage or endless lists, drop connections past a limit, and count connections.
// By default it answers like upsd for the units it is given; a script can take over any request.

import { once } from 'node:events';
import net from 'node:net';
import { splitWords } from '../../src/nut/protocol.ts';

export type Units = Record<string, Record<string, string>>;

export interface FakeConnection {
  readonly socket: net.Socket;
  write(text: string | Uint8Array): void;
  /** Answers as upsd would for the server's units. */
  standard(request: string): void;
  /** Sends `text` one byte every `msPerByte` until done or the client goes away. */
  trickle(text: string, msPerByte: number): void;
  /** Writes `header`, then `item(i)` for i = 0, 1, ... as fast as the client reads, until it goes away. */
  endless(header: string, item: (index: number) => string): void;
}

/** Handles one request line; anything it does not handle itself it passes to `conn.standard`. */
export type Script = (request: string, conn: FakeConnection) => void;

export interface FakeServer {
  readonly host: string;
  readonly port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** The most connections that were open at the same time. */
  readonly maxOpen: number;
  readonly requests: readonly string[];
  /** Replaces the script (null: answer like upsd). */
  setScript(script: Script | null): void;
  /** Resolves once no connection is open. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

const quote = (value: string) => `"${value.replace(/[\\"#]/g, (ch) => `\\${ch}`)}"`;

/** Names go bare when plain, else quoted: upsd never needs to, but our parser must cope if a server does. */
const word = (name: string) => (/^[A-Za-z0-9._:@/+-]+$/.test(name) ? name : quote(name));

function standardReply(units: Units, request: string): string {
  const [verb = '', sub = '', name = '', variable = ''] = splitWords(request) ?? [];
  const vars = Object.hasOwn(units, name) ? units[name] : undefined;
  if (verb === 'LIST' && sub === 'UPS') {
    return `BEGIN LIST UPS\n${Object.keys(units).map((ups) => `UPS ${word(ups)} "Description unavailable"\n`).join('')}END LIST UPS\n`;
  }
  if (verb === 'LIST' && sub === 'VAR') {
    if (!vars) return 'ERR UNKNOWN-UPS\n';
    const items = Object.entries(vars).map(([key, value]) => `VAR ${word(name)} ${word(key)} ${quote(value)}\n`);
    return `BEGIN LIST VAR ${word(name)}\n${items.join('')}END LIST VAR ${word(name)}\n`;
  }
  if (verb === 'GET' && sub === 'DESC') return vars ? `DESC ${word(name)} ${word(variable)} "Description unavailable"\n` : 'ERR UNKNOWN-UPS\n';
  if (verb === 'USERNAME' || verb === 'PASSWORD') return 'OK\n';
  return 'ERR UNKNOWN-COMMAND\n';
}

export interface FakeServerOptions {
  units?: Units;
  script?: Script | null;
  host?: string;
  /** Like UniFi's NUT: accepting one more connection than this makes it drop every connection. */
  maxConnections?: number;
}

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const units = options.units ?? { ups1: { 'ups.status': 'OL', 'battery.charge': '100' } };
  let script = options.script ?? null;
  const sockets = new Set<net.Socket>();
  const requests: string[] = [];
  let accepted = 0;
  let maxOpen = 0;
  let waiters: (() => void)[] = [];

  function connection(socket: net.Socket): FakeConnection {
    const timers = new Set<NodeJS.Timeout>();
    socket.on('close', () => timers.forEach(clearInterval));
    const write = (text: string | Uint8Array) => {
      if (!socket.destroyed) socket.write(text);
    };
    return {
      socket,
      write,
      standard(request) {
        if (/^LOGOUT\b/.test(request)) {
          socket.end('OK Goodbye\n');
          return;
        }
        write(standardReply(units, request));
      },
      trickle(text, msPerByte) {
        const bytes = Buffer.from(text);
        let at = 0;
        const timer = setInterval(() => {
          if (at >= bytes.length || socket.destroyed) return clearInterval(timer);
          write(bytes.subarray(at, ++at));
        }, msPerByte);
        timers.add(timer);
      },
      endless(header, item) {
        let index = 0;
        // A batch per turn of the event loop: a remote server does not take the client's CPU, and
        // this one shares a process with the client under test.
        const pump = () => {
          if (socket.destroyed) return;
          let lines = '';
          for (let n = 0; n < 64; n++) lines += item(index++);
          if (socket.write(lines)) setImmediate(pump);
        };
        socket.on('drain', pump);
        write(header);
        pump();
      },
    };
  }

  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    maxOpen = Math.max(maxOpen, sockets.size);
    socket.on('error', () => undefined); // a client that resets is not the server's problem
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) {
        const ready = waiters;
        waiters = [];
        ready.forEach((resolve) => resolve());
      }
    });
    if (options.maxConnections !== undefined && sockets.size > options.maxConnections) {
      for (const open of sockets) open.destroy();
      return;
    }
    const conn = connection(socket);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let at = buffered.indexOf('\n'); at !== -1; at = buffered.indexOf('\n')) {
        const request = buffered.slice(0, at);
        buffered = buffered.slice(at + 1);
        requests.push(request);
        if (script) script(request, conn);
        else conn.standard(request);
      }
    });
  });
  server.listen(0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { address, port } = server.address() as net.AddressInfo;

  return {
    host: address,
    port,
    get accepted() {
      return accepted;
    },
    get maxOpen() {
      return maxOpen;
    },
    requests,
    setScript(next) {
      script = next;
    },
    drained() {
      return sockets.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
