// The github connector end to end: the fake GitHub (`fake_github --port 0`) stands in for
// api.github.com; `conhub-mcp connect github --base-url` stores the token (from stdin) and the
// base URL, and the official SDK client searches issues and reads a file through
// `conhub-mcp serve --stdio`. A revoked token shows up as status error in `connections`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binary, runConhub as run, sdkSession, startFake, tempDir, textOf } from './lib/harness.mjs';

const CONHUB = binary('CONHUB_BIN');
const FAKE_GITHUB = binary('FAKE_GITHUB_BIN');
const TOKEN = 'ghp_fakeToken0123456789abcdefABCDEF0123';
const tempHome = (t) => tempDir(t, 'conhub-e2e-gh-');

test('github: connect with --base-url, then search issues and read a file through serve --stdio', async (t) => {
  const home = tempHome(t);
  const base = await startFake(t, FAKE_GITHUB);
  let r = await run(home, ['connect', 'github', '--base-url', base], `${TOKEN}\n`);
  assert.equal(r.code, 0, r.stderr);
  r = await run(home, ['connect', 'github', '--name', 'revoked', '--base-url', base], 'ghp_revoked0000000000000000000000000000\n');
  assert.equal(r.code, 0, r.stderr);

  const s = await sdkSession(t, CONHUB, { env: { ...process.env, CONHUB_HOME: home } });
  const names = (await s.client.listTools()).tools.map((x) => x.name);
  for (const n of ['github_default_search_issues', 'github_default_list_issues', 'github_default_get_file',
    'github_revoked_search_issues']) {
    assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  }

  let res = await s.client.callTool({ name: 'github_default_search_issues',
    arguments: { query: 'greeting', repo: 'octocat/hello-world' } });
  assert.ok(!res.isError, textOf(res));
  assert.ok(res.structuredContent.items.length > 0);

  res = await s.client.callTool({ name: 'github_default_get_file',
    arguments: { repo: 'octocat/hello-world', path: 'README.md' } });
  assert.ok(!res.isError, textOf(res));
  assert.match(textOf(res), /Hello World/);

  res = await s.client.callTool({ name: 'github_revoked_list_issues', arguments: { repo: 'octocat/hello-world' } });
  assert.equal(res.isError, true);
  assert.ok(!textOf(res).includes('ghp_revoked'));
  s.assertClean();
  await s.close();

  r = await run(home, ['connections', '--json']);
  const revoked = JSON.parse(r.stdout).find((c) => c.name === 'revoked');
  assert.equal(revoked.status, 'error');
  assert.ok(revoked.last_error);
});

test('github: one connection with --allow-writes; review a pull request, read a file resource, file an issue', async (t) => {
  const home = tempHome(t);
  const base = await startFake(t, FAKE_GITHUB);
  const r = await run(home, ['connect', 'github', '--allow-writes', '--base-url', base], `${TOKEN}\n`);
  assert.equal(r.code, 0, r.stderr);

  const s = await sdkSession(t, CONHUB, { env: { ...process.env, CONHUB_HOME: home } });
  const tools = (await s.client.listTools()).tools;
  const byName = Object.fromEntries(tools.map((x) => [x.name, x]));
  for (const n of ['github_search_repositories', 'github_search_code', 'github_get_issue', 'github_list_pull_requests',
    'github_get_pull_request', 'github_get_pull_request_diff', 'github_list_commits', 'github_create_issue',
    'github_create_comment']) {
    assert.ok(byName[n], `${n} in ${Object.keys(byName).join(', ')}`);
  }
  assert.equal(byName.github_get_pull_request_diff.annotations.readOnlyHint, true);
  assert.equal(byName.github_create_issue.annotations.readOnlyHint, false);
  assert.equal(byName.github_create_issue.annotations.destructiveHint, false);

  let res = await s.client.callTool({ name: 'github_get_pull_request', arguments: { repo: 'octocat/hello-world', number: 6 } });
  assert.ok(!res.isError, textOf(res));
  assert.equal(res.structuredContent.merged, true);
  res = await s.client.callTool({ name: 'github_get_pull_request_diff', arguments: { repo: 'octocat/hello-world', number: 6 } });
  assert.match(textOf(res), /^diff --git a\/README.md b\/README.md/);

  const { resourceTemplates } = await s.client.listResourceTemplates();
  assert.ok(resourceTemplates.some((x) => x.uriTemplate === 'github://{owner}/{repo}/{+path}{?ref}'));
  const file = await s.client.readResource({ uri: 'github://octocat/hello-world/docs/guide.md' });
  assert.match(file.contents[0].text, /Run `make`/);

  res = await s.client.callTool({ name: 'github_create_issue',
    arguments: { repo: 'octocat/hello-world', title: 'Filed from e2e', body: 'by the SDK client' } });
  assert.ok(!res.isError, textOf(res));
  const number = res.structuredContent.number;
  res = await s.client.callTool({ name: 'github_get_issue', arguments: { repo: 'octocat/hello-world', number } });
  assert.equal(res.structuredContent.title, 'Filed from e2e');
  s.assertClean();
  await s.close();
});
