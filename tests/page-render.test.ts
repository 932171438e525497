import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compactCss, compactScript } from '../src/outputs/page/compact.ts';
import { createPageRenderer, type RenderPage } from './helpers/page-render.ts';
import { onMains, snapshotOf, type FakeHost } from './helpers/page-snapshot.ts';
import { suiteWith } from './helpers/suite.ts';

const render = suiteWith<{ renderer: RenderPage }>('rendered page', {
  async before(context) {
    context.renderer = await createPageRenderer();
  },
});

const html = (renderer: RenderPage, hosts: readonly FakeHost[], refreshSeconds = 30) =>
  renderer(snapshotOf(hosts), { intervalSeconds: 30, refreshSeconds });

const hostile = '<script>alert("x")</script> & \'q\'';

render('escapes every value that comes from upsd', ({ renderer }) => {
  const page = html(renderer, [
    {
      name: 'a<b',
      descriptions: { 'ups.test.result': hostile },
      ups: [{ name: 'u', description: hostile, vars: onMains({ 'ups.test.result': hostile, 'ups.model': hostile, 'ups.status': `OL ${hostile}` }) }],
    },
  ]);
  assert.not.match(page, '<script>alert');
  assert.match(page, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
  assert.match(page, 'a&lt;b');
  assert.is(page.match(/<script>/g)?.length, 1, 'only our own script');
});

render('writes characters beyond Latin-1 as numeric references, whole characters', ({ renderer }) => {
  const page = html(renderer, [{ name: 'a', ups: [{ name: 'u', vars: onMains({ 'ups.model': 'Zap ≈ 😀 — é' }) }] }]);
  assert.match(page, 'Zap &#8776; &#128512; &#8212; é');
  assert.not.match(page, /[^\u0000-\u00ff]/, 'one byte per character');
});

render('renews at the given interval (script, or a refresh only when scripts are off), or not at all', ({ renderer }) => {
  const hosts = [{ name: 'a', ups: [{ name: 'u', vars: onMains() }] }];
  assert.match(html(renderer, hosts, 30), '<noscript><meta http-equiv="refresh" content="30"></noscript>');
  assert.match(html(renderer, hosts, 30), 'data-refresh="30"');
  assert.is(html(renderer, hosts, 30).match(/http-equiv="refresh"/g)?.length, 1, 'no refresh outside <noscript>');
  assert.not.match(html(renderer, hosts, 0), 'http-equiv="refresh"');
  assert.match(html(renderer, hosts, 0), 'data-refresh="0"');
});

render('puts the worst state in the title and the favicon', ({ renderer }) => {
  const ok = html(renderer, [{ name: 'a', ups: [{ name: 'u', vars: onMains() }] }]);
  const bad = html(renderer, [{ name: 'a', ups: [{ name: 'u', vars: onMains({ 'ups.status': 'OB LB' }) }] }]);
  assert.match(ok, '<title>u on mains power · UPS status</title>');
  assert.match(bad, '<title>Critical: u on battery · UPS status</title>');
  const icon = (page: string) => /<link rel="icon" href="(data:image\/svg\+xml;base64,[^"]+)">/.exec(page)?.[1];
  assert.ok(icon(ok) && icon(bad) && icon(ok) !== icon(bad));
});

render('contains no external address, not even in comments', ({ renderer }) => {
  const page = html(renderer, [{ name: 'a', ups: [{ name: 'u', vars: onMains() }] }]);
  assert.not.match(page, /https?:|\/\/[a-z0-9-]+\.[a-z]/i);
  assert.not.match(page, /\bsrc=|<link rel="stylesheet"|@import|url\(/);
  assert.match(page, 'BSD licence');
});

render('has landmarks, one h1 and a language', ({ renderer }) => {
  const page = html(renderer, [{ name: 'a', ups: [{ name: 'u', vars: onMains() }] }]);
  assert.match(page, '<html lang="en">');
  for (const tag of ['<header', '<main', '<footer']) assert.match(page, tag);
  assert.is(page.match(/<h1/g)?.length, 1);
});

render.run();

const compact = suite('compact');

compact('shrinks CSS without changing what it says', () => {
  assert.is(compactCss('/* note */\n.a > .b ,\n.c {\n  color: red;\n  margin: 0 auto;\n}\n'), '.a>.b,.c{color: red;margin: 0 auto}');
  assert.is(compactCss('/*! keep */ .a{}'), '/*! keep */ .a{}');
});

compact('drops comment lines and indentation from the script', () => {
  assert.is(compactScript('// why\n(function () {\n  var a = 1; // keep\n\n})();\n'), '(function () {\nvar a = 1; // keep\n})();');
});

compact.run();
