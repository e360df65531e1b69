/* The benchmark's floor: not an MCP server, just canned JSON-RPC replies. It reads
 * stdin line by line and answers every request (a line with an "id") with a fixed
 * result carrying that id, so the stdio driver run against it measures what the
 * client, fork/exec and the pipes alone cost. Notifications (no "id") are ignored.
 * The tools/call reply's text equals the driver's payload, so the driver's checks
 * pass unchanged. With --reply-file PATH the text is that file's contents instead (read
 * and JSON-escaped once at start), so the files benchmark's read comparison moves as many
 * bytes as a real file read. Single-threaded; exits at end of input. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char kPayload[] = "conhub-bench-payload-0123456789";

/* The file's bytes as the inside of a JSON string; NULL when it cannot be read. */
static char* escaped_file(const char* path) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  size_t cap = 4096, len = 0;
  char* out = malloc(cap);
  int c;
  while (out != NULL && (c = fgetc(f)) != EOF) {
    if (len + 8 > cap) {
      char* grown = realloc(out, cap *= 2);
      if (grown == NULL) free(out);
      out = grown;
      if (out == NULL) break;
    }
    if (c == '"' || c == '\\') {
      out[len++] = '\\';
      out[len++] = (char)c;
    } else if (c == '\n') {
      out[len++] = '\\';
      out[len++] = 'n';
    } else if (c == '\t') {
      out[len++] = '\\';
      out[len++] = 't';
    } else if (c < 0x20) {
      len += (size_t)snprintf(out + len, 8, "\\u%04x", c);
    } else {
      out[len++] = (char)c;
    }
  }
  fclose(f);
  if (out != NULL) out[len] = '\0';
  return out;
}

int main(int argc, char** argv) {
  const char* text = kPayload;
  char* owned = NULL;
  if (argc == 3 && strcmp(argv[1], "--reply-file") == 0) {
    owned = escaped_file(argv[2]);
    if (owned == NULL) {
      fprintf(stderr, "floor_stub: cannot read %s\n", argv[2]);
      return 1;
    }
    text = owned;
  } else if (argc != 1) {
    fprintf(stderr, "usage: floor_stub [--reply-file PATH]\n");
    return 2;
  }
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
             (int)len, id, text);
    }
    fflush(stdout);
  }
  free(line);
  free(owned);
  return 0;
}
