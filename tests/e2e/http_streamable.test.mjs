// Streamable HTTP with the official TypeScript SDK client (StreamableHTTPClientTransport)
// against `conhub-mcp serve --http` and `everything_server --http`: handshake, list and
// call, notifications before the result on the POST's SSE stream, server-to-client
// requests (elicitation, sampling) answered over HTTP, session termination. Every
// JSON-RPC message the server sends is validated against the 2025-11-25 schema.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import {
  assertNoViolations,
  checkingFetch,
  CLIENT_INFO,
  expectError,
  newChecker,
  post,
  startConhub,
  startEverything,
} from './lib/http_harness.mjs';

/** SDK client over Streamable HTTP with a schema-checking fetch; closed after the test. */
async function connect(t, server, { capabilities = {}, hooks = {} } = {}) {
  const checker = newChecker();
  const transport = new StreamableHTTPClientTransport(new URL(server.mcpUrl), { fetch: checkingFetch(checker, hooks) });
  const client = new Client(CLIENT_INFO, { capabilities });
  await client.connect(transport, { timeout: 10_000 });
  t.after(() => client.close().catch(() => {}));
  return { client, transport, checker };
}

test('conhub-mcp over Streamable HTTP: connect, list tools, call conhub_echo and conhub_status', async (t) => {
  const server = await startConhub(t);
  const { client, transport, checker } = await connect(t, server);
  assert.match(transport.sessionId ?? '', /^[0-9a-f]{32}$/, 'the SDK got a 32-hex Mcp-Session-Id');
  assert.equal(client.getServerVersion()?.name, 'conhub-mcp');
  const { tools } = await client.listTools();
  const names = tools.map((tool) => tool.name);
  assert.ok(names.includes('conhub_echo') && names.includes('conhub_status'), `tools: ${names}`);
  const echo = await client.callTool({ name: 'conhub_echo', arguments: { text: 'hello over http ✓' } });
  assert.equal(echo.isError, undefined);
  assert.deepEqual(echo.content, [{ type: 'text', text: 'hello over http ✓' }]);
  const status = await client.callTool({ name: 'conhub_status', arguments: {} });
  assert.equal(status.structuredContent?.protocol_version, '2025-11-25');
  assert.equal(status.structuredContent?.server, 'conhub-mcp');
  assert.ok(checker.stdoutLines.length >= 4, `saw ${checker.stdoutLines.length} server messages`);
  assertNoViolations(checker, server);
});

test('terminateSession() sends DELETE; the old session id then gets 404', async (t) => {
  const server = await startConhub(t);
  const { client, transport, checker } = await connect(t, server);
  const sessionId = transport.sessionId;
  await client.ping();
  const protocolVersion = transport.protocolVersion;
  await transport.terminateSession();
  assert.equal(transport.sessionId, undefined, 'the SDK forgot the session after a 2xx DELETE');
  const headers = { 'Mcp-Session-Id': sessionId, 'MCP-Protocol-Version': protocolVersion };
  await expectError(await post(server.mcpUrl, { jsonrpc: '2.0', id: 7, method: 'tools/list' }, { headers }), 404, -32600);
  const del = await fetch(server.mcpUrl, { method: 'DELETE', headers });
  await expectError(del, 404);
  assertNoViolations(checker, server);
});

test('progress notifications arrive on the POST stream before the result (everything_server)', async (t) => {
  const server = await startEverything(t);
  const order = [];
  let callContentType;
  const hooks = {
    onResponse: (url, init, res) => {
      if (init.method === 'POST' && String(init.body).includes('"tools/call"')) callContentType = res.headers.get('content-type');
    },
    onSseEvent: (event, message, init) => {
      if (message?.method === 'notifications/progress') order.push(`progress:${init.method}`);
      if (message && 'result' in message && message.result?.content) order.push(`result:${init.method}`);
    },
  };
  const { client, checker } = await connect(t, server, { hooks });
  const progress = [];
  const result = await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, {
    onprogress: (p) => progress.push(p.progress),
  });
  assert.match(result.content[0].text, /^progress token: /);
  assert.deepEqual(progress, [0, 50, 100]);
  assert.match(callContentType ?? '', /text\/event-stream/, 'a call with progress is answered with SSE');
  assert.deepEqual(order, ['progress:POST', 'progress:POST', 'progress:POST', 'result:POST']);
  assertNoViolations(checker, server);
});

test('log notifications arrive before the result of test_tool_with_logging', async (t) => {
  const server = await startEverything(t);
  const { client, checker } = await connect(t, server);
  await client.setLoggingLevel('debug');
  const seen = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => seen.push(`log:${n.params.data}`));
  const result = await client.callTool({ name: 'test_tool_with_logging', arguments: {} });
  seen.push('result');
  assert.equal(result.content[0].text, 'Tool with logging executed successfully');
  assert.deepEqual(seen, [
    'log:Tool execution started',
    'log:Tool processing data',
    'log:Tool execution completed',
    'result',
  ]);
  assertNoViolations(checker, server);
});

test('elicitation/create and sampling/createMessage travel on the tools/call POST stream and get answered', async (t) => {
  const server = await startEverything(t);
  const serverRequests = [];
  const hooks = {
    onSseEvent: (event, message, init) => {
      if (message?.method && message.id !== undefined) serverRequests.push(`${message.method}:${init.method}`);
    },
  };
  const { client, checker } = await connect(t, server, { capabilities: { sampling: {}, elicitation: {} }, hooks });
  let elicitMessage;
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    elicitMessage = request.params.message;
    return { action: 'accept', content: { username: 'alice', email: 'alice@example.com' } };
  });
  let samplingPrompt;
  client.setRequestHandler(CreateMessageRequestSchema, (request) => {
    samplingPrompt = request.params.messages[0].content.text;
    return { role: 'assistant', content: { type: 'text', text: 'pong from the client' }, model: 'e2e-model' };
  });

  const elicited = await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who are you?' } });
  assert.equal(elicitMessage, 'Who are you?');
  assert.equal(elicited.isError, undefined, JSON.stringify(elicited));
  assert.match(elicited.content[0].text, /^User response: action=accept, content=/);
  assert.deepEqual(JSON.parse(elicited.content[0].text.replace(/^.*content=/, '')), { username: 'alice', email: 'alice@example.com' });

  const sampled = await client.callTool({ name: 'test_sampling', arguments: { prompt: 'ping?' } });
  assert.equal(samplingPrompt, 'ping?');
  assert.equal(sampled.content[0].text, 'LLM response: pong from the client');

  assert.deepEqual(serverRequests, ['elicitation/create:POST', 'sampling/createMessage:POST']);
  assertNoViolations(checker, server);
});

test('a client without the elicitation capability gets an error result, and the session goes on', async (t) => {
  const server = await startEverything(t);
  const { client, checker } = await connect(t, server);
  const result = await client.callTool({ name: 'test_elicitation', arguments: { message: 'Who?' } });
  assert.equal(result.isError, true, JSON.stringify(result));
  const again = await client.callTool({ name: 'test_tool_with_progress', arguments: {} });
  assert.match(again.content[0].text, /progress token|no progress token/);
  assertNoViolations(checker, server);
});
