import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { baseUpsId, upsIds } from '../src/snapshot/ids.ts';

const ids = suite('UPS ids');

ids('are the lower-case host and UPS names joined by an underscore', () => {
  assert.is(baseUpsId('NAS', 'ups'), 'nas_ups');
  assert.is(baseUpsId('Büro-Rack', 'APC Smart-UPS'), 'buro_rack_apc_smart_ups');
});

ids('are one path segment for dotted paths, URLs and file names', () => {
  for (const [host, ups] of [['192.168.1.10', 'ups'], ['a.b', 'c@d'], ['%%', '..'], ['::1', 'x/y']] as const) {
    const id = baseUpsId(host, ups);
    assert.match(id, /^[a-z][a-z0-9_]*$/, `${host}/${ups} -> ${id}`);
  }
  assert.is(baseUpsId('192.168.1.10', 'ups'), 'ups_192_168_1_10_ups');
});

ids('colliding names each get a hash suffix that does not depend on the order', () => {
  const pairs = [
    { host: 'nas', ups: 'a_b' },
    { host: 'nas_a', ups: 'b' },
    { host: 'lab', ups: 'ups' },
  ];
  const first = upsIds(pairs);
  assert.is(new Set(first).size, 3);
  assert.is(first[2], 'lab_ups');
  assert.match(first[0] as string, /^nas_a_b_[0-9a-f]{6}$/);
  assert.equal(upsIds([...pairs].reverse()), [...first].reverse());
});

ids.run();
