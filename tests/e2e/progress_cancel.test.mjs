// Progress and cancellation on the everything_server fixture (2025-11-25
// basic/utilities/progress and basic/utilities/cancellation), and that a slow tool call
// never blocks ping or other calls (ARCHITECTURE.md: handlers run on a worker pool).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { binary, rawSession, sdkSession, timed } from './lib/harness.mjs';

const EVERYTHING = binary('EVERYTHING_BIN');
const ARGS = ['--stdio'];
// The slow tool the fixture provides for these tests: sleeps `duration_ms` in small steps,
// checks for cancellation between steps, and reports progress on each step when the
// request has a progressToken.
const SLOW_TOOL = 'test_slow_tool';
const connect = (t, options = {}) => sdkSession(t, EVERYTHING, { args: ARGS, ...options });

// The fixture must have the slow tool: a missing tool fails the test rather than skipping it.
async function requireSlowTool(t, s) {
  const { tools } = await s.client.listTools();
  assert.ok(tools.some((tool) => tool.name === SLOW_TOOL), `everything_server lists ${SLOW_TOOL}`);
  return true;
}

/** Resolves true on the first progress notification of a call, false after `ms` without. */
function firstProgress(ms) {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  const timer = setTimeout(() => resolve(false), ms);
  return {
    promise,
    onprogress: () => {
      clearTimeout(timer);
      resolve(true);
    },
  };
}

/**
 * A call that is slow for as long as the test wants: test_elicitation blocks in
 * elicitation/create until this client answers, so the handler is provably running (the
 * request arrived) and provably not finished (we have not answered) without any timing.
 */
function holdElicitation(client) {
  let arrived;
  const requested = new Promise((r) => {
    arrived = r;
  });
  let release;
  const released = new Promise((r) => {
    release = r;
  });
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    arrived(req.params);
    return released;
  });
  return { requested, release };
}

const ELICIT_CAPS = { capabilities: { elicitation: { form: {} } } };
const ELICIT_REPLY = { action: 'accept', content: { username: 'ada', email: 'ada@example.com' } };
const SIMPLE_TEXT = 'This is a simple text response for testing.';

test('test_tool_with_progress: onprogress sees increasing progress, result names the token', async (t) => {
  const s = await connect(t);
  const updates = [];
  const result = await s.client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, {
    onprogress: (p) => updates.push(p),
  });
  assert.ok(updates.length >= 2, `progress updates: ${JSON.stringify(updates)}`);
  for (let i = 1; i < updates.length; i++) {
    assert.ok(updates[i].progress > updates[i - 1].progress, `progress must increase: ${JSON.stringify(updates)}`);
  }
  for (const u of updates) {
    if (u.total !== undefined) assert.ok(u.progress <= u.total, JSON.stringify(u));
  }
  // (The last update, 100, may be missed here: SDK 1.32 dispatches notifications on a
  // microtask but responses at once, so a final progress line that arrives in the same
  // chunk as the response loses its handler. The raw test below checks the wire order.)

  // The tool echoes the progressToken the SDK put in the request's _meta.
  const request = s.checker.sent.find((m) => m.method === 'tools/call' && m.params?.name === 'test_tool_with_progress');
  const token = request?.params?._meta?.progressToken;
  assert.notEqual(token, undefined, 'the SDK sent a progressToken');
  // The fixture answers "progress token: <token as JSON>".
  assert.deepEqual(result.content, [{ type: 'text', text: `progress token: ${JSON.stringify(token)}` }]);
  s.assertClean();
});

test('progress notifications carry a string progressToken back unchanged (raw)', async (t) => {
  const s = rawSession(t, EVERYTHING, { args: ARGS });
  await s.initialize('2025-11-25');
  const token = 'tok-Ä-1';
  const response = await s.request('tools/call', {
    name: 'test_tool_with_progress',
    arguments: {},
    _meta: { progressToken: token },
  });
  assert.ok(response.result, JSON.stringify(response));
  const progress = s.received((m) => m.method === 'notifications/progress');
  assert.deepEqual(progress.map((n) => n.params.progress), [0, 50, 100], JSON.stringify(progress));
  for (const n of progress) assert.equal(n.params.progressToken, token);
  // 2025-11-25 basic/utilities/progress: progress notifications MUST stop after completion.
  const lines = s.stdoutLines.map((l) => JSON.parse(l));
  const responseAt = lines.findIndex((m) => m.id === response.id && 'result' in m);
  const lastProgressAt = lines.findLastIndex((m) => m.method === 'notifications/progress');
  assert.ok(lastProgressAt < responseAt, 'every progress notification precedes the response');
  assert.equal(response.result.content[0].text, `progress token: ${JSON.stringify(token)}`);
  s.assertClean();
});

test('a call without progressToken gets no progress notifications (raw)', async (t) => {
  const s = rawSession(t, EVERYTHING, { args: ARGS });
  await s.initialize('2025-11-25');
  const response = await s.request('tools/call', { name: 'test_tool_with_progress', arguments: {} });
  assert.ok(response.result, JSON.stringify(response));
  assert.equal(response.result.content[0].text, 'no progress token');
  // 2025-11-25 basic/utilities/progress: progress notifications only reference tokens the
  // requester provided.
  assert.deepEqual(s.received((m) => m.method === 'notifications/progress'), []);
  s.assertClean();
});

test('while a slow call runs, ping and a fast tool answer in < 500 ms', async (t) => {
  const s = await connect(t);
  if (!(await requireSlowTool(t, s))) return;
  const started = firstProgress(2000);
  const slow = s.client.callTool({ name: SLOW_TOOL, arguments: { duration_ms: 3000 } }, undefined, {
    onprogress: started.onprogress,
    timeout: 20_000,
  });
  assert.ok(await started.promise, `${SLOW_TOOL} sent no progress within 2 s`);

  const ping = await timed(() => s.client.ping());
  assert.ok(ping.ms < 500, `ping took ${ping.ms.toFixed(0)} ms while ${SLOW_TOOL} ran`);
  const fast = await timed(() => s.client.callTool({ name: 'test_simple_text', arguments: {} }));
  assert.ok(fast.ms < 500, `test_simple_text took ${fast.ms.toFixed(0)} ms while ${SLOW_TOOL} ran`);
  assert.equal(fast.value.content[0].text, 'This is a simple text response for testing.');

  const slowResult = await slow; // and the slow call still completes normally
  assert.notEqual(slowResult.isError, true, JSON.stringify(slowResult));
  s.assertClean();
});

test('cancelling a slow call rejects it promptly; the server stays usable', async (t) => {
  const s = await connect(t);
  if (!(await requireSlowTool(t, s))) return;
  const controller = new AbortController();
  const started = firstProgress(2000);
  const slow = s.client.callTool({ name: SLOW_TOOL, arguments: { duration_ms: 10_000 } }, undefined, {
    signal: controller.signal,
    onprogress: started.onprogress,
    timeout: 30_000,
  });
  assert.ok(await started.promise, `${SLOW_TOOL} sent no progress within 2 s`);

  const ping = await timed(() => s.client.ping());
  assert.ok(ping.ms < 500, `ping took ${ping.ms.toFixed(0)} ms while ${SLOW_TOOL} ran`);

  const cancelled = await timed(async () => {
    controller.abort('e2e test cancels the call');
    await assert.rejects(slow);
  });
  assert.ok(cancelled.ms < 500, `cancelled call settled after ${cancelled.ms.toFixed(0)} ms`);

  // The SDK sent notifications/cancelled for the request.
  // Afterwards the session is fully usable.
  const after = await timed(() => s.client.callTool({ name: 'test_simple_text', arguments: {} }));
  assert.ok(after.ms < 500, `call after cancel took ${after.ms.toFixed(0)} ms`);
  assert.equal(after.value.content[0].text, 'This is a simple text response for testing.');
  assert.deepEqual(await s.client.ping(), {});
  s.assertClean();
});

test('a cancelled call gets no response and its worker is freed (raw)', async (t) => {
  const s = rawSession(t, EVERYTHING, { args: ARGS });
  await s.initialize('2025-11-25');
  const list = await s.request('tools/list', {});
  assert.ok(list.result?.tools?.some((tool) => tool.name === SLOW_TOOL), `everything_server lists ${SLOW_TOOL}`);
  const slowId = 'slow-1';
  const startedAt = performance.now();
  s.send({
    jsonrpc: '2.0',
    id: slowId,
    method: 'tools/call',
    params: { name: SLOW_TOOL, arguments: { duration_ms: 1500 }, _meta: { progressToken: 'slow-progress' } },
  });
  // Wait until the handler runs (first progress), then cancel it.
  await s.waitFor((m) => m.method === 'notifications/progress' && m.params?.progressToken === 'slow-progress', {
    timeoutMs: 2000,
    what: `first progress of ${SLOW_TOOL}`,
  });
  s.notify('notifications/cancelled', { requestId: slowId, reason: 'e2e test cancels the call' });
  const ping = await timed(() => s.request('ping'));
  assert.ok(ping.ms < 500, `ping after cancel took ${ping.ms.toFixed(0)} ms`);

  // The absence of a response can only be observed by waiting: wait until well past the
  // moment the uncancelled call would have answered (1.5 s after it started), bounded.
  const deadline = startedAt + 2500;
  while (performance.now() < deadline) {
    const r = await s.request('ping');
    assert.deepEqual(r.result, {});
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const answers = s.received((m) => m.id === slowId && ('result' in m || 'error' in m));
  assert.deepEqual(answers, [], 'basic/utilities/cancellation: no response for a cancelled request');
  s.assertClean();
});

test('while a call waits on the client (elicitation), ping and a fast tool answer in < 500 ms', async (t) => {
  const s = await connect(t, ELICIT_CAPS);
  const held = holdElicitation(s.client);
  const blocked = s.client.callTool({ name: 'test_elicitation', arguments: { message: 'hold on' } }, undefined, {
    timeout: 20_000,
  });
  const asked = await held.requested; // the handler is running and waiting for us
  assert.equal(asked.message, 'hold on');

  const ping = await timed(() => s.client.ping());
  assert.ok(ping.ms < 500, `ping took ${ping.ms.toFixed(0)} ms while a tool call was in progress`);
  const fast = await timed(() => s.client.callTool({ name: 'test_simple_text', arguments: {} }));
  assert.ok(fast.ms < 500, `test_simple_text took ${fast.ms.toFixed(0)} ms while a tool call was in progress`);
  assert.equal(fast.value.content[0].text, SIMPLE_TEXT);

  held.release(ELICIT_REPLY);
  const result = await blocked; // the held call then completes normally
  assert.match(result.content[0].text, /action=accept/);
  s.assertClean();
});

test('cancelling a call that waits on the client rejects it, gets no response, server stays usable', async (t) => {
  const s = await connect(t, ELICIT_CAPS);
  const held = holdElicitation(s.client);
  const controller = new AbortController();
  const blocked = s.client.callTool({ name: 'test_elicitation', arguments: { message: 'cancel me' } }, undefined, {
    signal: controller.signal,
    timeout: 20_000,
  });
  await held.requested;
  const call = s.checker.sent.find((m) => m.method === 'tools/call' && m.params?.arguments?.message === 'cancel me');
  assert.ok(call, 'the tools/call request was sent');

  const cancelled = await timed(async () => {
    controller.abort('e2e test cancels the call');
    await assert.rejects(blocked);
  });
  assert.ok(cancelled.ms < 500, `cancelled call settled after ${cancelled.ms.toFixed(0)} ms`);
  const cancelNote = s.checker.sent.find((m) => m.method === 'notifications/cancelled');
  assert.equal(cancelNote?.params?.requestId, call.id, 'the SDK sent notifications/cancelled for the call');

  // Answer the elicitation late: a server that ignored the cancellation would now finish
  // the call and answer it. Give it a few round trips (bounded) to do so.
  held.release(ELICIT_REPLY);
  for (let i = 0; i < 5; i++) {
    const ping = await timed(() => s.client.ping());
    assert.ok(ping.ms < 500, `ping after cancel took ${ping.ms.toFixed(0)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const answers = s.checker.stdoutLines
    .map((l) => JSON.parse(l))
    .filter((m) => m.id === call.id && ('result' in m || 'error' in m));
  assert.deepEqual(answers, [], 'basic/utilities/cancellation: no response for a cancelled request');

  const after = await timed(() => s.client.callTool({ name: 'test_simple_text', arguments: {} }));
  assert.ok(after.ms < 500, `call after cancel took ${after.ms.toFixed(0)} ms`);
  assert.equal(after.value.content[0].text, SIMPLE_TEXT);
  s.assertClean();
});
