import { startRunner } from '@herald/runner-kit';

startRunner('chat');
