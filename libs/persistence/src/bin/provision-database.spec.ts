import { provisionFromEnvironment } from './provision-database';

describe('provisionFromEnvironment', () => {
  it('refuses without a superuser URL, naming the variable', async () => {
    await expect(provisionFromEnvironment({})).rejects.toThrow(/PROVISION_DATABASE_URL is unset/);
  });

  it('refuses in production while a service role has no password, one line per service', async () => {
    const env = {
      NODE_ENV: 'production',
      PROVISION_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/herald',
      DB_PASSWORD_API_GATEWAY: 'x',
    };
    const error = await provisionFromEnvironment(env).then(
      () => undefined,
      (caught: Error) => caught,
    );
    expect(error?.message).toMatch(/DB_PASSWORD_TRIGGER_WORKER is unset/);
    expect(error?.message).not.toMatch(/DB_PASSWORD_API_GATEWAY/);
    expect(error?.message.split('\n')).toHaveLength(1 + 7);
  });

  it("refuses a service URL that logs in as another service's role", async () => {
    const env = {
      PROVISION_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/herald',
      DATABASE_URL_RUNNER_SMS: 'postgres://herald_api_gateway:pw@db/herald',
    };
    await expect(provisionFromEnvironment(env)).rejects.toThrow(
      /DATABASE_URL_RUNNER_SMS must log in as herald_runner_sms/,
    );
  });
});
