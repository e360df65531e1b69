// The web connector end to end: the fake web site (`fake_website --port 0`) on 127.0.0.1;
// `conhub-mcp connect web --allow 127.0.0.1/32` stores the allow list, and the official SDK
// client lists and calls web_fetch and web_crawl through `conhub-mcp serve --stdio`. A
// redirect to the cloud metadata address is refused with the SSRF guard's message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binary, runConhub as run, sdkSession, startFake, tempDir, textOf } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');
const FAKE_WEBSITE = binary('FAKE_WEBSITE_BIN');
const tempHome = (t) => tempDir(t, 'conhub-e2e-web-');

test('web: connect --allow 127.0.0.1/32, fetch and crawl the site, refuse a redirect to 169.254.169.254', async (t) => {
  const home = tempHome(t);
  const site = await startFake(t, FAKE_WEBSITE);
  let r = await run(home, ['connect', 'web', '--allow', '10.0.0.1/8']);
  assert.equal(r.code, 2, 'a CIDR with host bits set is a usage error');
  assert.match(r.stderr, /10\.0\.0\.1\/8/);
  r = await run(home, ['connect', 'web', '--allow', '127.0.0.1/32', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).config, { allow: ['127.0.0.1/32'] });

  const s = await sdkSession(t, CONHUB, { env: { ...process.env, CONHUB_HOME: home } });
  const { tools } = await s.client.listTools();
  const web = tools.filter((x) => x.name.startsWith('web_'));
  assert.deepEqual(web.map((x) => x.name).sort(), ['web_crawl', 'web_fetch']);
  for (const tool of web) {
    assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
    assert.equal(tool.annotations?.openWorldHint, true, tool.name);
  }

  let res = await s.client.callTool({ name: 'web_fetch', arguments: { url: `${site}/docs/a.html` } });
  assert.ok(!res.isError, textOf(res));
  assert.ok(textOf(res).startsWith('# Page A\n\nAlpha & omega.'), textOf(res));
  assert.equal(res.structuredContent.title, 'Page A');
  assert.equal(res.structuredContent.next_offset, null);

  res = await s.client.callTool({ name: 'web_fetch', arguments: { url: `${site}/long.html`, max_length: 1000 } });
  assert.ok(!res.isError, textOf(res));
  assert.ok(res.structuredContent.next_offset > 0);
  assert.match(textOf(res), /Truncated/);

  res = await s.client.callTool({ name: 'web_crawl', arguments: { url: `${site}/docs/`, max_pages: 3 } });
  assert.ok(!res.isError, textOf(res));
  assert.equal(res.structuredContent.pages.length, 3);

  const metadata = encodeURIComponent('http://169.254.169.254/latest/meta-data');
  res = await s.client.callTool({ name: 'web_fetch', arguments: { url: `${site}/redirect/to?url=${metadata}` } });
  assert.equal(res.isError, true);
  assert.match(textOf(res), /refused: 169\.254\.169\.254 is a link-local \(cloud metadata\) address; add it to the connection's allow list/);
  s.assertClean();
});
