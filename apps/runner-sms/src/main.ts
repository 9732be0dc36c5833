import { startRunner } from '@herald/runner-kit';

import { smsRunner } from './runner-sms.definition';

startRunner(smsRunner);
