import { startRunner } from '@herald/runner-kit';

startRunner('in_app');
