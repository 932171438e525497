import * as assert from 'uvu/assert';
import { suiteWith } from './helpers/suite.ts';
import { readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OutputError } from '../src/shared/errors.ts';
import { byteLengthOf, removeStaleTempFiles, textOf, writeOutputs, type OutputFile } from '../src/publish/atomic-write.ts';
import { COMPARE_LIMIT, createPublisher, SIZE_CHECKS_PER_CYCLE } from '../src/publish/skip-unchanged.ts';

const output = suiteWith<{ dir: string }>('output files', {
  async beforeEach(context) {
    context.dir = await mkdtemp(path.join(os.tmpdir(), 'upsview-out-'));
  },
  async afterEach({ dir }) {
    if (dir) await rm(dir, { recursive: true, force: true });
  },
});

output('writes each file whole and leaves no temp file behind', async ({ dir }) => {
  await writeOutputs(path.join(dir, 'site'), [
    { name: 'status.json', content: '{"a":1}\n' },
    { name: 'index.html', content: '<p>x</p>' },
  ]);
  await writeOutputs(path.join(dir, 'site'), [{ name: 'status.json', content: '{"a":2}\n' }]);
  assert.is(await readFile(path.join(dir, 'site', 'status.json'), 'utf8'), '{"a":2}\n');
  assert.equal((await readdir(path.join(dir, 'site'))).sort(), ['index.html', 'status.json']);
});

/** Files of `dir` this process still holds open after they were replaced (Linux names them "(deleted)"). */
async function replacedButOpen(dir: string): Promise<string[]> {
  const held = (await readdir('/proc/self/fd')).map((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      return ''; // closed since the listing
    }
  });
  return held.filter((target) => target.startsWith(dir) && target.endsWith(' (deleted)'));
}

output('a large file replaced cycle after cycle is whole each time, and no replaced copy stays open', async ({ dir }) => {
  // Large enough that the replaced copy is let go on the thread pool (publish/atomic-write.ts).
  const body = 'x'.repeat(400_000);
  for (let cycle = 0; cycle < 5; cycle++) {
    await writeOutputs(dir, [{ name: 'history.json', content: [body, `${cycle}\n`] }]);
    const text = await readFile(path.join(dir, 'history.json'), 'utf8');
    assert.is(text.length, body.length + 2);
    assert.ok(text.endsWith(`${cycle}\n`));
  }
  await writeOutputs(dir, [{ name: 'status.json', content: '{}\n' }]);
  assert.equal(await replacedButOpen(dir), []);
});

output('pieces kept encoded are written as the text they hold, beside text pieces, whatever their size', async ({ dir }) => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  // Text beyond Latin-1 in both kinds, and pieces on either side of the writer's 64 KB buffer.
  const pieces = ['{"title":"Büro — rack","v":[', utf8('"°C",'), utf8('"y"'.repeat(30_000)), ',', 'z'.repeat(70_000), utf8('—'), utf8('x'.repeat(70_000)), ']}\n'];
  const text = pieces.map((piece) => (typeof piece === 'string' ? piece : new TextDecoder().decode(piece))).join('');
  await writeOutputs(dir, [{ name: 'status.json', content: pieces }]);
  assert.is(await readFile(path.join(dir, 'status.json'), 'utf8'), text);
  assert.is(textOf(pieces), text);
  assert.is(byteLengthOf(pieces), Buffer.byteLength(text));
});

output('writes into subfolders, made when missing', async ({ dir }) => {
  await writeOutputs(dir, [{ name: 'vars/host-1.html', content: 'vars' }]);
  assert.is(await readFile(path.join(dir, 'vars', 'host-1.html'), 'utf8'), 'vars');
  assert.equal(await readdir(path.join(dir, 'vars')), ['host-1.html'], 'no temp file left beside it');
});

output('a failed write is an OutputError and the previous file stays', async ({ dir }) => {
  await writeOutputs(dir, [{ name: 'status.json', content: 'old' }]);
  try {
    await writeOutputs(dir, [{ name: 'status.json/nested', content: 'new' }]);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, OutputError);
    assert.is((error as OutputError).code, 'OUTPUT-WRITE');
  }
  assert.is(await readFile(path.join(dir, 'status.json'), 'utf8'), 'old');
});

output('leftover temp files are removed, nothing else is', async ({ dir }) => {
  await writeFile(path.join(dir, '.upsview-index.html.123.abcd.tmp'), 'partial');
  await writeFile(path.join(dir, 'index.html'), 'keep');
  await writeFile(path.join(dir, 'notes.tmp'), 'keep');
  await mkdir(path.join(dir, 'vars'));
  await writeFile(path.join(dir, 'vars', '.upsview-host-1.html.123.abcd.tmp'), 'partial');
  await writeFile(path.join(dir, 'vars', 'host-1.html'), 'keep');
  assert.is(await removeStaleTempFiles(dir), 2);
  assert.equal((await readdir(dir)).sort(), ['index.html', 'notes.tmp', 'vars']);
  assert.equal(await readdir(path.join(dir, 'vars')), ['host-1.html']);
  assert.is(await removeStaleTempFiles(path.join(dir, 'missing')), 0);
});

/** The job's publisher, recording the names each call writes. */
function recordingPublisher() {
  const writes: string[][] = [];
  const publish = createPublisher(async (target, files) => {
    writes.push(files.map((file) => file.name));
    await writeOutputs(target, files);
  });
  return { publish, writes };
}

output('a publisher rewrites only what changed, or what someone else changed or removed', async ({ dir }) => {
  const { publish, writes } = recordingPublisher();
  const files: OutputFile[] = [
    { name: 'status.json', content: '{"a":1}\n' },
    { name: 'badges/nas_ups.json', content: '{"b":"21 °C …"}\n' },
  ];
  await publish(dir, files);
  await publish(dir, files);
  await publish(dir, [{ name: 'status.json', content: '{"a":2}\n' }, files[1] as OutputFile]);
  await rm(path.join(dir, 'badges', 'nas_ups.json'));
  await publish(dir, [{ name: 'status.json', content: '{"a":2}\n' }, files[1] as OutputFile]);
  await writeFile(path.join(dir, 'status.json'), 'changed by hand');
  await publish(dir, [{ name: 'status.json', content: '{"a":2}\n' }]);
  assert.equal(writes, [['status.json', 'badges/nas_ups.json'], [], ['status.json'], ['badges/nas_ups.json'], ['status.json']]);
  assert.is(await readFile(path.join(dir, 'status.json'), 'utf8'), '{"a":2}\n');
  assert.is(await readFile(path.join(dir, 'badges', 'nas_ups.json'), 'utf8'), '{"b":"21 °C …"}\n', 'text beyond ASCII written as UTF-8');
});

output('a publisher hands on which files a later start reads back, to be flushed', async ({ dir }) => {
  const handed: OutputFile[][] = [];
  const publish = createPublisher(async (target, files) => {
    handed.push([...files]);
    await writeOutputs(target, files);
  });
  await publish(dir, [
    { name: 'status.json', content: '{"a":1}\n', readBack: true },
    { name: 'index.html', content: '<p>x</p>' },
  ]);
  assert.equal(
    handed[0]?.map((file) => [file.name, file.readBack === true]),
    [['status.json', true], ['index.html', false]],
  );
  assert.is(await readFile(path.join(dir, 'status.json'), 'utf8'), '{"a":1}\n');
  assert.is(await readFile(path.join(dir, 'index.html'), 'utf8'), '<p>x</p>');
});

output('with many files, a removed one is back the next cycle and one changed by hand within a round of size checks', async ({ dir }) => {
  const { publish, writes } = recordingPublisher();
  const written = () => writes.at(-1) ?? [];
  const files: OutputFile[] = Array.from({ length: 100 }, (_, i) => ({ name: `badges/ups${i}.json`, content: `{"n":${i}}\n` }));
  await publish(dir, files);
  await publish(dir, files);
  assert.equal(written(), [], 'nothing rewritten when nothing changed');
  await rm(path.join(dir, 'badges', 'ups42.json'));
  await writeFile(path.join(dir, 'badges', 'ups7.json'), 'edited by hand');
  await publish(dir, files);
  assert.ok(written().includes('badges/ups42.json'), 'the removed file is written again at once');
  const rounds = Math.ceil(files.length / SIZE_CHECKS_PER_CYCLE);
  for (let cycle = 0; cycle < rounds && !written().includes('badges/ups7.json'); cycle++) await publish(dir, files);
  assert.is(await readFile(path.join(dir, 'badges', 'ups7.json'), 'utf8'), '{"n":7}\n');
});

output('a file too large to keep for comparison is written every cycle, a small one only when it changes', async ({ dir }) => {
  const { publish, writes } = recordingPublisher();
  const files: OutputFile[] = [
    { name: 'status.json', content: `${'x'.repeat(COMPARE_LIMIT)}\n` },
    { name: 'badges/site.json', content: '{}\n' },
  ];
  await publish(dir, files);
  await publish(dir, files);
  assert.equal(writes, [['status.json', 'badges/site.json'], ['status.json']]);
});

output('a file made on demand is made and written when its version changes or the file is gone or changed, else left as it is', async ({ dir }) => {
  const { publish, writes } = recordingPublisher();
  const made: string[] = [];
  const onDemand = (version: object, text: string): OutputFile => ({ name: 'history.json', content: { version, make: () => (made.push(text), [text, 'x'.repeat(COMPARE_LIMIT), '\n']) } });
  const first = {};
  const second = {};
  await publish(dir, [onDemand(first, 'a')]);
  await publish(dir, [onDemand(first, 'b')]);
  await publish(dir, [onDemand(second, 'c')]);
  await publish(dir, [onDemand(second, 'd')]);
  await rm(path.join(dir, 'history.json'));
  await publish(dir, [onDemand(second, 'e')]);
  await writeFile(path.join(dir, 'history.json'), 'changed by hand');
  await publish(dir, [onDemand(second, 'f')]);
  await publish(dir, [onDemand(second, 'g')]);
  assert.equal(writes, [['history.json'], [], ['history.json'], [], ['history.json'], ['history.json'], []]);
  assert.equal(made, ['a', 'c', 'e', 'f'], 'its text made only to be written');
  assert.is(await readFile(path.join(dir, 'history.json'), 'utf8'), `f${'x'.repeat(COMPARE_LIMIT)}\n`);
});

output('a file handed over in pieces is written as their joined text, in UTF-8, however long the pieces', async ({ dir }) => {
  // Around the 64 KB buffer the writer fills: pieces that fit, one that no longer fits after them, one larger than it.
  const pieces = ['{"a":"', '°'.repeat(20_000), '€'.repeat(15_000), '…', 'x'.repeat(70_000), 'y'.repeat(21_000), '"}\n'];
  await writeOutputs(dir, [{ name: 'history.json', content: pieces }]);
  assert.is(await readFile(path.join(dir, 'history.json'), 'utf8'), pieces.join(''));
});

output('pieces are rewritten only when one of them changed', async ({ dir }) => {
  const { publish, writes } = recordingPublisher();
  const kept = ['<li>ups 1</li>', '<li>ups 2</li>'];
  await publish(dir, [{ name: 'index.html', content: ['<ul>', ...kept, '</ul>'] }]);
  await publish(dir, [{ name: 'index.html', content: ['<ul>', ...kept, '</ul>'] }]);
  await publish(dir, [{ name: 'index.html', content: ['<ul>', kept[0] as string, '<li>ups 2 on battery</li>', '</ul>'] }]);
  assert.equal(writes, [['index.html'], [], ['index.html']]);
  assert.is(await readFile(path.join(dir, 'index.html'), 'utf8'), '<ul><li>ups 1</li><li>ups 2 on battery</li></ul>');
});

output.run();
