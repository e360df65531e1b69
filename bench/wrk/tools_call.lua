-- wrk script for the HTTP benchmark (bench/run_http_bench.sh, bench/README.md): every
-- request is a Streamable HTTP `tools/call conhub_echo {"text":"hello"}` POST to /mcp in
-- an existing session.
--
--   wrk -t T -c C -d Ns --latency -s bench/wrk/tools_call.lua http://HOST:PORT/mcp -- BASE SID1 [SID2 ...]
--
-- BASE: where this run's JSON-RPC ids start (the bench gives each run its own range of
-- 10^9, so ids stay unique within a session across runs; thread i counts up from
-- BASE + (i-1) * 10^7). SIDn: session ids opened beforehand (bench/http_sessions create);
-- wrk thread i uses SID((i-1) mod n + 1). So ids are unique among a session's in-flight
-- requests (conhub-mcp refuses a duplicate with -32600).
-- A reply counts as bad unless it is 200 and carries the result with the echoed text.
-- done() prints one line: `WRK_JSON {...}` (requests, req/s, latency percentiles in us,
-- wrk's socket/status/timeout errors and our bad-reply count).

local threads = {}
local started = 0

function setup(thread)
  started = started + 1
  thread:set("thread_index", started)
  table.insert(threads, thread)
end

function init(args)
  -- wrk passes the URL as args[0], the words after it from args[1] on.
  local sessions = {}
  local i = 2
  while args[i] ~= nil do
    table.insert(sessions, args[i])
    i = i + 1
  end
  local base = tonumber(args[1])
  if base == nil or #sessions == 0 then
    error("usage: wrk ... -s tools_call.lua URL -- ID_BASE SESSION_ID...")
  end
  -- Each thread its own range of ids, so they stay unique even when threads share a session.
  next_id = base + (thread_index - 1) * 10000000
  session = sessions[(thread_index - 1) % #sessions + 1]
  headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, text/event-stream",
    ["Mcp-Session-Id"] = session,
    ["MCP-Protocol-Version"] = "2025-11-25",
  }
  bad = 0
  sse = 0
  first_bad = ""
end

function request()
  next_id = next_id + 1
  local body = '{"jsonrpc":"2.0","id":' .. next_id ..
    ',"method":"tools/call","params":{"name":"conhub_echo","arguments":{"text":"hello"}}}'
  return wrk.format("POST", nil, headers, body)
end

function response(status, hdrs, body)
  local ok = status == 200 and body ~= nil
    and string.find(body, '"result"', 1, true) ~= nil
    and string.find(body, '"text":"hello"', 1, true) ~= nil
    and string.find(body, '"isError":true', 1, true) == nil
  if not ok then
    bad = bad + 1
    if first_bad == "" then
      first_bad = "HTTP " .. status .. ": " .. string.sub(body or "", 1, 200)
    end
  end
  -- A correct reply that came as an SSE stream instead of application/json (conhub-mcp
  -- answers JSON when the result is ready within its grace period): counted, not an error.
  local ctype = hdrs["Content-Type"] or hdrs["content-type"] or ""
  if string.find(ctype, "text/event-stream", 1, true) then
    sse = sse + 1
  end
end

local function json_string(s)
  s = string.gsub(s, '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end)
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local bad_total, sse_total, first = 0, 0, ""
  for _, t in ipairs(threads) do
    bad_total = bad_total + t:get("bad")
    sse_total = sse_total + t:get("sse")
    if first == "" then first = t:get("first_bad") end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_s":%.3f,"requests_per_s":%.1f,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"bad_reply":%d},' ..
    '"sse_replies":%d,"first_bad":%s}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, bad_total, sse_total, json_string(first)))
end
