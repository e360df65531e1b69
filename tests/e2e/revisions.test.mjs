// Result shaping per revision: the same everything_server features, driven on every
// stateful revision over the raw wire. Each response must validate against that
// revision's schema and carry no field the revision does not define (checked by
// lib/schema.mjs), e.g. no audio block, title or structuredContent on 2024-11-05 and no
// resultType or cache hints before 2026-07-28.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATEFUL_REVISIONS, binary, rawSession } from './lib/harness.mjs';

const EVERYTHING = binary('EVERYTHING_BIN');
const ARGS = ['--stdio'];

const TOOLS = [
  'test_simple_text',
  'test_image_content',
  'test_audio_content',
  'test_embedded_resource',
  'test_multiple_content_types',
  'test_error_handling',
];

async function ok(s, method, params) {
  const response = await s.request(method, params);
  assert.ok(response.result, `${method} ${JSON.stringify(params)}: ${JSON.stringify(response.error)}`);
  return response.result;
}

for (const revision of STATEFUL_REVISIONS) {
  test(`everything_server on ${revision}: every answer fits the ${revision} schema`, async (t) => {
    const s = rawSession(t, EVERYTHING, { args: ARGS, revision });
    const init = await s.initialize(revision);
    assert.equal(init.protocolVersion, revision);

    const { tools } = await ok(s, 'tools/list', {});
    assert.ok(tools.length >= TOOLS.length);
    for (const name of TOOLS) {
      const result = await ok(s, 'tools/call', { name, arguments: {} });
      assert.ok(result.content.length > 0, `${name} returned no content`);
      if (revision === '2024-11-05') {
        // 2024-11-05 has no audio content: the block must be carried some other way.
        assert.ok(!result.content.some((c) => c.type === 'audio'), `${name}: audio block on 2024-11-05`);
      }
    }

    const { resources } = await ok(s, 'resources/list', {});
    assert.ok(resources.some((r) => r.uri === 'test://static-text'));
    await ok(s, 'resources/templates/list', {});
    const binary = await ok(s, 'resources/read', { uri: 'test://static-binary' });
    assert.equal(typeof binary.contents[0].blob, 'string');
    await ok(s, 'resources/read', { uri: 'test://template/7/data' });

    const { prompts } = await ok(s, 'prompts/list', {});
    assert.ok(prompts.some((p) => p.name === 'test_prompt_with_image'));
    await ok(s, 'prompts/get', { name: 'test_prompt_with_image' });
    await ok(s, 'prompts/get', { name: 'test_prompt_with_embedded_resource', arguments: { resourceUri: 'test://x' } });

    s.assertClean();
  });
}
