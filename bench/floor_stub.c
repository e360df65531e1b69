/* The benchmark's floor: not an MCP server, just canned JSON-RPC replies. It reads
 * stdin line by line and answers every request (a line with an "id") with a fixed
 * result carrying that id, so the stdio driver run against it measures what the
 * client, fork/exec and the pipes alone cost. Notifications (no "id") are ignored.
 * The tools/call reply's text equals the driver's payload, so the driver's checks
 * pass unchanged. Single-threaded; exits at end of input. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kPayload[] = "conhub-bench-payload-0123456789";

int main(void) {
  char* line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, stdin) > 0) {
    /* The driver writes "id" as the first member after "jsonrpc"; a cheap scan is enough. */
    char* id = strstr(line, "\"id\":");
    if (id == NULL) continue;
    id += 5;
    size_t len = strcspn(id, ",}");
    if (strstr(line, "\"method\":\"initialize\"") != NULL) {
      printf("{\"jsonrpc\":\"2.0\",\"id\":%.*s,\"result\":{\"protocolVersion\":\"2025-11-25\","
             "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"floor-stub\",\"version\":\"0\"}}}\n",
             (int)len, id);
    } else {
      printf("{\"jsonrpc\":\"2.0\",\"id\":%.*s,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"%s\"}]}}\n",
             (int)len, id, kPayload);
    }
    fflush(stdout);
  }
  free(line);
  return 0;
}
