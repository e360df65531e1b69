// Session lifecycle of conhub-mcp over stdio: the initialize handshake on every stateful
// revision, version negotiation, ping, and shutdown on EOF.
// Spec: <revision> basic/lifecycle, basic/transports (stdio).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LATEST_STATEFUL_REVISION,
  STATEFUL_REVISIONS,
  binary,
  rawSession,
  runToExit,
  sdkSession,
  timed,
} from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');

for (const revision of STATEFUL_REVISIONS) {
  test(`initialize on ${revision}: same version back, then ping, tools/list and tools/call`, async (t) => {
    const s = rawSession(t, CONHUB, { revision });
    const init = await s.request('initialize', {
      protocolVersion: revision,
      capabilities: {},
      clientInfo: { name: 'conhub-e2e', version: '1.0.0' },
    });
    assert.ok(init.result, `initialize error: ${JSON.stringify(init.error)}`);
    assert.equal(init.result.protocolVersion, revision);
    assert.equal(typeof init.result.serverInfo?.name, 'string');
    assert.ok(init.result.serverInfo.name.length > 0);
    assert.ok(init.result.capabilities?.tools, 'a server with tools declares the tools capability');

    s.notify('notifications/initialized');

    const ping = await s.request('ping');
    assert.deepEqual(ping.result, {}, `ping: ${JSON.stringify(ping)}`);

    const list = await s.request('tools/list', {});
    assert.ok(list.result, `tools/list error: ${JSON.stringify(list.error)}`);
    const names = list.result.tools.map((tool) => tool.name);
    assert.ok(names.includes('conhub_echo'), `tools: ${names}`);
    assert.ok(names.includes('conhub_status'), `tools: ${names}`);

    const echo = await s.request('tools/call', { name: 'conhub_echo', arguments: { text: `on ${revision}` } });
    assert.ok(echo.result, `tools/call error: ${JSON.stringify(echo.error)}`);
    assert.notEqual(echo.result.isError, true);
    assert.deepEqual(echo.result.content, [{ type: 'text', text: `on ${revision}` }]);

    // conhub_status reports the negotiated revision; its text block is there on every
    // revision (structuredContent only exists from 2025-06-18 on).
    const status = await s.request('tools/call', { name: 'conhub_status', arguments: {} });
    assert.ok(status.result, `conhub_status error: ${JSON.stringify(status.error)}`);
    const text = status.result.content.find((c) => c.type === 'text')?.text;
    assert.equal(JSON.parse(text ?? '{}').protocol_version, revision, `conhub_status: ${JSON.stringify(status.result)}`);

    s.assertClean();
  });
}

test('an unknown requested version is answered with a supported one (2025-11-25)', async (t) => {
  const s = rawSession(t, CONHUB, { revision: LATEST_STATEFUL_REVISION });
  const init = await s.request('initialize', {
    protocolVersion: '1999-01-01',
    capabilities: {},
    clientInfo: { name: 'conhub-e2e', version: '1.0.0' },
  });
  assert.ok(init.result, `initialize should negotiate, not fail: ${JSON.stringify(init.error)}`);
  assert.equal(init.result.protocolVersion, LATEST_STATEFUL_REVISION);
  s.notify('notifications/initialized');
  const ping = await s.request('ping');
  assert.deepEqual(ping.result, {});
  s.assertClean();
});

test('EOF on stdin after a session makes the process exit 0 within 2 s', async (t) => {
  const s = rawSession(t, CONHUB);
  await s.initialize();
  const ping = await s.request('ping');
  assert.deepEqual(ping.result, {});
  const { value: exit, ms } = await timed(async () => {
    s.endInput();
    return s.waitForExit(2000);
  });
  assert.ok(exit, 'server still running 2 s after stdin closed');
  assert.deepEqual(exit, { code: 0, signal: null }, `exited after ${ms.toFixed(0)} ms`);
  s.assertClean();
});

test('EOF on stdin before any message makes the process exit 0 within 2 s', async (t) => {
  const s = rawSession(t, CONHUB);
  s.endInput();
  const exit = await s.waitForExit(2000);
  assert.ok(exit, 'server still running 2 s after stdin closed');
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.deepEqual(s.stdoutLines, [], 'nothing is written to stdout without a request');
  s.assertClean();
});

test('SDK client: connect, server version and ping', async (t) => {
  const versionRun = await runToExit(CONHUB, ['--version']);
  const version = versionRun.stdout.trim().split(' ').at(-1);

  const s = await sdkSession(t, CONHUB);
  const info = s.client.getServerVersion();
  assert.match(info?.name ?? '', /conhub/);
  assert.equal(info.version, version, 'serverInfo.version matches `conhub-mcp --version`');
  assert.ok(s.client.getServerCapabilities()?.tools, 'tools capability');

  const { value: pong, ms } = await timed(() => s.client.ping());
  assert.deepEqual(pong, {});
  assert.ok(ms < 1000, `ping took ${ms.toFixed(0)} ms`);
  s.assertClean();
});

test('SDK client: logs go to stderr, stdout carries only JSON-RPC', async (t) => {
  const s = await sdkSession(t, CONHUB, { args: ['serve', '--stdio', '--log-level', 'debug'] });
  await s.client.ping();
  await s.client.listTools();
  await s.client.callTool({ name: 'conhub_echo', arguments: { text: 'log me' } });
  assert.ok(s.stderrText().trim().length > 0, 'with --log-level debug the server logs something on stderr');
  for (const line of s.checker.stdoutLines) {
    assert.equal(JSON.parse(line).jsonrpc, '2.0', `non JSON-RPC line on stdout: ${line}`);
  }
  s.assertClean();
});
