// conhub-mcp under bad input, on the raw stdio wire: malformed JSON, batches, requests
// before initialize, oversize messages, unknown methods and bad params. Every error is a
// JSON-RPC error that never ends the session (ARCHITECTURE.md "The path of one tool call").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binary, rawSession } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');

function assertError(response, code, what) {
  assert.ok(response.error, `${what}: expected error ${code}, got ${JSON.stringify(response)}`);
  assert.equal(response.error.code, code, `${what}: ${JSON.stringify(response.error)}`);
  assert.equal(typeof response.error.message, 'string');
  assert.ok(response.error.message.length > 0, `${what}: empty error message`);
}

async function assertAlive(s) {
  const ping = await s.request('ping');
  assert.deepEqual(ping.result, {}, `ping after the bad input: ${JSON.stringify(ping)}`);
}

const isErrorWithNullId = (m) => !Array.isArray(m) && 'error' in m && m.id === null;

test('a malformed JSON line gets -32700 with id null; the next request is answered', async (t) => {
  const s = rawSession(t, CONHUB);
  await s.initialize('2025-11-25');
  for (const garbage of ['{"jsonrpc": "2.0", "id": 1, "method": "ping"', 'not json at all', '{]']) {
    s.send(garbage);
    const error = await s.waitFor(isErrorWithNullId, { what: `-32700 for ${JSON.stringify(garbage)}` });
    assertError(error, -32700, `parse error for ${JSON.stringify(garbage)}`);
    await assertAlive(s);
  }
  s.assertClean();
});

test('valid JSON that is not a request object gets -32600 and the session goes on', async (t) => {
  const s = rawSession(t, CONHUB);
  await s.initialize('2025-11-25');
  for (const bad of ['42', '"a string"', '{"jsonrpc":"2.0","id":77,"method":5}', '{"jsonrpc":"1.0","id":78,"method":"ping"}']) {
    s.send(bad);
    const error = await s.waitFor((m) => !Array.isArray(m) && 'error' in m && (m.id === null || m.id === 77 || m.id === 78), {
      what: `-32600 for ${bad}`,
    });
    assertError(error, -32600, `invalid request ${bad}`);
    await assertAlive(s);
  }
  s.assertClean();
});

test('a JSON array batch on 2025-11-25 is rejected with one -32600 and nothing in it runs', async (t) => {
  const s = rawSession(t, CONHUB, { revision: '2025-11-25' });
  await s.initialize('2025-11-25');
  s.send([
    { jsonrpc: '2.0', id: 'b1', method: 'ping' },
    { jsonrpc: '2.0', id: 'b2', method: 'tools/list' },
  ]);
  const error = await s.waitFor((m) => !Array.isArray(m) && 'error' in m, { what: 'error for the batch' });
  assertError(error, -32600, 'batch on 2025-11-25');
  assert.equal(error.id, null, 'the batch as a whole has no id');
  await assertAlive(s);
  assert.deepEqual(s.received((m) => Array.isArray(m) || m.id === 'b1' || m.id === 'b2'), [], 'batch members were not answered');
  s.assertClean();
});

test('a batch of two requests on 2025-03-26 gets an array of two responses', async (t) => {
  const s = rawSession(t, CONHUB, { revision: '2025-03-26' });
  await s.initialize('2025-03-26');
  s.send([
    { jsonrpc: '2.0', id: 'b1', method: 'ping' },
    { jsonrpc: '2.0', id: 'b2', method: 'tools/call', params: { name: 'conhub_echo', arguments: { text: 'in a batch' } } },
  ]);
  const batch = await s.waitFor((m) => Array.isArray(m), { what: 'batch response array' });
  assert.equal(batch.length, 2, JSON.stringify(batch));
  const byId = new Map(batch.map((r) => [r.id, r]));
  assert.deepEqual(byId.get('b1')?.result, {});
  assert.deepEqual(byId.get('b2')?.result?.content, [{ type: 'text', text: 'in a batch' }]);
  await assertAlive(s);
  s.assertClean();
});

test('a notification in a 2025-03-26 batch gets no response entry', async (t) => {
  const s = rawSession(t, CONHUB, { revision: '2025-03-26' });
  await s.initialize('2025-03-26');
  s.send([
    { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'x', progress: 1 } },
    { jsonrpc: '2.0', id: 'only', method: 'ping' },
  ]);
  const reply = await s.waitFor((m) => Array.isArray(m) || m.id === 'only', { what: 'batch response' });
  const responses = Array.isArray(reply) ? reply : [reply];
  assert.deepEqual(responses.map((r) => r.id), ['only']);
  s.assertClean();
});

test('ping before initialize is answered; another request before initialize is an error', async (t) => {
  const s = rawSession(t, CONHUB);
  const ping = await s.request('ping');
  assert.deepEqual(ping.result, {}, `ping before initialize: ${JSON.stringify(ping)}`);
  const early = await s.request('tools/list', {});
  assert.ok(early.error, `tools/list before initialize should be refused: ${JSON.stringify(early)}`);
  assert.equal(typeof early.error.code, 'number');
  // The session can still be initialized and used afterwards.
  await s.initialize('2025-11-25');
  const list = await s.request('tools/list', {});
  assert.ok(list.result?.tools?.length > 0, JSON.stringify(list));
  s.assertClean();
});

test('a message over --max-message-bytes gets a clear error and the session continues', async (t) => {
  const s = rawSession(t, CONHUB, { args: ['serve', '--stdio', '--max-message-bytes', '1024'] });
  await s.initialize('2025-11-25');

  const small = 'y'.repeat(600);
  const ok = await s.request('tools/call', { name: 'conhub_echo', arguments: { text: small } });
  assert.deepEqual(ok.result?.content, [{ type: 'text', text: small }], 'a message under the limit works');

  const id = 'too-big';
  s.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'conhub_echo', arguments: { text: 'x'.repeat(4000) } } });
  const error = await s.waitFor((m) => !Array.isArray(m) && 'error' in m && (m.id === id || m.id === null), {
    what: 'error for the oversize message',
  });
  assert.ok([-32600, -32700].includes(error.error.code), `code: ${JSON.stringify(error.error)}`);
  assert.match(error.error.message, /too (large|long|big)|exceed|limit|size|bytes/i, 'the message says why');
  assert.equal(s.received((m) => m.id === id && 'result' in m).length, 0, 'the oversize call did not run');
  await assertAlive(s);
  const after = await s.request('tools/call', { name: 'conhub_echo', arguments: { text: 'after' } });
  assert.deepEqual(after.result?.content, [{ type: 'text', text: 'after' }]);
  s.assertClean();
});

test('an unknown method is -32601 with the request id', async (t) => {
  const s = rawSession(t, CONHUB);
  await s.initialize('2025-11-25');
  for (const method of ['no/such/method', 'tools/frobnicate', '']) {
    const r = await s.request(method, {});
    assertError(r, -32601, `method ${JSON.stringify(method)}`);
  }
  await assertAlive(s);
  s.assertClean();
});

test('params of the wrong type are -32602', async (t) => {
  const s = rawSession(t, CONHUB);
  await s.initialize('2025-11-25');
  assertError(await s.request('tools/call', { name: 123 }), -32602, 'tools/call name: 123');
  assertError(await s.request('tools/call', {}), -32602, 'tools/call without name');
  assertError(await s.request('tools/list', { cursor: 17 }), -32602, 'tools/list cursor: 17');
  await assertAlive(s);
  s.assertClean();
});

test('logging/setLevel accepts a known level and rejects an unknown one with -32602', async (t) => {
  const s = rawSession(t, CONHUB);
  const init = await s.initialize('2025-11-25');
  assert.ok(init.capabilities.logging, 'conhub-mcp declares logging');
  const ok = await s.request('logging/setLevel', { level: 'debug' });
  assert.deepEqual(ok.result, {}, JSON.stringify(ok));
  // 2025-11-25 server/utilities/logging#error-handling: invalid log level is -32602.
  assertError(await s.request('logging/setLevel', { level: 'loud' }), -32602, 'level loud');
  await assertAlive(s);
  s.assertClean();
});

test('30 pipelined requests are each answered exactly once', async (t) => {
  const s = rawSession(t, CONHUB);
  await s.initialize('2025-11-25');
  const ids = Array.from({ length: 30 }, (_, i) => `p${i}`);
  for (const id of ids) {
    s.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'conhub_echo', arguments: { text: id } } });
  }
  for (const id of ids) {
    const r = await s.waitForResponse(id, { timeoutMs: 10_000 });
    assert.deepEqual(r.result?.content, [{ type: 'text', text: id }], JSON.stringify(r));
  }
  await assertAlive(s);
  // The checker reports any id answered twice; here also count them directly.
  const answered = s.received((m) => typeof m.id === 'string' && m.id.startsWith('p'));
  assert.equal(answered.length, ids.length);
  s.assertClean();
});

test('string and integer request ids are echoed with their type', async (t) => {
  const s = rawSession(t, CONHUB);
  await s.initialize('2025-11-25');
  for (const id of ['7', 7, 'id with spaces ✓', 0, 9007199254740991]) {
    const r = await s.request('ping', undefined, { id });
    assert.strictEqual(r.id, id);
    assert.deepEqual(r.result, {});
  }
  s.assertClean();
});

test('unknown notifications are ignored without a response', async (t) => {
  const s = rawSession(t, CONHUB);
  await s.initialize('2025-11-25');
  const before = s.received().length;
  s.notify('notifications/no_such_thing', { x: 1 });
  s.notify('notifications/cancelled', { requestId: 'never-sent' });
  await assertAlive(s);
  const after = s.received().slice(before);
  assert.equal(after.length, 1, `only the ping response: ${JSON.stringify(after)}`);
  s.assertClean();
});

test('stdout carries only JSON-RPC lines, the logs go to stderr, EOF exits 0', async (t) => {
  const s = rawSession(t, CONHUB, { args: ['serve', '--stdio', '--log-level', 'debug'] });
  await s.initialize('2025-11-25');
  s.send('this is not json');
  await s.waitFor(isErrorWithNullId, { what: 'parse error' });
  await s.request('tools/call', { name: 'conhub_echo', arguments: { text: 'hi' } });
  await s.request('no/such/method', {});
  s.endInput();
  const exit = await s.waitForExit(2000);
  assert.deepEqual(exit, { code: 0, signal: null });
  for (const line of s.stdoutLines) {
    const msg = JSON.parse(line);
    assert.equal(msg.jsonrpc, '2.0', `stdout line: ${line}`);
  }
  assert.ok(s.stderrText().trim().length > 0, 'debug logs appear on stderr');
  s.assertClean();
});

test('SIGTERM while a slow call runs: the call is cancelled and the server exits 0 promptly', async (t) => {
  const s = rawSession(t, binary('EVERYTHING_BIN'), { args: ['--stdio'] });
  await s.initialize('2025-11-25');
  const id = s.nextId();
  s.send({ jsonrpc: '2.0', id, method: 'tools/call',
           params: { name: 'test_slow_tool', arguments: { duration_ms: 60000 }, _meta: { progressToken: 'p' } } });
  // The first progress notification shows the handler is running.
  await s.waitFor((m) => m.method === 'notifications/progress', { what: 'first progress' });
  const started = Date.now();
  s.child.kill('SIGTERM');
  const exit = await s.waitForExit(3000);
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.ok(Date.now() - started < 3000, 'exited within 3 s of SIGTERM');
  assert.ok(s.stderrText().includes('signal'), `stderr names the reason: ${s.stderrText()}`);
});
