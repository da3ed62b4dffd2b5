/** The services `npm test` started (scripts/test.mjs), as a topology's settings, on a database of its own. */
export function testServices(databaseUrl: string) {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the suites through \`npm test\``);
    return value;
  };
  return {
    databaseUrl,
    amqpUrl: need('TEST_AMQP_URL'),
    s3: {
      endpoint: need('TEST_S3_ENDPOINT'),
      bucket: need('TEST_S3_BUCKET'),
      region: need('TEST_S3_REGION'),
      accessKeyId: need('TEST_S3_ACCESS_KEY_ID'),
      secretAccessKey: need('TEST_S3_SECRET_ACCESS_KEY'),
    },
  };
}
