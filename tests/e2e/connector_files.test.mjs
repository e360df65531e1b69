// The files connector end to end: `conhub-mcp connect files --root DIR` in a throwaway
// CONHUB_HOME, then the official SDK client lists and calls files tools through
// `conhub-mcp serve --stdio`; a second connection added while serving (and removed again)
// changes the tool list with notifications/tools/list_changed, and a subscribed file resource
// sends notifications/resources/updated when the file changes (issue 5).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { binary, runConhub as run, sdkSession, tempDir, textOf } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

async function toolNames(client) {
  return (await client.listTools()).tools.map((t) => t.name).sort();
}

function nextListChanged(client) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no tools/list_changed within 10 s')), 10_000);
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Waits until the tool list satisfies `predicate` (list_changed may come in several steps). */
async function waitForTools(session, predicate) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const names = await toolNames(session.client);
    if (predicate(names)) return names;
    if (Date.now() > deadline) {
      throw new Error(`tool list never matched: ${names.join(', ')}\nstderr:\n${session.stderrText().slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('files: connect --root, then list, read, find, search and escape attempts through serve --stdio', async (t) => {
  const home = tempDir(t, 'conhub-e2e-home-');
  const root = tempDir(t, 'conhub-e2e-root-');
  const outside = tempDir(t, 'conhub-e2e-outside-');
  fs.mkdirSync(path.join(root, 'docs'));
  fs.writeFileSync(path.join(root, 'docs', 'guide.md'), '# Guide\nline two\nneedle on three\n');
  fs.writeFileSync(path.join(root, 'data.bin'), Buffer.from([0, 1, 2, 255]));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'OUTSIDE-CANARY');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'escape'));

  let r = await run(home, ['connect', 'files', '--root', root]);
  assert.equal(r.code, 0, r.stderr);
  r = await run(home, ['connect', 'files', '--name', 'nope', '--root', path.join(root, 'missing')]);
  assert.equal(r.code, 1);
  r = await run(home, ['connect', 'files', '--name', 'nope']);
  assert.equal(r.code, 2, 'no --root is a usage error');

  const s = await sdkSession(t, CONHUB, {
    env: { ...process.env, CONHUB_HOME: home, CONHUB_CONNECTIONS_POLL_MS: '200' },
  });
  const { tools } = await s.client.listTools();
  const files = tools.filter((x) => x.name.startsWith('files_'));
  assert.deepEqual(files.map((x) => x.name).sort(),
    ['files_find', 'files_list_directory', 'files_read_binary', 'files_read_text', 'files_search', 'files_stat']);
  for (const tool of files) {
    assert.match(tool.name, TOOL_NAME);
    assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
  }

  let res = await s.client.callTool({ name: 'files_list_directory', arguments: {} });
  assert.ok(!res.isError, textOf(res));
  assert.equal(textOf(res), 'data.bin\ndocs/\nescape@\n');
  assert.deepEqual(res.structuredContent.files, ['data.bin']);
  assert.deepEqual(res.structuredContent.directories, ['docs']);
  assert.deepEqual(res.structuredContent.links, ['escape']);

  res = await s.client.callTool({ name: 'files_read_text', arguments: { path: 'docs/guide.md', start_line: 2, end_line: 3 } });
  assert.equal(textOf(res), 'line two\nneedle on three\n');

  res = await s.client.callTool({ name: 'files_read_binary', arguments: { path: 'data.bin' } });
  assert.equal(res.content[0].type, 'resource');
  assert.deepEqual([...Buffer.from(res.content[0].resource.blob, 'base64')], [0, 1, 2, 255]);

  res = await s.client.callTool({ name: 'files_find', arguments: { pattern: '**/*.md' } });
  assert.deepEqual(res.structuredContent.matches, [path.join(root, 'docs', 'guide.md')]);

  res = await s.client.callTool({ name: 'files_search', arguments: { pattern: 'needle', max_results: 10 } });
  assert.equal(res.structuredContent.matches.length, 1);
  assert.equal(res.structuredContent.matches[0].line, 3);

  for (const p of ['../secret.txt', path.join(outside, 'secret.txt'), 'escape']) {
    res = await s.client.callTool({ name: 'files_read_text', arguments: { path: p } });
    assert.equal(res.isError, true, p);
    assert.ok(!textOf(res).includes('OUTSIDE-CANARY'));
  }

  const read = await s.client.readResource({ uri: `file://${path.join(root, 'docs', 'guide.md')}` });
  assert.equal(read.contents[0].text, '# Guide\nline two\nneedle on three\n');
  await assert.rejects(s.client.readResource({ uri: `file://${path.join(outside, 'secret.txt')}` }));
  s.assertClean();
});

test('files: a connection added while serving appears (qualified names), and goes away again', async (t) => {
  const home = tempDir(t, 'conhub-e2e-home-');
  const one = tempDir(t, 'conhub-e2e-one-');
  const two = tempDir(t, 'conhub-e2e-two-');
  assert.equal((await run(home, ['connect', 'files', '--root', one])).code, 0);
  const s = await sdkSession(t, CONHUB, {
    env: { ...process.env, CONHUB_HOME: home, CONHUB_CONNECTIONS_POLL_MS: '200' },
  });
  assert.ok((await toolNames(s.client)).includes('files_read_text'));

  const changed = nextListChanged(s.client);
  const r = await run(home, ['connect', 'files', '--name', 'scratch', '--root', two, '--allow-writes']);
  assert.equal(r.code, 0, r.stderr);
  await changed;
  const names = await waitForTools(s, (n) => n.includes('files_scratch_create'));
  assert.ok(names.includes('files_default_read_text'), names.join(', '));
  assert.ok(!names.includes('files_read_text'));
  assert.ok(!names.includes('files_default_create'), 'writes only where enabled');

  const res = await s.client.callTool({ name: 'files_scratch_create', arguments: { path: 'hello.txt', content: 'hi' } });
  assert.ok(!res.isError, textOf(res));
  assert.equal(fs.readFileSync(path.join(two, 'hello.txt'), 'utf8'), 'hi');

  assert.equal((await run(home, ['disconnect', 'files/scratch'])).code, 0);
  const left = JSON.parse((await run(home, ['connections', '--json'])).stdout);
  assert.deepEqual(left.map((c) => c.name), ['default'], 'the store no longer has files/scratch');
  await waitForTools(s, (n) => n.includes('files_read_text') && !n.some((x) => x.startsWith('files_scratch_')));
  s.assertClean();
});

test('files: a subscribed file:// resource sends resources/updated when the file changes', async (t) => {
  const home = tempDir(t, 'conhub-e2e-home-');
  const root = tempDir(t, 'conhub-e2e-root-');
  const file = path.join(root, 'todo.md');
  fs.writeFileSync(file, '- one\n');
  assert.equal((await run(home, ['connect', 'files', '--root', root])).code, 0);
  const s = await sdkSession(t, CONHUB, { env: { ...process.env, CONHUB_HOME: home } });
  const uri = `file://${file}`;
  const updates = [];
  s.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updates.push(n.params.uri));
  await s.client.subscribeResource({ uri });

  // The watcher polls once a second and its first poll only records the file, so keep
  // changing it until an update arrives (a real editor saves more than once, too).
  const deadline = Date.now() + 10_000;
  let text = '- one\n';
  while (updates.length === 0 && Date.now() < deadline) {
    text += '- more\n';
    fs.writeFileSync(file, text);
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.deepEqual([...new Set(updates)], [uri]);
  const read = await s.client.readResource({ uri });
  assert.equal(read.contents[0].text, fs.readFileSync(file, 'utf8'));

  await s.client.unsubscribeResource({ uri });
  await new Promise((r) => setTimeout(r, 1500));  // any poll in flight finishes
  const before = updates.length;
  fs.writeFileSync(file, 'after unsubscribe\n');
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(updates.length, before, 'no updates after unsubscribe');
  s.assertClean();
});
