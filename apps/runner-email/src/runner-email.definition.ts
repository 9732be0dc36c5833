import type { RunnerDefinition } from '@herald/runner-kit';
import { sendgridProvider } from './providers/sendgrid.provider';
import { smtpProvider } from './providers/smtp.provider';

/** runner-email: SMTP (`nodemailer`) and SendGrid. */
export const emailRunner: RunnerDefinition = {
  channel: 'email',
  providers: [smtpProvider(), sendgridProvider()],
  attachments: true,
};
