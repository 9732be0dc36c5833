import { startRunner } from '@herald/runner-kit';

import { inAppRunner } from './runner-in-app.definition';

startRunner(inAppRunner);
