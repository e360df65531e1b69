// Resources, resource templates, prompts and completion on the everything_server fixture,
// through the official SDK client (2025-11-25 server/resources, server/prompts,
// server/utilities/completion, server/utilities/pagination).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { binary, listAll, sdkSession } from './lib/harness.mjs';

const EVERYTHING = binary('EVERYTHING_BIN');
const ARGS = ['--stdio'];
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// 2025-11-25 server/resources#error-handling: "Resource not found: -32002".
const RESOURCE_NOT_FOUND = -32002;

const connect = (t, options = {}) => sdkSession(t, EVERYTHING, { args: ARGS, ...options });

test('resources/list walks every page and has the static resources', async (t) => {
  const s = await connect(t);
  assert.ok(s.client.getServerCapabilities()?.resources, 'resources capability');
  const { items } = await listAll((cursor) => s.client.listResources(cursor ? { cursor } : {}), 'resources');
  const byUri = new Map(items.map((r) => [r.uri, r]));
  assert.equal(byUri.size, items.length, 'no resource listed twice across pages');
  assert.equal(byUri.get('test://static-text')?.mimeType, 'text/plain', `resources: ${[...byUri.keys()]}`);
  assert.equal(byUri.get('test://static-binary')?.mimeType, 'image/png', `resources: ${[...byUri.keys()]}`);
  for (const r of items) assert.equal(typeof r.name, 'string', `${r.uri} has a name`);
  s.assertClean();
});

test('resources/read returns the static text resource', async (t) => {
  const s = await connect(t);
  const result = await s.client.readResource({ uri: 'test://static-text' });
  assert.deepEqual(result.contents, [
    { uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' },
  ]);
  s.assertClean();
});

test('resources/read returns the static binary resource as a base64 blob', async (t) => {
  const s = await connect(t);
  const result = await s.client.readResource({ uri: 'test://static-binary' });
  assert.equal(result.contents.length, 1);
  const [c] = result.contents;
  assert.equal(c.uri, 'test://static-binary');
  assert.equal(c.mimeType, 'image/png');
  assert.equal(c.text, undefined, 'binary contents carry blob, not text');
  assert.match(c.blob, /^[A-Za-z0-9+/]+={0,2}$/);
  assert.deepEqual(Buffer.from(c.blob, 'base64').subarray(0, 8), PNG_MAGIC);
  s.assertClean();
});

test('resources/templates/list has test://template/{id}/data', async (t) => {
  const s = await connect(t);
  const { items } = await listAll(
    (cursor) => s.client.listResourceTemplates(cursor ? { cursor } : {}),
    'resourceTemplates',
  );
  const template = items.find((rt) => rt.uriTemplate === 'test://template/{id}/data');
  assert.ok(template, `templates: ${JSON.stringify(items.map((rt) => rt.uriTemplate))}`);
  assert.equal(typeof template.name, 'string');
  s.assertClean();
});

test('resources/read through the template substitutes the id', async (t) => {
  const s = await connect(t);
  for (const id of ['42', 'abc-def']) {
    const uri = `test://template/${id}/data`;
    const result = await s.client.readResource({ uri });
    assert.equal(result.contents.length, 1);
    const [c] = result.contents;
    assert.equal(c.uri, uri);
    assert.equal(c.mimeType, 'application/json');
    assert.deepEqual(JSON.parse(c.text), { id, templateTest: true, data: `Data for ID: ${id}` });
  }
  s.assertClean();
});

test('resources/read of an unknown URI is error -32002 and the session goes on', async (t) => {
  const s = await connect(t);
  await assert.rejects(s.client.readResource({ uri: 'test://no-such-resource' }), (err) => {
    assert.equal(err.code, RESOURCE_NOT_FOUND, `got ${err.code}: ${err.message}`);
    return true;
  });
  const ok = await s.client.readResource({ uri: 'test://static-text' });
  assert.equal(ok.contents.length, 1);
  s.assertClean();
});

test('resources/subscribe and unsubscribe are acknowledged (the server offers subscribe)', async (t) => {
  const s = await connect(t);
  assert.equal(s.client.getServerCapabilities()?.resources?.subscribe, true);
  assert.deepEqual(await s.client.subscribeResource({ uri: 'test://static-text' }), {});
  assert.deepEqual(await s.client.unsubscribeResource({ uri: 'test://static-text' }), {});
  s.assertClean();
});

test('prompts/list walks every page and describes the fixture prompts', async (t) => {
  const s = await connect(t);
  assert.ok(s.client.getServerCapabilities()?.prompts, 'prompts capability');
  const { items } = await listAll((cursor) => s.client.listPrompts(cursor ? { cursor } : {}), 'prompts');
  const byName = new Map(items.map((p) => [p.name, p]));
  assert.equal(byName.size, items.length, 'no prompt listed twice across pages');
  for (const name of [
    'test_simple_prompt',
    'test_prompt_with_arguments',
    'test_prompt_with_embedded_resource',
    'test_prompt_with_image',
  ]) {
    assert.ok(byName.has(name), `fixture lacks prompt ${name}; it has ${[...byName.keys()]}`);
  }
  const args = byName.get('test_prompt_with_arguments').arguments ?? [];
  assert.deepEqual(args.map((a) => a.name).sort(), ['arg1', 'arg2']);
  for (const a of args) assert.equal(a.required, true, `${a.name} is required`);
  s.assertClean();
});

test('prompts/get test_simple_prompt', async (t) => {
  const s = await connect(t);
  const result = await s.client.getPrompt({ name: 'test_simple_prompt' });
  assert.deepEqual(result.messages, [
    { role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } },
  ]);
  s.assertClean();
});

test('prompts/get test_prompt_with_arguments fills in the arguments', async (t) => {
  const s = await connect(t);
  const result = await s.client.getPrompt({
    name: 'test_prompt_with_arguments',
    arguments: { arg1: 'hello', arg2: 'wörld "2"' },
  });
  assert.deepEqual(result.messages, [
    { role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='hello', arg2='wörld "2"'` } },
  ]);
  s.assertClean();
});

test('prompts/get test_prompt_with_embedded_resource embeds the given URI', async (t) => {
  const s = await connect(t);
  const result = await s.client.getPrompt({
    name: 'test_prompt_with_embedded_resource',
    arguments: { resourceUri: 'test://static-text' },
  });
  assert.equal(result.messages.length, 2);
  const [first, second] = result.messages;
  assert.equal(first.role, 'user');
  assert.equal(first.content.type, 'resource');
  assert.equal(first.content.resource.uri, 'test://static-text');
  assert.equal(typeof first.content.resource.text, 'string');
  assert.equal(second.content.type, 'text');
  s.assertClean();
});

test('prompts/get test_prompt_with_image returns an image message', async (t) => {
  const s = await connect(t);
  const result = await s.client.getPrompt({ name: 'test_prompt_with_image' });
  const image = result.messages.find((m) => m.content.type === 'image');
  assert.ok(image, JSON.stringify(result.messages.map((m) => m.content.type)));
  assert.equal(image.content.mimeType, 'image/png');
  assert.deepEqual(Buffer.from(image.content.data, 'base64').subarray(0, 8), PNG_MAGIC);
  s.assertClean();
});

test('prompts/get of an unknown prompt or without required arguments is error -32602', async (t) => {
  const s = await connect(t);
  await assert.rejects(s.client.getPrompt({ name: 'no_such_prompt' }), (err) => {
    assert.equal(err.code, ErrorCode.InvalidParams, `unknown prompt: got ${err.code}: ${err.message}`);
    return true;
  });
  await assert.rejects(s.client.getPrompt({ name: 'test_prompt_with_arguments', arguments: { arg1: 'only one' } }), (err) => {
    assert.equal(err.code, ErrorCode.InvalidParams, `missing arg2: got ${err.code}: ${err.message}`);
    return true;
  });
  s.assertClean();
});

test('completion/complete filters a prompt argument and a template variable by prefix', async (t) => {
  const s = await connect(t);
  assert.ok(s.client.getServerCapabilities()?.completions, 'completions capability');
  const prompt = await s.client.complete({
    ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
    argument: { name: 'arg1', value: 'par' },
  });
  assert.deepEqual([...prompt.completion.values].sort(), ['paris', 'park', 'party']);
  assert.ok(prompt.completion.values.length <= 100, 'at most 100 values (spec)');

  const template = await s.client.complete({
    ref: { type: 'ref/resource', uri: 'test://template/{id}/data' },
    argument: { name: 'id', value: '4' },
  });
  assert.deepEqual(template.completion.values, ['42']);

  const none = await s.client.complete({
    ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' },
    argument: { name: 'arg2', value: 'zzz' },
  });
  assert.deepEqual(none.completion.values, []);
  s.assertClean();
});
