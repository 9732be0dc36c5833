import type { AddressInfo } from 'node:net';

import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';

import { MimeMessage, parseMimeMessage } from './mime-message.util';

/** One message the receiver accepted. */
export interface ReceivedMail extends MimeMessage {
  /** SMTP envelope sender and recipients (`MAIL FROM`, `RCPT TO`). */
  from: string;
  to: string[];
  /** The user the client authenticated as, if any. */
  user?: string;
  raw: string;
}

/** An SMTP reply the receiver gives instead of accepting, e.g. `{ code: 451, message: 'try later' }`. */
export interface SmtpRejection {
  code: number;
  message: string;
}

/** A local SMTP server for tests. */
export interface SmtpReceiver {
  readonly host: string;
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** Makes the next DATA commands fail with this reply (undefined accepts again). */
  rejectWith(rejection: SmtpRejection | undefined): void;
  close(): Promise<void>;
}

/** Receiver settings. */
export interface SmtpReceiverOptions {
  /** When given, clients must log in with these (PLAIN/LOGIN over the plain connection). */
  auth?: { user: string; pass: string };
}

/**
 * Starts a real SMTP server on a free loopback port (no TLS) that records every message with
 * its envelope and a parsed view (headers, text, html, attachments).
 */
export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  let rejection: SmtpRejection | undefined;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass)
        return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (rejection) return callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({
          ...parseMimeMessage(raw),
          from,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client that dies mid-session (a runner killed in a crash test) surfaces as a connection error
  // re-emitted on the server; unhandled, it would crash the test process. The mail is simply not kept.
  server.on('error', () => undefined);
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    host: '127.0.0.1',
    port,
    messages,
    rejectWith: (next) => void (rejection = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
