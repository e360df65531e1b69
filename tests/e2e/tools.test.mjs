// Tools through the official SDK client: conhub-mcp's built-in tools, the error planes
// (2025-11-25 server/tools: an unknown tool is a protocol error, bad arguments are a tool
// execution error), and the content types of every everything_server fixture tool.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ErrorCode,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { binary, listAll, runToExit, sdkSession } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');
const EVERYTHING = binary('EVERYTHING_BIN');
const EVERYTHING_ARGS = ['--stdio'];
const connect = (t, options = {}) => sdkSession(t, EVERYTHING, { args: EVERYTHING_ARGS, ...options });

// STYLE.md / ARCHITECTURE.md: names valid for the strictest clients.
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function textOf(result) {
  const texts = result.content.filter((c) => c.type === 'text').map((c) => c.text);
  assert.ok(texts.length > 0, `no text content in ${JSON.stringify(result)}`);
  return texts.join('\n');
}

function assertBase64(data) {
  assert.equal(typeof data, 'string');
  assert.match(data, /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'valid base64');
  return Buffer.from(data, 'base64');
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// ---------------------------------------------------------------- conhub-mcp built-ins

test('conhub-mcp: tools/list has conhub_status and conhub_echo with valid names and schemas', async (t) => {
  const s = await sdkSession(t, CONHUB);
  const { items: tools } = await listAll((cursor) => s.client.listTools(cursor ? { cursor } : {}), 'tools');
  const names = tools.map((tool) => tool.name);
  assert.ok(names.includes('conhub_status'), `tools: ${names}`);
  assert.ok(names.includes('conhub_echo'), `tools: ${names}`);
  assert.equal(new Set(names).size, names.length, `duplicate tool names: ${names}`);
  for (const tool of tools) {
    assert.match(tool.name, TOOL_NAME);
    assert.equal(tool.inputSchema?.type, 'object', `${tool.name} inputSchema.type`);
    assert.equal(typeof tool.description, 'string', `${tool.name} has a description`);
  }
  const echo = tools.find((tool) => tool.name === 'conhub_echo');
  assert.equal(echo.inputSchema.properties?.text?.type, 'string');
  assert.ok(echo.inputSchema.required?.includes('text'), 'conhub_echo requires text');
  s.assertClean();
});

test('conhub-mcp: conhub_echo returns exactly the text it was given', async (t) => {
  const s = await sdkSession(t, CONHUB);
  await s.client.listTools();
  for (const text of ['hello', '', 'line one\nline two\ttab "quoted" \\ back', 'ünïcødé ✓ 😀 \u0000 nul', 'x'.repeat(20_000)]) {
    const result = await s.client.callTool({ name: 'conhub_echo', arguments: { text } });
    assert.notEqual(result.isError, true, `echo of ${JSON.stringify(text.slice(0, 40))} failed: ${JSON.stringify(result)}`);
    assert.deepEqual(result.content, [{ type: 'text', text }]);
  }
  s.assertClean();
});

test('conhub-mcp: conhub_status returns version, uptime and protocol version, as structured and text JSON', async (t) => {
  const version = (await runToExit(CONHUB, ['--version'])).stdout.trim().split(' ').at(-1);
  const s = await sdkSession(t, CONHUB);
  // listTools first: the SDK client then checks structuredContent against any outputSchema.
  await s.client.listTools();
  const first = await s.client.callTool({ name: 'conhub_status', arguments: {} });
  assert.notEqual(first.isError, true, JSON.stringify(first));
  const status = first.structuredContent;
  assert.ok(status && typeof status === 'object', `structuredContent: ${JSON.stringify(first)}`);
  assert.equal(status.version, version);
  assert.equal(typeof status.uptime_seconds, 'number');
  assert.ok(status.uptime_seconds >= 0);
  assert.equal(status.protocol_version, '2025-11-25');
  // 2025-06-18 server/tools#structured-content: the serialized JSON SHOULD also be a text block.
  assert.deepEqual(JSON.parse(textOf(first)), status);

  const second = await s.client.callTool({ name: 'conhub_status' });
  assert.ok(second.structuredContent.uptime_seconds >= status.uptime_seconds, 'uptime never goes back');
  s.assertClean();
});

test('conhub-mcp: an unknown tool is a protocol error -32602', async (t) => {
  const s = await sdkSession(t, CONHUB);
  await assert.rejects(
    s.client.callTool({ name: 'no_such_tool', arguments: {} }),
    (err) => {
      assert.equal(err.code, ErrorCode.InvalidParams, `got ${err.code}: ${err.message}`);
      assert.match(err.message, /no_such_tool/);
      return true;
    },
  );
  // The session survives.
  const ok = await s.client.callTool({ name: 'conhub_echo', arguments: { text: 'still here' } });
  assert.deepEqual(ok.content, [{ type: 'text', text: 'still here' }]);
  s.assertClean();
});

test('conhub-mcp: conhub_echo with a wrong argument type is an isError result naming the argument', async (t) => {
  const s = await sdkSession(t, CONHUB);
  for (const args of [{ text: 42 }, { text: ['a'] }, {}]) {
    const result = await s.client.callTool({ name: 'conhub_echo', arguments: args });
    assert.equal(result.isError, true, `arguments ${JSON.stringify(args)} gave ${JSON.stringify(result)}`);
    assert.match(textOf(result), /text/, 'the message names the offending argument');
  }
  s.assertClean();
});

test('conhub-mcp: an invalid cursor on tools/list is a protocol error -32602', async (t) => {
  const s = await sdkSession(t, CONHUB);
  await assert.rejects(s.client.listTools({ cursor: 'not-a-cursor-this-server-issued' }), (err) => {
    assert.equal(err.code, ErrorCode.InvalidParams, `got ${err.code}: ${err.message}`);
    return true;
  });
  s.assertClean();
});

// ---------------------------------------------------------------- everything_server fixture

test('everything_server: lists the fixture tools with valid names', async (t) => {
  const s = await connect(t);
  const { items: tools } = await listAll((cursor) => s.client.listTools(cursor ? { cursor } : {}), 'tools');
  const names = tools.map((tool) => tool.name);
  for (const expected of [
    'test_simple_text',
    'test_image_content',
    'test_audio_content',
    'test_embedded_resource',
    'test_multiple_content_types',
    'test_tool_with_logging',
    'test_tool_with_progress',
    'test_error_handling',
    'test_sampling',
    'test_elicitation',
  ]) {
    assert.ok(names.includes(expected), `fixture lacks ${expected}; it has ${names}`);
  }
  for (const tool of tools) {
    assert.match(tool.name, TOOL_NAME);
    assert.equal(tool.inputSchema?.type, 'object', `${tool.name} inputSchema.type`);
  }
  s.assertClean();
});

test('everything_server: test_simple_text returns one text block', async (t) => {
  const s = await connect(t);
  const result = await s.client.callTool({ name: 'test_simple_text', arguments: {} });
  assert.deepEqual(result.content, [{ type: 'text', text: 'This is a simple text response for testing.' }]);
  assert.notEqual(result.isError, true);
  s.assertClean();
});

test('everything_server: test_image_content returns a base64 PNG image block', async (t) => {
  const s = await connect(t);
  const result = await s.client.callTool({ name: 'test_image_content', arguments: {} });
  assert.equal(result.content.length, 1);
  const [image] = result.content;
  assert.equal(image.type, 'image');
  assert.equal(image.mimeType, 'image/png');
  assert.deepEqual(assertBase64(image.data).subarray(0, 8), PNG_MAGIC);
  s.assertClean();
});

test('everything_server: test_audio_content returns a base64 WAV audio block', async (t) => {
  const s = await connect(t);
  const result = await s.client.callTool({ name: 'test_audio_content', arguments: {} });
  assert.equal(result.content.length, 1);
  const [audio] = result.content;
  assert.equal(audio.type, 'audio');
  assert.equal(audio.mimeType, 'audio/wav');
  const bytes = assertBase64(audio.data);
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF');
  assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WAVE');
  s.assertClean();
});

test('everything_server: test_embedded_resource returns an embedded text resource', async (t) => {
  const s = await connect(t);
  const result = await s.client.callTool({ name: 'test_embedded_resource', arguments: {} });
  assert.deepEqual(result.content, [
    {
      type: 'resource',
      resource: {
        uri: 'test://embedded-resource',
        mimeType: 'text/plain',
        text: 'This is an embedded resource content.',
      },
    },
  ]);
  s.assertClean();
});

test('everything_server: test_multiple_content_types returns text, image and resource in order', async (t) => {
  const s = await connect(t);
  const result = await s.client.callTool({ name: 'test_multiple_content_types', arguments: {} });
  assert.deepEqual(result.content.map((c) => c.type), ['text', 'image', 'resource']);
  const [text, image, resource] = result.content;
  assert.equal(text.text, 'Multiple content types test:');
  assert.equal(image.mimeType, 'image/png');
  assert.deepEqual(assertBase64(image.data).subarray(0, 8), PNG_MAGIC);
  assert.equal(resource.resource.uri, 'test://mixed-content-resource');
  assert.equal(resource.resource.mimeType, 'application/json');
  assert.deepEqual(JSON.parse(resource.resource.text), { test: 'data', value: 123 });
  s.assertClean();
});

test('everything_server: test_error_handling is a tool execution error (isError), not a protocol error', async (t) => {
  const s = await connect(t);
  const result = await s.client.callTool({ name: 'test_error_handling', arguments: {} });
  assert.equal(result.isError, true, JSON.stringify(result));
  assert.ok(textOf(result).length > 0, 'the error says what went wrong');
  s.assertClean();
});

test('everything_server: test_tool_with_logging sends its log notifications before the result', async (t) => {
  const s = await connect(t);
  const logs = [];
  s.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    logs.push(n.params);
  });
  assert.ok(s.client.getServerCapabilities()?.logging, 'fixture declares the logging capability');
  await s.client.setLoggingLevel('debug');
  const result = await s.client.callTool({ name: 'test_tool_with_logging', arguments: {} });
  assert.notEqual(result.isError, true, JSON.stringify(result));
  const data = logs.map((p) => p.data);
  const expected = ['Tool execution started', 'Tool processing data', 'Tool execution completed'];
  const positions = expected.map((e) => data.indexOf(e));
  assert.ok(positions.every((p) => p >= 0), `log data received: ${JSON.stringify(data)}`);
  assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'logs arrive in order');
  for (const p of logs) assert.equal(p.level, 'info');
  s.assertClean();
});

test('everything_server: test_sampling asks the client to sample and returns its answer', async (t) => {
  const s = await connect(t, { capabilities: { sampling: {} } });
  const requests = [];
  s.client.setRequestHandler(CreateMessageRequestSchema, (req) => {
    requests.push(req.params);
    return { model: 'e2e-model', role: 'assistant', content: { type: 'text', text: 'Paris, said the model' } };
  });
  const result = await s.client.callTool({ name: 'test_sampling', arguments: { prompt: 'Capital of France?' } });
  assert.equal(requests.length, 1, 'exactly one sampling/createMessage request');
  assert.equal(requests[0].messages[0].content.text, 'Capital of France?');
  assert.ok(requests[0].maxTokens > 0);
  assert.match(textOf(result), /Paris, said the model/);
  s.assertClean();
});

test('everything_server: test_elicitation asks the client for input and returns the answer', async (t) => {
  const s = await connect(t, { capabilities: { elicitation: { form: {} } } });
  const requests = [];
  s.client.setRequestHandler(ElicitRequestSchema, (req) => {
    requests.push(req.params);
    return { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
  });
  const result = await s.client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
  assert.equal(requests.length, 1, 'exactly one elicitation/create request');
  assert.equal(requests[0].message, 'Who are you?');
  assert.equal(requests[0].requestedSchema?.type, 'object');
  assert.deepEqual(Object.keys(requests[0].requestedSchema.properties ?? {}).sort(), ['email', 'username']);
  const text = textOf(result);
  assert.match(text, /action=accept/);
  assert.match(text, /"username":"ada"/);
  assert.match(text, /"email":"ada@example.com"/);
  s.assertClean();
});

test('everything_server: a declined elicitation is reported back by the tool', async (t) => {
  const s = await connect(t, { capabilities: { elicitation: { form: {} } } });
  s.client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'decline' }));
  const result = await s.client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
  assert.match(textOf(result), /action=decline/);
  s.assertClean();
});
