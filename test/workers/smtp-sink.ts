/**
 * A real SMTP server for tests (package `smtp-server`, ephemeral port on 127.0.0.1) that keeps
 * each message it accepts — or refuses every recipient with a 550 — and a small MIME reader of
 * what it received (headers, encoded words, quoted-printable and base64 parts).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpSink {
  url: string;
  mails: ReceivedMail[];
  /** Recipients refused (550) so far. */
  refused: number;
  close(): Promise<void>;
}

/** Starts an SMTP server; `refuse` answers 550 to every recipient (true) or to those it names. */
export async function startSmtpSink(options: { refuse?: boolean | ((address: string) => boolean) } = {}): Promise<SmtpSink> {
  const sink = { mails: [] as ReceivedMail[], refused: 0 };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false, closeTimeout: 200,
    onRcptTo(address, _session, cb) {
      const refuse = typeof options.refuse === 'function' ? options.refuse(address.address) : options.refuse;
      if (!refuse) return cb();
      sink.refused += 1;
      cb(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        sink.mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return Object.assign(sink, {
    url: `smtp://127.0.0.1:${port}`,
    close: () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  });
}

/** One MIME part: its headers (lower-case names, unfolded) and its decoded body. */
export interface MimePart {
  headers: Record<string, string>;
  body: Buffer;
}

function splitHead(raw: string): { headers: Record<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, end).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body: raw.slice(end + 4) };
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  if (encoding?.toLowerCase() === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding?.toLowerCase() === 'quoted-printable') {
    const soft = body.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) { bytes.push(parseInt(soft.slice(i + 1, i + 3), 16)); i += 2; } else bytes.push(soft.charCodeAt(i));
    }
    return Buffer.from(bytes);
  }
  return Buffer.from(body, 'latin1');
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`). */
export function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, _cs, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8')
      : decodeBody(text.replace(/_/g, ' '), 'quoted-printable').toString('utf8'));
}

/** The leaf parts of a message (a single-part message is one part). */
export function mimeParts(raw: string): MimePart[] {
  const { headers, body } = splitHead(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!boundary) return [{ headers, body: decodeBody(body, headers['content-transfer-encoding']) }];
  return body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--')).flatMap((p) => mimeParts(p.replace(/^\r\n/, '')));
}

/** The headers of a message, subject decoded. */
export function mailHeaders(raw: string): Record<string, string> {
  const { headers } = splitHead(raw);
  return { ...headers, subject: decodeWords(headers.subject ?? '') };
}

/** The text/plain body of a message, decoded (UTF-8). */
export function mailText(raw: string): string {
  const part = mimeParts(raw).find((p) => (p.headers['content-type'] ?? 'text/plain').startsWith('text/plain'));
  return part ? part.body.toString('utf8') : '';
}
