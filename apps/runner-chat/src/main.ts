import { startRunner } from '@herald/runner-kit';

import { chatRunner } from './runner-chat.definition';

startRunner(chatRunner);
