// The HTTP benchmark's peer: the official MCP TypeScript SDK (exact version pinned in
// bench/package.json and package-lock.json) serving the same conhub_echo tool as
// `conhub-mcp serve --http`, over Streamable HTTP at /mcp, the way the SDK's own stateful
// example does it: one McpServer + StreamableHTTPServerTransport per session
// (sessionIdGenerator randomUUID, enableJsonResponse: true, its fastest mode), on node:http.
// GET /health answers {"status":"ok"} like conhub-mcp's.
//
// Usage: node bench/peer/echo_http_server.mjs [--listen HOST:PORT]   (default 127.0.0.1:0)
// Prints `echo-http: listening on http://HOST:PORT` on stderr once bound. Exec node
// directly, so the bench's pid is the server's and its VmRSS is the server's.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

let listen = "127.0.0.1:0";
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === "--listen" && i + 1 < process.argv.length) listen = process.argv[++i];
  else {
    console.error("usage: node echo_http_server.mjs [--listen HOST:PORT]");
    process.exit(2);
  }
}
const colon = listen.lastIndexOf(":");
const host = listen.slice(0, colon);
const port = Number(listen.slice(colon + 1));

function newMcpServer() {
  const server = new McpServer({ name: "peer-echo-http", version: "1.0.0" });
  server.registerTool(
    "conhub_echo",
    {
      description: "Echo the given text back as a single text content block.",
      inputSchema: { text: z.string() },
    },
    async ({ text }) => ({ content: [{ type: "text", text }] }),
  );
  return server;
}

/** session id -> its transport; an entry lives from initialize until DELETE. */
const transports = new Map();

function jsonError(res, status, message, code = -32600) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code, message } }));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function handle(req, res) {
  const path = (req.url ?? "/").split("?")[0];
  if (path === "/health" && req.method === "GET") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end('{"status":"ok"}');
    return;
  }
  if (path !== "/mcp") return jsonError(res, 404, "Not found");

  const sessionId = req.headers["mcp-session-id"];
  if (req.method === "POST") {
    let body;
    try {
      body = await readJson(req);
    } catch {
      return jsonError(res, 400, "Parse error", -32700);
    }
    if (sessionId !== undefined) {
      const transport = transports.get(sessionId);
      if (!transport) return jsonError(res, 404, "Session not found");
      return transport.handleRequest(req, res, body);
    }
    if (!isInitializeRequest(body)) return jsonError(res, 400, "Bad Request: no session");
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: true,
      onsessioninitialized: (id) => {
        transports.set(id, transport);
      },
      onsessionclosed: (id) => {
        transports.delete(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
    };
    await newMcpServer().connect(transport);
    return transport.handleRequest(req, res, body);
  }
  if (req.method === "GET" || req.method === "DELETE") {
    const transport = sessionId === undefined ? undefined : transports.get(sessionId);
    if (!transport) return jsonError(res, sessionId === undefined ? 400 : 404, "Session not found");
    return transport.handleRequest(req, res);
  }
  res.writeHead(405, { Allow: "GET, POST, DELETE" });
  res.end();
}

const http = createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(`echo-http: ${err?.stack ?? err}`);
    if (!res.headersSent) jsonError(res, 500, "Internal error", -32603);
    else res.end();
  });
});
http.listen(port, host, () => {
  const a = http.address();
  console.error(`echo-http: listening on http://${a.address}:${a.port}`);
});
