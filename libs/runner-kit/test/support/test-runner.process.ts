// The test webhook runner as its own process (the runner's real main, `startRunner`), for suites
// that need it to die: its configuration comes from the environment the suite sets.
import { startRunner } from '../../src';
import { testRunner } from './test-webhook.provider';

startRunner(testRunner);
