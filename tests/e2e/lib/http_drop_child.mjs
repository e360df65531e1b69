// Child process of http_dropped_client.test.mjs: opens a session, its GET stream and a
// call on `mcpUrl`, prints READY once all three are under way, then waits to be killed.
// argv: mcpUrl, tool name, JSON arguments.
import { initializeRaw, post, SseReader } from './http_harness.mjs';

const [mcpUrl, tool, args] = process.argv.slice(2);
const { headers, sessionId } = await initializeRaw(mcpUrl);
const get = await fetch(mcpUrl, { headers: { ...headers, Accept: 'text/event-stream' } });
if (get.status !== 200) {
  console.log(`GET_FAILED ${get.status}`);
  process.exit(1);
}
const call = await post(mcpUrl, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: JSON.parse(args), _meta: { progressToken: 'drop' } } }, { headers });
if (call.status !== 200) {
  console.log(`CALL_FAILED ${call.status}`);
  process.exit(1);
}
const reader = new SseReader(call);
if ((call.headers.get('content-type') || '').includes('text/event-stream')) await reader.next();
console.log(`READY ${sessionId}`);
setInterval(() => {}, 1000);
