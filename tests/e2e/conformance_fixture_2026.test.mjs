// The everything_server fixture on the 2026-07-28 stateless wire (stdio), driven the way
// the conformance suite's 2026-07-28 scenarios drive it over HTTP (0.2.0-alpha.12:
// input-required-result-*, server-stateless), so the fixture and the framework's multi
// round-trip are checked before and independently of the HTTP transport. Every server
// line is validated against the 2026-07-28 schema (assertClean). Keys, messages and
// answers follow tests/conformance/SCENARIOS.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATELESS_REVISION, binary, rawSession } from './lib/harness.mjs';

const EVERYTHING = binary('EVERYTHING_BIN');
const REV = STATELESS_REVISION;
const ALL_CAPS = { sampling: {}, elicitation: {}, roots: { listChanged: true } };

/** The suite's per-request _meta (connection/stateless.ts), with `capabilities` replaceable. */
function meta(capabilities = ALL_CAPS, extra = {}) {
  return {
    'io.modelcontextprotocol/protocolVersion': REV,
    'io.modelcontextprotocol/clientInfo': { name: 'conformance-test-client', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': capabilities,
    ...extra,
  };
}

// The suite's canned answers (input-required-result-helpers.ts).
const elicitAnswer = (content) => ({ action: 'accept', content });
const samplingAnswer = (text) => ({
  role: 'assistant',
  content: { type: 'text', text },
  model: 'test-model',
  stopReason: 'endTurn',
});
const rootsAnswer = () => ({ roots: [{ uri: 'file:///test/root', name: 'Test Root' }] });

function fixture(t) {
  return rawSession(t, EVERYTHING, { args: ['--stdio'], revision: REV });
}

async function callTool(s, name, extra = {}, capabilities = ALL_CAPS) {
  const { _meta: metaExtra, ...rest } = extra;
  const response = await s.request('tools/call', {
    name,
    arguments: {},
    ...rest,
    _meta: { ...meta(capabilities), ...metaExtra },
  });
  return response;
}

function inputRequired(response, what) {
  assert.ok(response.result, `${what}: ${JSON.stringify(response)}`);
  assert.equal(response.result.resultType, 'input_required', `${what}: ${JSON.stringify(response.result)}`);
  assert.equal(typeof response.result.requestState, 'string', `${what}: requestState`);
  return response.result;
}

function complete(response, what) {
  assert.ok(response.result, `${what}: ${JSON.stringify(response)}`);
  assert.equal(response.result.resultType, 'complete', `${what}: ${JSON.stringify(response.result)}`);
  assert.notEqual(response.result.isError, true, `${what}: ${JSON.stringify(response.result)}`);
  return response.result;
}

const textOf = (result) => result.content.map((c) => c.text ?? '').join(' ');

test('basic elicitation: key user_name, then "Hello, <name>!"', async (t) => {
  const s = fixture(t);
  const r1 = inputRequired(await callTool(s, 'test_input_required_result_elicitation'), 'round 1');
  const ask = r1.inputRequests.user_name;
  assert.equal(ask?.method, 'elicitation/create', JSON.stringify(r1.inputRequests));
  assert.equal(ask.params.message, 'What is your name?');
  assert.deepEqual(ask.params.requestedSchema.required, ['name']);
  const r2 = complete(
    await callTool(s, 'test_input_required_result_elicitation', {
      inputResponses: { user_name: elicitAnswer({ name: 'Alice' }) },
      requestState: r1.requestState,
    }),
    'round 2',
  );
  assert.equal(textOf(r2), 'Hello, Alice!');
  s.assertClean();
});

test('basic sampling (capital_question) and list roots (client_roots)', async (t) => {
  const s = fixture(t);
  const sampling = inputRequired(await callTool(s, 'test_input_required_result_sampling'), 'sampling round 1');
  const question = sampling.inputRequests.capital_question;
  assert.equal(question?.method, 'sampling/createMessage', JSON.stringify(sampling.inputRequests));
  assert.equal(question.params.maxTokens, 100);
  const answered = complete(
    await callTool(s, 'test_input_required_result_sampling', {
      inputResponses: { capital_question: samplingAnswer('The capital of France is Paris.') },
      requestState: sampling.requestState,
    }),
    'sampling round 2',
  );
  assert.match(textOf(answered), /Paris/);

  const roots = inputRequired(await callTool(s, 'test_input_required_result_list_roots'), 'roots round 1');
  assert.equal(roots.inputRequests.client_roots?.method, 'roots/list', JSON.stringify(roots.inputRequests));
  const listed = complete(
    await callTool(s, 'test_input_required_result_list_roots', {
      inputResponses: { client_roots: rootsAnswer() },
      requestState: roots.requestState,
    }),
    'roots round 2',
  );
  assert.match(textOf(listed), /file:\/\/\/test\/root/);
  s.assertClean();
});

test('request state: confirm round-trips and the result says state-ok', async (t) => {
  const s = fixture(t);
  const r1 = inputRequired(await callTool(s, 'test_input_required_result_request_state'), 'round 1');
  assert.equal(r1.inputRequests.confirm?.method, 'elicitation/create');
  const r2 = complete(
    await callTool(s, 'test_input_required_result_request_state', {
      inputResponses: { confirm: elicitAnswer({ ok: true }) },
      requestState: r1.requestState,
    }),
    'round 2',
  );
  assert.match(textOf(r2), /state-ok/);
  s.assertClean();
});

test('multiple inputs: elicitation, sampling and roots in one InputRequiredResult', async (t) => {
  const s = fixture(t);
  const r1 = inputRequired(await callTool(s, 'test_input_required_result_multiple_inputs'), 'round 1');
  const methods = Object.fromEntries(Object.entries(r1.inputRequests).map(([k, v]) => [k, v.method]));
  assert.deepEqual(methods, {
    user_name: 'elicitation/create',
    greeting: 'sampling/createMessage',
    client_roots: 'roots/list',
  });
  const inputResponses = {};
  for (const [key, req] of Object.entries(r1.inputRequests)) {
    if (req.method === 'elicitation/create') inputResponses[key] = elicitAnswer({ name: 'Alice' });
    else if (req.method === 'sampling/createMessage') inputResponses[key] = samplingAnswer('Hello there!');
    else inputResponses[key] = rootsAnswer();
  }
  const r2 = complete(
    await callTool(s, 'test_input_required_result_multiple_inputs', { inputResponses, requestState: r1.requestState }),
    'round 2',
  );
  assert.equal(textOf(r2), 'Hello there! Alice (1 roots)');
  s.assertClean();
});

test('multi round: step1, then step2 with a new requestState, then complete', async (t) => {
  const s = fixture(t);
  const r1 = inputRequired(await callTool(s, 'test_input_required_result_multi_round'), 'round 1');
  assert.deepEqual(Object.keys(r1.inputRequests), ['step1']);
  const r2 = inputRequired(
    await callTool(s, 'test_input_required_result_multi_round', {
      inputResponses: { step1: elicitAnswer({ name: 'Alice' }) },
      requestState: r1.requestState,
    }),
    'round 2',
  );
  assert.deepEqual(Object.keys(r2.inputRequests), ['step2']);
  assert.notEqual(r2.requestState, r1.requestState, 'round 2 carries an updated requestState');
  const r3 = complete(
    await callTool(s, 'test_input_required_result_multi_round', {
      inputResponses: { step2: elicitAnswer({ color: 'blue' }) },
      requestState: r2.requestState,
    }),
    'round 3',
  );
  assert.equal(textOf(r3), 'Alice likes blue');
  s.assertClean();
});

test('missing, extra and invalid inputResponses', async (t) => {
  const s = fixture(t);
  const tool = 'test_input_required_result_elicitation';
  // missing-input-response: a wrong key is asked again, not an error.
  const wrong = inputRequired(
    await callTool(s, tool, { inputResponses: { wrong_key: elicitAnswer({ data: 'wrong' }) } }),
    'wrong key',
  );
  assert.ok(wrong.inputRequests.user_name, JSON.stringify(wrong));
  // ignore-extra-params: extra keys next to the right one complete normally.
  const extra = complete(
    await callTool(s, tool, {
      inputResponses: {
        user_name: elicitAnswer({ name: 'Alice' }),
        unknown_extra_key: { action: 'accept', content: { foo: 'bar' } },
        another_unexpected: { action: 'accept', content: { baz: 123 } },
      },
    }),
    'extra keys',
  );
  assert.equal(textOf(extra), 'Hello, Alice!');
  // validate-input: a number is a malformed response (JSON-RPC error); null is not complete.
  const number = await callTool(s, tool, { inputResponses: { user_name: 12345 } });
  assert.equal(number.error?.code, -32602, JSON.stringify(number));
  const nothing = await callTool(s, tool, { inputResponses: null });
  assert.ok(nothing.error || nothing.result?.resultType === 'input_required', JSON.stringify(nothing));
  // result-type: resultType is explicit on the first round.
  const first = await callTool(s, tool);
  assert.equal(first.result?.resultType, 'input_required');
  s.assertClean();
});

test('tampered requestState is a JSON-RPC error', async (t) => {
  const s = fixture(t);
  const r1 = inputRequired(await callTool(s, 'test_input_required_result_tampered_state'), 'round 1');
  const key = Object.keys(r1.inputRequests)[0];
  const tampered = await callTool(s, 'test_input_required_result_tampered_state', {
    inputResponses: { [key]: elicitAnswer({ ok: true }) },
    requestState: `${r1.requestState}-TAMPERED`,
  });
  assert.equal(tampered.error?.code, -32602, JSON.stringify(tampered));
  s.assertClean();
});

test('capability check: a sampling-only client gets no elicitation request', async (t) => {
  const s = fixture(t);
  const r1 = inputRequired(
    await callTool(s, 'test_input_required_result_capabilities', {}, { sampling: {} }),
    'sampling only',
  );
  const methods = Object.values(r1.inputRequests).map((r) => r.method);
  assert.deepEqual(methods, ['sampling/createMessage']);
  s.assertClean();
});

test('non-tool request: prompts/get asks for user_context, then returns messages', async (t) => {
  const s = fixture(t);
  const name = 'test_input_required_result_prompt';
  const first = await s.request('prompts/get', { name, _meta: meta() });
  const r1 = inputRequired(first, 'round 1');
  assert.equal(r1.inputRequests.user_context?.method, 'elicitation/create', JSON.stringify(r1.inputRequests));
  const second = await s.request('prompts/get', {
    name,
    inputResponses: { user_context: elicitAnswer({ context: 'test context' }) },
    requestState: r1.requestState,
    _meta: meta(),
  });
  assert.equal(second.result?.resultType, 'complete', JSON.stringify(second));
  assert.ok(JSON.stringify(second.result.messages).includes('test context'));
  s.assertClean();
});

test('unsupported methods never answer input_required', async (t) => {
  const s = fixture(t);
  for (const method of ['tools/list', 'prompts/list']) {
    const response = await s.request(method, { _meta: meta() });
    assert.equal(response.result?.resultType, 'complete', `${method}: ${JSON.stringify(response).slice(0, 300)}`);
  }
  s.assertClean();
});

test('server-stateless diagnostics: -32021, no logs without logLevel, no requests on the stream', async (t) => {
  const s = fixture(t);
  const missing = await callTool(s, 'test_missing_capability', {}, {});
  assert.equal(missing.error?.code, -32021, JSON.stringify(missing));
  assert.deepEqual(missing.error.data?.requiredCapabilities, { sampling: {} });

  const logged = complete(await callTool(s, 'test_logging_tool', {}, {}), 'test_logging_tool');
  assert.ok(textOf(logged));
  const withLevel = complete(
    await callTool(s, 'test_logging_tool', { _meta: { 'io.modelcontextprotocol/logLevel': 'info' } }, {}),
    'test_logging_tool with logLevel',
  );
  assert.ok(textOf(withLevel));
  const logs = s.received((m) => m.method === 'notifications/message');
  assert.equal(logs.length, 3, `only the call with a logLevel logs: ${JSON.stringify(logs)}`);

  const streaming = inputRequired(
    await callTool(s, 'test_streaming_elicitation', {}, { elicitation: {} }),
    'test_streaming_elicitation',
  );
  assert.ok(Object.keys(streaming.inputRequests).length > 0);
  const requests = s.received((m) => typeof m.method === 'string' && 'id' in m);
  assert.deepEqual(requests, [], 'no server-to-client requests on the 2026 wire');
  s.assertClean();
});

test('trigger tools change the lists and listen streams hear only what they asked for', async (t) => {
  const s = fixture(t);
  const listTools = async () =>
    (await s.request('tools/list', { _meta: meta({}) })).result.tools.map((tool) => tool.name);
  const listPrompts = async () =>
    (await s.request('prompts/list', { _meta: meta({}) })).result.prompts.map((prompt) => prompt.name);

  s.send({
    jsonrpc: '2.0',
    id: 'listen-tools',
    method: 'subscriptions/listen',
    params: { _meta: meta({}), notifications: { toolsListChanged: true } },
  });
  const ack = await s.waitFor((m) => m.method === 'notifications/subscriptions/acknowledged', {
    what: 'listen acknowledgement',
  });
  assert.equal(ack.params._meta['io.modelcontextprotocol/subscriptionId'], 'listen-tools');

  assert.ok((await listTools()).includes('test_dynamic_tool'));
  complete(await callTool(s, 'test_trigger_tool_change', {}, {}), 'trigger tool change');
  const changed = await s.waitFor((m) => m.method === 'notifications/tools/list_changed', {
    what: 'tools/list_changed on the listen stream',
  });
  assert.equal(changed.params._meta['io.modelcontextprotocol/subscriptionId'], 'listen-tools');
  assert.ok(!(await listTools()).includes('test_dynamic_tool'), 'the trigger hid test_dynamic_tool');

  assert.ok((await listPrompts()).includes('test_dynamic_prompt'));
  complete(await callTool(s, 'test_trigger_prompt_change', {}, {}), 'trigger prompt change');
  assert.ok(!(await listPrompts()).includes('test_dynamic_prompt'), 'the trigger hid test_dynamic_prompt');
  complete(await callTool(s, 'test_trigger_tool_change', {}, {}), 'trigger tool change again');
  await s.waitFor((m) => m.method === 'notifications/tools/list_changed', { what: 'second tools/list_changed' });
  assert.ok((await listTools()).includes('test_dynamic_tool'), 'a second trigger shows it again');
  assert.deepEqual(
    s.received((m) => m.method === 'notifications/prompts/list_changed'),
    [],
    'a tools-only listen stream gets no prompts/list_changed',
  );
  s.assertClean();
});

test('test://stateless-static-text is listed and readable', async (t) => {
  const s = fixture(t);
  const list = await s.request('resources/list', { _meta: meta() });
  assert.ok(list.result.resources.some((r) => r.uri === 'test://stateless-static-text'), JSON.stringify(list.result));
  const read = await s.request('resources/read', { uri: 'test://stateless-static-text', _meta: meta() });
  assert.equal(read.result?.contents?.[0]?.mimeType, 'text/plain', JSON.stringify(read));
  assert.ok(read.result.contents[0].text);
  s.assertClean();
});
