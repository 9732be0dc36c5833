import { startRunner } from '@herald/runner-kit';

startRunner('push');
