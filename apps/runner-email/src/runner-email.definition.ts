import { EMAIL_LAYOUT_CONTROL } from '@herald/contracts';
import type { RunnerDefinition } from '@herald/runner-kit';

import { brevoProvider } from './providers/brevo.provider';
import { mailgunProvider } from './providers/mailgun.provider';
import { postmarkProvider } from './providers/postmark.provider';
import { resendProvider } from './providers/resend.provider';
import { sendgridProvider } from './providers/sendgrid.provider';
import { sesProvider } from './providers/ses.provider';
import { smtpProvider } from './providers/smtp.provider';

/**
 * runner-email: SMTP (`nodemailer`) and the HTTP APIs of SendGrid, Amazon SES, Mailgun, Postmark,
 * Resend and Brevo (`sendinblue`, `brevo`; decision 0036). The body is HTML: values Liquid puts
 * into it are escaped (`| raw` marks trusted HTML); the subject and the plain-text part are not HTML.
 */
export const emailRunner: RunnerDefinition = {
  channel: 'email',
  providers: [
    smtpProvider(),
    sendgridProvider(),
    sesProvider(),
    mailgunProvider(),
    postmarkProvider(),
    resendProvider(),
    brevoProvider('sendinblue'),
    brevoProvider('brevo'),
  ],
  // The layout the gateway resolved (decision 0040) is HTML like the body it wraps.
  htmlControls: ['body', 'content', EMAIL_LAYOUT_CONTROL],
  attachments: true,
};
