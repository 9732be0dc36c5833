import { DATA_SOURCE } from '@herald/persistence';
import { runnerConfig, RunnerModule } from '@herald/runner-kit';
import { bootTestApp, RunnerTestWorld, type TestApp } from '@herald/testing';
import type { DataSource } from 'typeorm';

import { inAppRunner } from '../../src/runner-in-app.definition';
import { deleteInAppRunnerQueues } from './in-app-runner-queues';

/** runner-in-app booted in-process against its own database and broker prefix, as its specs use it. */
export interface InAppRunnerWorld {
  world: RunnerTestWorld;
  runner: TestApp;
  db: DataSource;
  close(): Promise<void>;
}

/** Boots runner-in-app and waits until it consumes; `close()` also deletes its queues. */
export async function startInAppRunnerWorld(label = 'runner_in_app'): Promise<InAppRunnerWorld> {
  const world = await RunnerTestWorld.create(label, 'in_app');
  const runner = await bootTestApp(RunnerModule.forChannel(inAppRunner, runnerConfig('in_app').load(world.env)));
  await world.waitForRunner();
  return {
    world,
    runner,
    db: runner.app.get<DataSource>(DATA_SOURCE),
    async close() {
      await runner.close();
      await deleteInAppRunnerQueues(world.env.BROKER_NAME_PREFIX);
      await world.close();
    },
  };
}
