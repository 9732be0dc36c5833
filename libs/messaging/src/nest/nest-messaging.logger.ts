import { Logger } from '@nestjs/common';

import type { LogFields, MessagingLogger } from '../logging/messaging-logger';

/** Routes the messaging lib's log lines through Nest's logger (the service's JSON logs). */
export function nestMessagingLogger(context = 'Messaging'): MessagingLogger {
  const logger = new Logger(context);
  return {
    info: (msg: string, fields?: LogFields) => logger.log({ msg, ...fields }),
    warn: (msg: string, fields?: LogFields) => logger.warn({ msg, ...fields }),
    error: (msg: string, fields?: LogFields) => logger.error({ msg, ...fields }),
  };
}
