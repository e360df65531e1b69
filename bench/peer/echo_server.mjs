// The benchmark's peer: the official MCP TypeScript SDK (exact version pinned in
// bench/package.json and package-lock.json) serving the same conhub_echo tool as
// `conhub-mcp serve --stdio`, so the stdio driver compares like with like.
// Run it as `node bench/peer/echo_server.mjs` (exec node directly, so the driver's
// child pid is the server and its VmHWM is the server's).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "peer-echo", version: "1.0.0" });

server.registerTool(
  "conhub_echo",
  {
    description: "Echo the given text back as a single text content block.",
    inputSchema: { text: z.string() },
  },
  async ({ text }) => ({ content: [{ type: "text", text }] }),
);

await server.connect(new StdioServerTransport());
