// The 2026-07-28 stateless wire on stdio: no initialize, every request carries its
// protocol version, client info and capabilities in `_meta`; results carry `resultType`.
// Requests are built from the official examples in shared/mcp-schema/2026-07-28/examples/,
// and every response is validated against the 2026-07-28 schema.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLIENT_INFO, STATELESS_REVISION, binary, example, rawSession } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');
const REV = STATELESS_REVISION;
const VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';

/** An official example request with our own id, client info and (optionally) params. */
function fromExample(relativePath, { id, params = {}, meta = {} } = {}) {
  const req = structuredClone(example(REV, relativePath));
  req.id = id ?? req.id;
  req.params = {
    ...req.params,
    ...params,
    _meta: { ...req.params._meta, 'io.modelcontextprotocol/clientInfo': { ...CLIENT_INFO }, ...meta },
  };
  return req;
}

async function send(s, request) {
  s.send(request);
  return s.waitForResponse(request.id, { what: `response to ${request.method} (${request.id})` });
}

test('server/discover without initialize: complete result with versions and cache hints', async (t) => {
  const s = rawSession(t, CONHUB, { revision: REV });
  const request = fromExample('DiscoverRequest/server-discover-request.json');
  const response = await send(s, request);
  assert.ok(response.result, `server/discover: ${JSON.stringify(response)}`);
  const r = response.result;
  assert.equal(r.resultType, 'complete');
  assert.ok(Array.isArray(r.supportedVersions) && r.supportedVersions.includes(REV), JSON.stringify(r.supportedVersions));
  assert.equal(typeof r.ttlMs, 'number');
  assert.ok(Number.isInteger(r.ttlMs) && r.ttlMs >= 0, `ttlMs ${r.ttlMs}`);
  assert.ok(['public', 'private'].includes(r.cacheScope), `cacheScope ${r.cacheScope}`);
  assert.ok(r.capabilities?.tools, 'tools capability');
  s.assertClean();
});

test('tools/list and tools/call work without initialize and carry resultType', async (t) => {
  const s = rawSession(t, CONHUB, { revision: REV });

  const list = await send(s, fromExample('ListToolsRequest/list-tools-request.json'));
  assert.ok(list.result, `tools/list: ${JSON.stringify(list)}`);
  assert.equal(list.result.resultType, 'complete');
  const names = list.result.tools.map((tool) => tool.name);
  assert.ok(names.includes('conhub_echo') && names.includes('conhub_status'), `tools: ${names}`);
  assert.equal(typeof list.result.ttlMs, 'number');
  assert.ok(['public', 'private'].includes(list.result.cacheScope));

  const call = await send(
    s,
    fromExample('CallToolRequest/call-tool-request.json', {
      id: 'call-echo',
      params: { name: 'conhub_echo', arguments: { text: 'stateless hello' } },
    }),
  );
  assert.ok(call.result, `tools/call: ${JSON.stringify(call)}`);
  assert.equal(call.result.resultType, 'complete');
  assert.notEqual(call.result.isError, true);
  assert.deepEqual(call.result.content, [{ type: 'text', text: 'stateless hello' }]);

  const status = await send(
    s,
    fromExample('CallToolRequest/call-tool-request.json', { id: 'call-status', params: { name: 'conhub_status', arguments: {} } }),
  );
  assert.equal(status.result?.resultType, 'complete', JSON.stringify(status));
  assert.equal(status.result.structuredContent?.protocol_version, REV, 'status reports the per-request revision');
  s.assertClean();
});

test('each request stands alone: interleaved ids in any order are all answered', async (t) => {
  const s = rawSession(t, CONHUB, { revision: REV });
  const requests = ['a', 'b', 'c'].map((tag) =>
    fromExample('CallToolRequest/call-tool-request.json', {
      id: `echo-${tag}`,
      params: { name: 'conhub_echo', arguments: { text: `text ${tag}` } },
    }),
  );
  for (const r of requests) s.send(r);
  for (const r of requests.reverse()) {
    const response = await s.waitForResponse(r.id);
    assert.deepEqual(response.result?.content, [{ type: 'text', text: r.params.arguments.text }], JSON.stringify(response));
  }
  s.assertClean();
});

test('an unsupported _meta protocolVersion is -32022 with data.supported and data.requested', async (t) => {
  const s = rawSession(t, CONHUB, { revision: REV });
  const request = fromExample('ListToolsRequest/list-tools-request.json', {
    id: 'old-version',
    meta: { [VERSION_KEY]: '1900-01-01' },
  });
  const response = await send(s, request);
  assert.ok(response.error, `expected -32022, got ${JSON.stringify(response)}`);
  assert.equal(response.error.code, -32022);
  assert.equal(response.error.data?.requested, '1900-01-01');
  assert.ok(Array.isArray(response.error.data?.supported), JSON.stringify(response.error));
  assert.ok(response.error.data.supported.includes(REV), JSON.stringify(response.error.data));
  // The same process still serves a well-formed request afterwards.
  const discover = await send(s, fromExample('DiscoverRequest/server-discover-request.json', { id: 'after' }));
  assert.equal(discover.result?.resultType, 'complete', JSON.stringify(discover));
  s.assertClean();
});

test('an unknown tool on the stateless wire is -32602', async (t) => {
  const s = rawSession(t, CONHUB, { revision: REV });
  const response = await send(
    s,
    fromExample('CallToolRequest/call-tool-request.json', { id: 'unknown-tool', params: { name: 'no_such_tool', arguments: {} } }),
  );
  assert.equal(response.error?.code, -32602, JSON.stringify(response));
  s.assertClean();
});

test('a 2026 request without the required clientCapabilities is refused', async (t) => {
  const s = rawSession(t, CONHUB, { revision: REV });
  const request = fromExample('ListToolsRequest/list-tools-request.json', { id: 'no-caps' });
  delete request.params._meta['io.modelcontextprotocol/clientCapabilities'];
  const response = await send(s, request);
  // 2026-07-28 RequestMetaObject: protocolVersion and clientCapabilities are required; the
  // official conformance suite's stateless mock answers their absence with -32602.
  assert.ok(response.error, `expected -32602, got ${JSON.stringify(response)}`);
  assert.equal(response.error.code, -32602, JSON.stringify(response.error));
  s.assertClean();
});
