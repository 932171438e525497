// An unknown key says which key was meant when that is likely: a near spelling, a shortened or
// lengthened name, or what other tools call the field; and says nothing rather than something wrong.

import * as assert from 'uvu/assert';
import { suite } from 'uvu';
import { parseConfig } from '../src/config/parse.ts';
import { ConfigError } from '../src/shared/errors.ts';

const host = { name: 'NAS', host: '127.0.0.1' };

/** The message of each refused key, by its path. */
function messages(raw: unknown): Record<string, string> {
  try {
    parseConfig(raw, { baseDir: '/srv/upsview', source: 'config.json' });
  } catch (error) {
    assert.instance(error, ConfigError);
    return Object.fromEntries((error as ConfigError).issues.map((issue) => [issue.path, issue.message]));
  }
  assert.unreachable('config should have been rejected');
  return {};
}

const meant = (key: string) => `unknown key (did you mean "${key}"?)`;
const suggestions = suite('config: unknown keys');

suggestions('a near spelling, a swap of two letters or another case names the key', () => {
  assert.equal(messages({ hosts: [{ ...host, Port: 1, pasword: 'x' }], schedul: '* * * * *', titel: 'x' }), {
    schedul: meant('schedule'),
    titel: meant('title'),
    'hosts[0].Port': meant('port'),
    'hosts[0].pasword': meant('password'),
  });
});

suggestions('a shortened or lengthened name names the key', () => {
  assert.equal(
    messages({
      hosts: [{ ...host, user: 'u', pass: 'p', tls: { mode: 'auto', cafile: 'ca.pem' } }],
      refresh: 60,
      data: '/var/lib/upsview',
      time_out: 5000,
      metrics: { textfile: '/var/lib/prometheus/node-exporter' },
    }),
    {
      refresh: meant('refreshSeconds'),
      data: meant('dataDir'),
      time_out: meant('timeoutMs'),
      'metrics.textfile': meant('textfileDir'),
      'hosts[0].user': meant('username'),
      'hosts[0].pass': meant('password'),
      'hosts[0].tls.cafile': meant('ca'),
    },
  );
});

suggestions("other tools' names for a field name ours", () => {
  assert.equal(messages({ hosts: [{ name: 'NAS', address: '10.0.0.2' }], interval: 30, hooks: { exec: ['notify'] } }), {
    interval: meant('schedule'),
    'hooks.exec': meant('command'),
    'hosts[0].address': meant('host'),
    'hosts[0].host': 'required',
  });
  assert.equal(messages({ hosts: [{ ...host, ip: '10.0.0.2', ssl: 'require' }] }), {
    'hosts[0].ip': meant('host'),
    'hosts[0].ssl': meant('tls'),
  });
});

suggestions('no suggestion rather than a wrong one', () => {
  // Two edits turn "ip" into "ups", which holds UPS names, not an address.
  for (const key of ['ab', 'xyz', 'webroot']) {
    assert.equal(messages({ hosts: [{ ...host, [key]: 1 }] }), { [`hosts[0].${key}`]: 'unknown key' }, key);
  }
});

suggestions.run();
