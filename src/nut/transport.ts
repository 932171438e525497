// The only module that touches node:net and node:tls: it opens the byte stream to upsd and, once
// upsd has answered STARTTLS with OK, hands the same connection to TLS (NUT docs/net-protocol.txt
// "STARTTLS"; there is no implicit-TLS port). Socket and TLS errors are translated here, once, into
// errors with stable codes; everything above deals in text and AppErrors.

import { createRequire } from 'node:module';
import net from 'node:net';
import { NutConnectionError, NutTlsError, type AppError } from '../shared/errors.ts';
import { hostAddress } from './address.ts';

export interface StreamHandlers {
  onData(chunk: Uint8Array): void;
  onError(error: AppError): void;
  onClose(): void;
  /** Connected (clear stream) or handshake done with a verified certificate (TLS). */
  onReady(): void;
}

export interface TlsTarget {
  /** PEM text of the CA to trust instead of the system's; none: the system's CAs. */
  ca?: string;
  /** Name the certificate must carry; none: the host name (or its IP address). */
  servername?: string;
}

export interface ByteStream {
  write(text: string): void;
  /** Writes `text` and half-closes; the stream closes once the server closes too. */
  end(text: string): void;
  destroy(): void;
  /** Lets the process exit while only this stream is open. */
  unref(): void;
  /** Hands the connection to TLS; this stream's handlers stop, `handlers` take over. */
  startTls(target: TlsTarget, handlers: StreamHandlers): ByteStream;
}

export interface Transport {
  connect(host: string, port: number, handlers: StreamHandlers): ByteStream;
}

/**
 * node:tls loads when a host first upgrades: most sites poll upsd in clear on the LAN, and the
 * module (with OpenSSL's TLS state) held about 2 MB of the daemon's memory (issue 11, Footprint).
 */
const loadTls = (): typeof import('node:tls') => createRequire(import.meta.url)('node:tls') as typeof import('node:tls');

const ERRNO_CODES: Record<string, string> = {
  ECONNREFUSED: 'CONNECTION-REFUSED',
  ECONNRESET: 'CONNECTION-RESET',
  ENOTFOUND: 'HOST-NOT-FOUND',
  EAI_AGAIN: 'HOST-NOT-FOUND',
  EHOSTUNREACH: 'HOST-UNREACHABLE',
  ENETUNREACH: 'HOST-UNREACHABLE',
  EPIPE: 'CONNECTION-RESET',
};

/** Node's certificate check codes (OpenSSL's X509_V_ERR_* names) that mean "not signed by a CA we trust" or unusable. */
const CERT_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'CERT_CHAIN_TOO_LONG',
  'PATH_LENGTH_EXCEEDED',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'KEYUSAGE_NO_CERTSIGN',
]);

/**
 * Certificate failures that no CA file mends, said as they are: a certificate past its date (one
 * made with certutil's defaults lasts three months) or not valid yet (often this machine's clock,
 * before NTP has set it).
 */
const CERT_REASONS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: "the certificate is not valid yet (or this machine's clock is behind)",
};

/** OpenSSL's words for a failure ("wrong version number"), or node's message; the code alone can be UNSPECIFIED. */
function reasonOf(error: NodeJS.ErrnoException): string {
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : error.message;
}

function translateError(error: NodeJS.ErrnoException, where: string, secure: boolean): AppError {
  const code = error.code ?? '';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return new NutTlsError('TLS-NAME-MISMATCH', `${where}: the certificate is not for this name (${error.message})`, { cause: error });
  }
  if (CERT_CODES.has(code)) {
    return new NutTlsError('TLS-CERT-INVALID', `${where}: ${CERT_REASONS[code] ?? 'the certificate is not trusted'} (${code})`, { cause: error });
  }
  if (secure && !ERRNO_CODES[code]) {
    return new NutTlsError('TLS-HANDSHAKE-FAILED', `${where}: TLS failed (${code ? `${code}: ` : ''}${reasonOf(error)})`, { cause: error });
  }
  const mapped = ERRNO_CODES[code] ?? 'CONNECTION-FAILED';
  const reason = mapped === 'HOST-NOT-FOUND' ? 'host name does not resolve' : code || error.message;
  return new NutConnectionError(mapped, `${where}: ${reason}`, { cause: error });
}

function wrap(socket: net.Socket, handlers: StreamHandlers, host: string, where: string, secure: boolean): ByteStream {
  const onData = (chunk: Buffer) => handlers.onData(chunk);
  const onError = (error: Error) => handlers.onError(translateError(error, where, secure));
  const onClose = () => handlers.onClose();
  socket.on('data', onData);
  socket.on('error', onError);
  socket.on('close', onClose);
  socket.once(secure ? 'secureConnect' : 'connect', () => handlers.onReady());
  return {
    write: (text) => void socket.write(text),
    end: (text) => void socket.end(text),
    destroy: () => void socket.destroy(),
    unref: () => void socket.unref(),
    startTls(target, next) {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      // The certificate is checked against `host` when no SNI name is given. An IP address goes
      // only there: as SNI it is not allowed (RFC 6066 §3), and node prints a DEP0123 warning on
      // stderr, a line that is not JSON among the job's logs.
      const name = target.servername ?? host;
      const sni = net.isIP(name) ? undefined : name;
      const secured = loadTls().connect({
        socket,
        host: name,
        ...(sni !== undefined && { servername: sni }),
        ...(target.ca !== undefined && { ca: target.ca }),
      });
      return wrap(secured, next, host, where, true);
    },
  };
}

export const netTransport: Transport = {
  connect(host, port, handlers) {
    const socket = net.createConnection({ host, port });
    // Requests go out at once; upsd answers each line in its own small writes (it does not set
    // TCP_NODELAY), so our side must not add Nagle's delay as well.
    socket.setNoDelay(true);
    return wrap(socket, handlers, host, hostAddress(host, port), false);
  },
};
