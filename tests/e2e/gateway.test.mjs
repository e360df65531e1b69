// The gateway: `conhub-mcp serve --gateway-config` starts real MCP servers from npm
// (pinned in package-lock.json, installed by npm ci: no network at run time) as children
// and exposes them as <child>__<tool> beside the built-in tools. Progress and cancellation
// pass through, a killed child is restarted, a silent or noisy child does not break the
// others, and a connection's credential reaches the child's environment only.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { CreateMessageRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { binary, sdkSession } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');
const HERE = path.dirname(fileURLToPath(import.meta.url));
const NPM = (pkg, file) => path.join(HERE, 'node_modules', '@modelcontextprotocol', pkg, 'dist', file);
const EVERYTHING_JS = NPM('server-everything', 'index.js');
const MEMORY_JS = NPM('server-memory', 'index.js');
const FILESYSTEM_JS = NPM('server-filesystem', 'index.js');
const NODE = process.execPath;
const TOKEN = 'ghp_GatewayE2eCanary0123456789abcdefghij';

function tempHome(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conhub-gateway-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writeConfig(home, servers) {
  const file = path.join(home, 'gateway-test.json');
  fs.writeFileSync(file, JSON.stringify({ servers }, null, 2));
  return file;
}

async function gateway(t, home, servers, env = {}, capabilities = {}) {
  const config = writeConfig(home, servers);
  return sdkSession(t, CONHUB, {
    args: ['serve', '--stdio', '--gateway-config', config],
    env: { CONHUB_HOME: home, ...env },
    capabilities,
    timeoutMs: 30_000,
  });
}

async function toolNames(client) {
  const names = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    names.push(...page.tools.map((tool) => tool.name));
    cursor = page.nextCursor;
  } while (cursor);
  return names;
}

async function status(client) {
  const r = await client.callTool({ name: 'conhub_status', arguments: {} });
  return Object.fromEntries(r.structuredContent.children.map((c) => [c.name, c]));
}

async function until(what, fn, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const everything = { command: NODE, args: [EVERYTHING_JS, 'stdio'] };

test('namespaces the tools of three npm servers beside the built-in ones', async (t) => {
  const home = tempHome(t);
  const shared = fs.mkdtempSync(path.join(home, 'files-'));
  fs.writeFileSync(path.join(shared, 'hello.txt'), 'hello from the filesystem server');
  const s = await gateway(t, home, {
    everything,
    memory: { command: NODE, args: [MEMORY_JS], env: { MEMORY_FILE_PATH: path.join(home, 'memory.jsonl') } },
    files: { command: NODE, args: [FILESYSTEM_JS, shared], deny_tools: ['write_file'] },
  });
  const names = await toolNames(s.client);
  for (const expected of ['conhub_status', 'everything__echo', 'everything__get-sum', 'memory__read_graph',
    'memory__create_entities', 'files__read_text_file', 'files__list_allowed_directories'])
    assert.ok(names.includes(expected), `${expected} missing from ${names.join(', ')}`);
  assert.ok(!names.includes('files__write_file'), 'deny_tools is applied');
  assert.ok(names.every((n) => /^[a-zA-Z0-9_-]{1,64}$/.test(n)), 'every name fits the client limit');

  const echo = await s.client.callTool({ name: 'everything__echo', arguments: { message: 'through the gateway' } });
  assert.match(echo.content[0].text, /through the gateway/);
  const sum = await s.client.callTool({ name: 'everything__get-sum', arguments: { a: 2, b: 40 } });
  assert.match(sum.content[0].text, /42/);
  const file = await s.client.callTool({ name: 'files__read_text_file', arguments: { path: path.join(shared, 'hello.txt') } });
  assert.match(file.content[0].text, /hello from the filesystem server/);
  await s.client.callTool({
    name: 'memory__create_entities',
    arguments: { entities: [{ name: 'gateway', entityType: 'test', observations: ['works'] }] },
  });
  const graph = await s.client.callTool({ name: 'memory__read_graph', arguments: {} });
  assert.match(JSON.stringify(graph), /gateway/);

  const prompts = await s.client.listPrompts();
  assert.ok(prompts.prompts.some((p) => p.name.startsWith('everything__')), 'prompts are namespaced too');
  const prompt = await s.client.getPrompt({ name: 'everything__simple-prompt', arguments: {} });
  assert.ok(prompt.messages.length > 0 && prompt.messages[0].content.type === 'text');
  // Resource URIs stay the child's own, and reads are forwarded.
  const resources = await s.client.listResources();
  const demo = resources.resources.find((r) => r.uri.startsWith('demo://'));
  assert.ok(demo, 'the child resources are listed');
  const read = await s.client.readResource({ uri: demo.uri });
  assert.equal(read.contents[0].uri, demo.uri);
  assert.ok(read.contents[0].text !== undefined || read.contents[0].blob !== undefined);
  const templates = await s.client.listResourceTemplates();
  assert.ok(templates.resourceTemplates.some((r) => r.uriTemplate === 'demo://resource/dynamic/text/{resourceId}'));
  const dynamic = await s.client.readResource({ uri: 'demo://resource/dynamic/text/7' });
  assert.equal(dynamic.contents[0].uri, 'demo://resource/dynamic/text/7');
  const children = await status(s.client);
  for (const name of ['everything', 'memory', 'files']) assert.equal(children[name].state, 'running', name);
  s.assertClean();
});

test('progress from the child reaches the agent; a cancelled call ends at once and the child keeps serving', async (t) => {
  const home = tempHome(t);
  const s = await gateway(t, home, { everything });
  const progress = [];
  const result = await s.client.callTool(
    { name: 'everything__trigger-long-running-operation', arguments: { duration: 1, steps: 4 } },
    undefined,
    { onprogress: (p) => progress.push(p) },
  );
  assert.match(result.content[0].text, /completed/i);
  assert.ok(progress.length >= 3, `progress notifications: ${JSON.stringify(progress)}`);
  assert.equal(progress.at(-1).total, 4);

  const controller = new AbortController();
  const started = Date.now();
  const pending = s.client.callTool(
    { name: 'everything__trigger-long-running-operation', arguments: { duration: 60, steps: 60 } },
    undefined,
    { signal: controller.signal },
  );
  setTimeout(() => controller.abort('test cancels'), 500);
  await assert.rejects(pending);
  assert.ok(Date.now() - started < 5000);
  const after = await s.client.callTool({ name: 'everything__echo', arguments: { message: 'still here' } });
  assert.match(after.content[0].text, /still here/);
});

test("a child's sampling request is relayed to the agent during the call", async (t) => {
  const home = tempHome(t);
  const s = await gateway(t, home, { everything }, {}, { sampling: {} });
  const requests = [];
  s.client.setRequestHandler(CreateMessageRequestSchema, (req) => {
    requests.push(req.params);
    return { model: 'e2e-model', role: 'assistant', content: { type: 'text', text: 'relayed answer 7' } };
  });
  // server-everything registers this tool once it has seen the client's sampling capability,
  // then sends tools/list_changed: the gateway lists again and the tool appears.
  await until('the sampling tool', async () => (await toolNames(s.client)).includes('everything__trigger-sampling-request'));
  const result = await s.client.callTool({ name: 'everything__trigger-sampling-request', arguments: { prompt: 'hi' } });
  assert.equal(requests.length, 1);
  assert.match(JSON.stringify(requests[0].messages), /hi/);
  assert.match(result.content[0].text, /relayed answer 7/);
  s.assertClean();
});

test('a child killed with SIGKILL is restarted; meanwhile its tools are gone or give a tool error', async (t) => {
  const home = tempHome(t);
  const s = await gateway(t, home, { everything, memory: { command: NODE, args: [MEMORY_JS],
    env: { MEMORY_FILE_PATH: path.join(home, 'memory.jsonl') } } });
  const before = (await status(s.client)).everything;
  assert.equal(before.state, 'running');
  assert.ok(before.pid > 0);
  process.kill(before.pid, 'SIGKILL');

  const during = await until('the child to be noticed as down', async () => {
    const st = (await status(s.client)).everything;
    return st.pid !== before.pid ? st : null;
  });
  if (during.state !== 'running') {
    const call = await s.client.callTool({ name: 'everything__echo', arguments: { message: 'x' } }).catch((e) => e);
    // Disabled (hidden from tools/list) tools answer with a tool error, not a hang.
    if (!(call instanceof Error)) assert.equal(call.isError, true);
  }
  const other = await s.client.callTool({ name: 'memory__read_graph', arguments: {} });
  assert.ok(!other.isError, 'the other child is unaffected');

  const after = await until('the restart', async () => {
    const st = (await status(s.client)).everything;
    return st.state === 'running' && st.pid !== before.pid ? st : null;
  });
  assert.ok(after.restarts >= 1);
  await until('the tools to come back', async () => (await toolNames(s.client)).includes('everything__echo'));
  const echo = await s.client.callTool({ name: 'everything__echo', arguments: { message: 'back again' } });
  assert.match(echo.content[0].text, /back again/);
});

test('a child that never answers initialize, or writes garbage to stdout, does not break the others', async (t) => {
  const home = tempHome(t);
  const s = await gateway(t, home, {
    silent: { command: NODE, args: ['-e', 'setInterval(() => {}, 1000)'], initialize_timeout_ms: 500 },
    noisy: {
      command: 'sh',
      args: ['-c', `echo 'this is not JSON'; echo '{"broken":'; echo '[]'; exec "${NODE}" "${MEMORY_JS}"`],
      env: { MEMORY_FILE_PATH: path.join(home, 'noisy.jsonl') },
    },
  });
  const children = await until('the silent child to fail', async () => {
    const st = await status(s.client);
    return st.silent.last_error ? st : null;
  });
  assert.match(children.silent.last_error, /did not answer initialize within 500 ms/);
  assert.notEqual(children.silent.state, 'running');
  assert.equal(children.noisy.state, 'running');
  const names = await toolNames(s.client);
  assert.ok(!names.some((n) => n.startsWith('silent__')));
  const graph = await s.client.callTool({ name: 'noisy__read_graph', arguments: {} });
  assert.ok(!graph.isError);
  assert.match(s.stderrText(), /not JSON-RPC/);
  s.assertClean();
});

test("a connection's token reaches the child's environment and nothing else", async (t) => {
  const home = tempHome(t);
  const masterKey = crypto.randomBytes(32).toString('base64');
  const env = { CONHUB_MASTER_KEY: masterKey, CONHUB_OTHER_SECRET: 'conhub-other-canary' };
  const connect = spawn(CONHUB, ['connect', 'github'], { env: { ...process.env, CONHUB_HOME: home, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  connect.stdin.end(`${TOKEN}\n`);
  assert.equal(await new Promise((r) => connect.on('close', r)), 0);

  const dump = path.join(home, 'child-env.json');
  const script = `require('fs').writeFileSync(process.env.DUMP_OUT, JSON.stringify({ env: process.env, argv: process.argv })); import(${JSON.stringify(MEMORY_JS)});`;
  const s = await gateway(t, home, {
    gh: { command: NODE, args: ['-e', script], connection: 'github',
      env: { DUMP_OUT: dump, MEMORY_FILE_PATH: path.join(home, 'gh.jsonl') } },
  }, env);
  assert.ok((await toolNames(s.client)).includes('gh__read_graph'));
  const seen = JSON.parse(fs.readFileSync(dump, 'utf8'));
  assert.equal(seen.env.GITHUB_PERSONAL_ACCESS_TOKEN, TOKEN);
  assert.deepEqual(Object.keys(seen.env).filter((k) => k.startsWith('CONHUB_')), []);
  const carriers = Object.entries(seen.env).filter(([, v]) => v.includes(TOKEN) || v.includes(masterKey)).map(([k]) => k);
  assert.deepEqual(carriers, ['GITHUB_PERSONAL_ACCESS_TOKEN']);
  assert.ok(!seen.argv.some((a) => a.includes(TOKEN)));
  assert.ok(!s.stderrText().includes(TOKEN), 'the token is in conhub-mcp logs');
});

test('a bad gateway config stops serve before it serves, naming the problem', async (t) => {
  const home = tempHome(t);
  const cases = [
    [{ servers: { 'bad_name': { command: NODE } } }, /1-32 letters, digits or '-'/],
    [{ servers: { ok: { args: [] } } }, /needs "command"/],
    [{ servers: { ok: { command: NODE, colour: 'blue' } } }, /unknown key 'colour'/],
    [{ servers: { ok: { command: NODE, connection: 'github' } } }, /github/],
  ];
  for (const [config, expected] of cases) {
    const file = path.join(home, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(config));
    const child = spawn(CONHUB, ['serve', '--stdio', '--gateway-config', file], {
      env: { ...process.env, CONHUB_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    const err = [];
    child.stderr.on('data', (c) => err.push(c));
    child.stdin.end();
    const code = await new Promise((r) => child.on('close', r));
    assert.equal(code, 1, JSON.stringify(config));
    assert.match(Buffer.concat(err).toString(), expected);
  }
});

test('serve --http: GET /health shows each child by name and state only', async (t) => {
  const home = tempHome(t);
  const config = writeConfig(home, {
    everything,
    silent: { command: NODE, args: ['-e', 'setInterval(() => {}, 1000)'], initialize_timeout_ms: 300 },
  });
  const child = spawn(CONHUB, ['serve', '--http', '127.0.0.1:0', '--no-auth', '--gateway-config', config], {
    env: { ...process.env, CONHUB_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  // SIGTERM: conhub-mcp stops its children before it exits. (After a SIGKILL they would
  // outlive it, holding its stderr pipe open, and keep this test process alive.)
  const closed = new Promise((resolve) => child.once('close', resolve));
  t.after(async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await closed;
    clearTimeout(timer);
  });
  let stderr = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 30_000);
    child.stderr.on('data', (c) => {
      stderr += c;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  const body = await until('both children in /health', async () => {
    const b = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    return b.children?.length === 2 && b.children.every((c) => c.state !== 'starting') ? b : null;
  });
  assert.equal(body.status, 'ok');
  const states = Object.fromEntries(body.children.map((c) => [c.name, c.state]));
  assert.equal(states.everything, 'running');
  assert.notEqual(states.silent, 'running');
  for (const c of body.children) assert.deepEqual(Object.keys(c).sort(), ['name', 'state']);
});

test('calls through the gateway land in the audit log like built-in tools', async (t) => {
  const home = tempHome(t);
  const s = await gateway(t, home, { everything });
  await s.client.callTool({ name: 'everything__echo', arguments: { message: 'audited', api_key: 'sk-GatewayAuditCanary01234' } });
  await s.close();
  // The audit writer flushes as conhub-mcp exits: read until the row is there.
  const auditRows = () => new Promise((resolve) => {
    const audit = spawn(CONHUB, ['audit', '--json'], { env: { ...process.env, CONHUB_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    audit.stdout.on('data', (c) => out.push(c));
    audit.on('close', (code) => resolve(code === 0 ? JSON.parse(Buffer.concat(out).toString() || '[]') : []));
  });
  const rows = await until('the audit row', async () => {
    const all = await auditRows();
    return all.some((r) => r.name === 'everything__echo') ? all : null;
  });
  const row = rows.find((r) => r.name === 'everything__echo');
  assert.ok(row, JSON.stringify(rows));
  assert.equal(row.method, 'tools/call');
  assert.equal(row.ok, true);
  assert.ok(!JSON.stringify(rows).includes('sk-GatewayAuditCanary01234'), 'arguments are redacted');
});

test("a child's list_changed reaches the agent, and over-long names are cut to 64 characters", async (t) => {
  const home = tempHome(t);
  const s = await gateway(t, home, { changing: { command: NODE, args: [path.join(HERE, 'fixtures', 'changing_server.mjs')] } });
  let changed = 0;
  s.client.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed += 1; });
  await until('late_tool', async () => (await toolNames(s.client)).includes('changing__late_tool'));
  await until('a list_changed notification', async () => changed > 0);
  const long = (await toolNames(s.client)).find((n) => n.startsWith('changing__a_tool_name'));
  assert.ok(long, 'the long tool is listed');
  assert.equal(long.length, 64);
  assert.match(long, /^[a-zA-Z0-9_-]{1,64}$/);
  const r = await s.client.callTool({ name: long, arguments: {} });
  assert.equal(r.content[0].text, 'long ok');
  const late = await s.client.callTool({ name: 'changing__late_tool', arguments: {} });
  assert.equal(late.content[0].text, 'late ok');
});
