import { startRunner } from '@herald/runner-kit';

import { pushRunner } from './runner-push.definition';

startRunner(pushRunner);
