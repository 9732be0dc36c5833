import type { RunnerDefinition } from '@herald/runner-kit';

import { sendgridProvider } from './providers/sendgrid.provider';
import { smtpProvider } from './providers/smtp.provider';

/**
 * runner-email: SMTP (`nodemailer`) and SendGrid. The body is HTML: values Liquid puts into it are
 * escaped (`| raw` marks trusted HTML); the subject and the plain-text part are not HTML.
 */
export const emailRunner: RunnerDefinition = {
  channel: 'email',
  providers: [smtpProvider(), sendgridProvider()],
  htmlControls: ['body', 'content'],
  attachments: true,
};
