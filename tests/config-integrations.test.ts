import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseConfig } from '../src/config/parse.ts';
import { ConfigError } from '../src/shared/errors.ts';

const options = { baseDir: '/srv/upsview', source: 'config.json' };
const hosts = [{ name: 'NAS', host: '192.0.2.10' }];

function issuesOf(raw: Record<string, unknown>) {
  try {
    parseConfig({ hosts, ...raw }, options);
    return [];
  } catch (error) {
    assert.instance(error, ConfigError);
    return (error as ConfigError).issues;
  }
}

const parse = suite('config: $schema, metrics, hooks');

parse('accepts $schema, a textfile folder and hooks; resolves the folder against the config', () => {
  const config = parseConfig(
    {
      $schema: './schemas/config.schema.json',
      hosts,
      metrics: { textfileDir: 'prom' },
      hooks: {
        command: ['/usr/local/bin/notify', '--ups'],
        webhooks: [{ url: 'https://ntfy.sh/my-ups', format: 'ntfy', headers: { Authorization: 'Bearer tk' } }, { url: 'http://ha:8123/api/webhook/x' }],
        timeoutMs: 2000,
        retries: 0,
      },
    },
    options,
  );
  assert.equal(config.metrics, { textfileDir: '/srv/upsview/prom' });
  assert.equal(config.hooks, {
    command: ['/usr/local/bin/notify', '--ups'],
    webhooks: [
      { url: 'https://ntfy.sh/my-ups', format: 'ntfy', headers: { Authorization: 'Bearer tk' } },
      { url: 'http://ha:8123/api/webhook/x', format: 'json', headers: {} },
    ],
    timeoutMs: 2000,
    retries: 0,
  });
});

parse('names every bad hook field and never repeats a URL or header value', () => {
  const issues = issuesOf({
    $schema: 3,
    metrics: { textfileDir: '', extra: 1 },
    hooks: {
      command: 'notify --all',
      webhooks: [{ url: 'ftp://user:pw@x/secret-token' }, { url: 'https://x', format: 'slack', headers: { 'Bad Name': 'v', X: 'a\nb-secret' } }, 'x'],
      retries: 9,
    },
  });
  assert.equal(issues.map((issue) => issue.path).sort(), [
    '$schema',
    'hooks.command',
    'hooks.retries',
    'hooks.webhooks[0].url',
    'hooks.webhooks[1].format',
    'hooks.webhooks[1].headers',
    'hooks.webhooks[1].headers.X',
    'hooks.webhooks[2]',
    'metrics.extra',
    'metrics.textfileDir',
  ]);
  const text = JSON.stringify(issues);
  assert.not.match(text, /secret|pw@/);
});

parse.run();
