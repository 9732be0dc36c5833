import os from 'node:os';

import * as amqp from 'amqplib';
import { Client } from 'pg';
import { createClient } from 'redis';

import { AMQP_URL, DATABASE_URL, REDIS_URL } from './bench-config';

/** The machine and service versions a report's figures were measured on. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  rabbitmq: string;
  redis: string;
}

async function attempt(read: () => Promise<string>): Promise<string> {
  try {
    return await read();
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

export async function describeMachine(): Promise<MachineInfo> {
  const postgres = await attempt(async () => {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      return String((await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version);
    } finally {
      await client.end();
    }
  });
  const rabbitmq = await attempt(async () => {
    const connection = await amqp.connect(AMQP_URL);
    try {
      const properties = (connection as unknown as { connection: { serverProperties?: { version?: string } } })
        .connection.serverProperties;
      return String(properties?.version ?? 'unknown');
    } finally {
      await connection.close();
    }
  });
  const redis = await attempt(async () => {
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    try {
      return /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? 'unknown';
    } finally {
      await client.quit();
    }
  });
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres,
    rabbitmq,
    redis,
  };
}
