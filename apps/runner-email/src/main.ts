import { startRunner } from '@herald/runner-kit';

import { emailRunner } from './runner-email.definition';

startRunner(emailRunner);
