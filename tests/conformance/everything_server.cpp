// everything_server: the fixture server that the official MCP conformance suite
// (@modelcontextprotocol/conformance 0.1.16, `conformance server`) is run against. It
// registers exactly the tools, resources, templates, prompts and completions that the
// suite's server scenarios call, with the names, URIs and payloads those scenarios
// check (see SCENARIOS.md beside this file for the scenario-by-scenario reference).
// Everything protocol-level (initialize, ping, logging/setLevel, subscriptions,
// progress and log delivery) is the framework's job; this file only declares features.
// stdout carries protocol messages only; diagnostics go to stderr.
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <initializer_list>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "conhub/mcp/content.hpp"
#include "conhub/mcp/context.hpp"
#include "conhub/mcp/prompt.hpp"
#include "conhub/mcp/resource.hpp"
#include "conhub/mcp/run.hpp"
#include "conhub/mcp/schema.hpp"
#include "conhub/mcp/server.hpp"
#include "conhub/mcp/tool.hpp"

namespace mcp = conhub::mcp;
using nlohmann::json;

namespace {

constexpr int kExitUsage = 64;           // EX_USAGE: bad command line

// A 1x1 RGB PNG (69 bytes) and a 4-sample 16-bit mono 8 kHz PCM WAV (52 bytes), both
// generated for this fixture. tools-call-image/-audio and resources-read-binary check
// only that data and mimeType are present (audio: mimeType must be exactly audio/wav).
constexpr const char* kPngBase64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mPQqzUCAAG6AN76d2wkAAAAAElFTkSuQmCC";
constexpr const char* kWavBase64 = "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQgAAAAAAAAAAAAAAA==";

constexpr const char* kPromptArgsName = "test_prompt_with_arguments";
constexpr const char* kTemplateUri = "test://template/{id}/data";

/// Waits `duration`, or less when the client cancels the request. The logging and
/// progress scenarios ask for ~50 ms between notifications so that the client sees
/// them arrive one by one during the call. Returns false when cancelled.
bool pause(mcp::Context& ctx, std::chrono::milliseconds duration) {
  std::mutex mutex;
  std::condition_variable_any wakeup;
  std::unique_lock lock(mutex);
  wakeup.wait_for(lock, ctx.stop_token(), duration, [] { return false; });
  return !ctx.cancelled();
}

mcp::ToolResult result_of(std::vector<mcp::Content> content) {
  mcp::ToolResult result;
  result.content = std::move(content);
  return result;
}

// --- tools -----------------------------------------------------------------------

struct SamplingArgs {
  std::string prompt;
};
void from_json(const json& j, SamplingArgs& args) { j.at("prompt").get_to(args.prompt); }

struct ElicitationArgs {
  std::string message;
};
void from_json(const json& j, ElicitationArgs& args) { j.at("message").get_to(args.message); }

/// Tools that answer with fixed content blocks (tools-call-simple-text, -image, -audio,
/// -embedded-resource, -mixed-content, -error; tools-list checks every tool has a name,
/// a description and an inputSchema).
void add_content_tools(mcp::Server& server) {
  // tools-call-simple-text: called without `arguments`; needs one text block.
  server.add_tool({.name = "test_simple_text", .description = "Tests simple text content response"},
                  [](const json&, mcp::Context&) {
                    return mcp::ToolResult::text("This is a simple text response for testing.");
                  });

  // tools-call-image: an image block with data and mimeType.
  server.add_tool({.name = "test_image_content", .description = "Tests image content response"},
                  [](const json&, mcp::Context&) {
                    return result_of({mcp::Content::image(kPngBase64, "image/png")});
                  });

  // tools-call-audio: an audio block whose mimeType is exactly "audio/wav".
  server.add_tool({.name = "test_audio_content", .description = "Tests audio content response"},
                  [](const json&, mcp::Context&) {
                    return result_of({mcp::Content::audio(kWavBase64, "audio/wav")});
                  });

  // tools-call-embedded-resource: a `resource` block with uri, mimeType and text.
  server.add_tool({.name = "test_embedded_resource", .description = "Tests embedded resource content response"},
                  [](const json&, mcp::Context&) {
                    return result_of({mcp::Content::embedded_text(
                        "test://embedded-resource", "This is an embedded resource content.", "text/plain")});
                  });

  // tools-call-mixed-content: at least two blocks, among them text, image and resource.
  server.add_tool(
      {.name = "test_multiple_content_types",
       .description = "Tests response with multiple content types (text, image, resource)"},
      [](const json&, mcp::Context&) {
        return result_of({mcp::Content::text("Multiple content types test:"),
                          mcp::Content::image(kPngBase64, "image/png"),
                          mcp::Content::embedded_text("test://mixed-content-resource",
                                                      json{{"test", "data"}, {"value", 123}}.dump(),
                                                      "application/json")});
      });

  // tools-call-error: a tool execution error (isError: true) whose first block has text.
  server.add_tool({.name = "test_error_handling", .description = "Tests error response handling"},
                  [](const json&, mcp::Context&) {
                    return mcp::ToolResult::error("This tool intentionally returns an error for testing");
                  });

  // json-schema-2020-12 (pending in 0.1.16, run with --suite all): tools/list must show
  // this inputSchema verbatim, with $schema, $defs and additionalProperties:false kept.
  server.add_tool(
      {.name = "json_schema_2020_12_tool",
       .description = "Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)",
       .input = mcp::Schema::raw({
           {"$schema", "https://json-schema.org/draft/2020-12/schema"},
           {"type", "object"},
           {"$defs",
            {{"address",
              {{"type", "object"},
               {"properties", {{"street", {{"type", "string"}}}, {"city", {{"type", "string"}}}}}}}}},
           {"properties", {{"name", {{"type", "string"}}}, {"address", {{"$ref", "#/$defs/address"}}}}},
           {"additionalProperties", false},
       })},
      [](const json& arguments, mcp::Context&) {
        return mcp::ToolResult::text("JSON Schema 2020-12 tool called with: " + arguments.dump());
      });
}

/// Tools that talk back to the client while they run: log and progress notifications
/// (tools-call-with-logging, tools-call-with-progress) and the SSE resumption probe.
void add_notifying_tools(mcp::Server& server) {
  // tools-call-with-logging: the client sets level debug, calls with {} and then expects
  // at least 3 notifications/message during the call.
  server.add_tool({.name = "test_tool_with_logging",
                   .description = "Tests tool that emits log messages during execution"},
                  [](const json&, mcp::Context& ctx) {
                    ctx.log(mcp::LogLevel::kInfo, "Tool execution started");
                    if (!pause(ctx, std::chrono::milliseconds(50))) return mcp::ToolResult::error("cancelled");
                    ctx.log(mcp::LogLevel::kInfo, "Tool processing data");
                    if (!pause(ctx, std::chrono::milliseconds(50))) return mcp::ToolResult::error("cancelled");
                    ctx.log(mcp::LogLevel::kInfo, "Tool execution completed");
                    return mcp::ToolResult::text("Tool with logging executed successfully");
                  });

  // tools-call-with-progress: called with _meta.progressToken "progress-test-1"; expects
  // >= 3 notifications/progress for that token with non-decreasing progress.
  server.add_tool({.name = "test_tool_with_progress", .description = "Tests tool that reports progress notifications"},
                  [](const json&, mcp::Context& ctx) {
                    for (int step : {0, 50, 100}) {
                      if (step > 0 && !pause(ctx, std::chrono::milliseconds(50))) {
                        return mcp::ToolResult::error("cancelled");
                      }
                      ctx.progress(step, 100, "Completed step " + std::to_string(step) + " of 100");
                    }
                    const json& meta = ctx.meta();
                    auto token = meta.find("progressToken");
                    return mcp::ToolResult::text(token == meta.end() ? std::string("no progress token")
                                                                     : "progress token: " + token->dump());
                  });

  // Not a conformance fixture: our e2e tests use it to show that a slow call does not block
  // ping or other calls, and that cancellation reaches the handler (tests/e2e/progress_cancel).
  server.add_tool({.name = "test_slow_tool",
                   .description = "Sleeps for duration_ms in 100 ms steps, reporting progress; stops when cancelled",
                   .input = mcp::Schema::object({{"duration_ms", mcp::Schema::integer().range(0, 600000)}})},
                  [](const json& args, mcp::Context& ctx) {
                    const auto total = args["duration_ms"].get<std::int64_t>();
                    std::int64_t elapsed = 0;
                    ctx.progress(0, static_cast<double>(total));
                    while (elapsed < total) {
                      const auto step = std::min<std::int64_t>(100, total - elapsed);
                      if (!pause(ctx, std::chrono::milliseconds(step))) return mcp::ToolResult::error("cancelled");
                      elapsed += step;
                      ctx.progress(static_cast<double>(elapsed), static_cast<double>(total));
                    }
                    return mcp::ToolResult::text("slept " + std::to_string(total) + " ms");
                  });

  // server-sse-polling (pending in 0.1.16, SEP-1699): the scenario POSTs tools/call for
  // this tool over Streamable HTTP and hopes the server closes the SSE stream mid-call,
  // then resumes it via GET + Last-Event-ID. Closing the stream is a transport action the
  // Context API cannot request yet (see README.md); without it the result simply arrives
  // on the POST stream, which the scenario reports as INFO, not as a failure.
  server.add_tool({.name = "test_reconnection",
                   .description = "Tests SSE stream disconnection and client reconnection (SEP-1699)"},
                  [](const json&, mcp::Context& ctx) {
                    if (!pause(ctx, std::chrono::milliseconds(100))) return mcp::ToolResult::error("cancelled");
                    return mcp::ToolResult::text("Reconnection test completed successfully.");
                  });
}

/// Formats an elicitation answer the way the elicitation scenarios document it:
/// "<prefix>: action=<accept|decline|cancel>, content={...}".
mcp::ToolResult elicitation_outcome(const std::string& prefix, const mcp::Result<json>& answer) {
  if (!answer) return mcp::ToolResult::error("Elicitation failed: " + answer.error().message);
  const json& reply = *answer;
  return mcp::ToolResult::text(prefix + ": action=" + reply.value("action", std::string("?")) +
                               ", content=" + reply.value("content", json::object()).dump());
}

/// Tools that ask the client something: sampling/createMessage and elicitation/create
/// (tools-call-sampling, tools-call-elicitation, elicitation-sep1034-defaults,
/// elicitation-sep1330-enums). The suite's client declares `sampling: {}` and
/// `elicitation: {}` and answers every such request with a canned reply.
void add_asking_tools(mcp::Server& server) {
  // tools-call-sampling: must send sampling/createMessage; the result needs content.
  server.add_typed_tool<SamplingArgs>(
      {.name = "test_sampling",
       .description = "Tests server-initiated sampling (LLM completion request)",
       .input = mcp::Schema::object({{"prompt", mcp::Schema::string("The prompt to send to the LLM")}})},
      [](const SamplingArgs& args, mcp::Context& ctx) {
        json params = {
            {"messages", json::array({{{"role", "user"}, {"content", {{"type", "text"}, {"text", args.prompt}}}}})},
            {"maxTokens", 100}};
        auto answer = ctx.ask("sampling", mcp::InputRequest::sample(std::move(params)));
        if (!answer) return mcp::ToolResult::error("Sampling failed: " + answer.error().message);
        // CreateMessageResult.content is one block (or, with tools, possibly an array).
        json content = answer->value("content", json::object());
        if (content.is_array() && !content.empty()) content = content.front();
        return mcp::ToolResult::text("LLM response: " + content.value("text", std::string("(no text)")));
      });

  // tools-call-elicitation: must send elicitation/create; the client accepts with
  // {username, email}, the fields its scenario documents, so the schema asks for those.
  server.add_typed_tool<ElicitationArgs>(
      {.name = "test_elicitation",
       .description = "Tests server-initiated elicitation (user input request)",
       .input = mcp::Schema::object({{"message", mcp::Schema::string("The message to show the user")}})},
      [](const ElicitationArgs& args, mcp::Context& ctx) {
        json schema = {{"type", "object"},
                       {"properties",
                        {{"username", {{"type", "string"}, {"description", "User's response"}}},
                         {"email", {{"type", "string"}, {"description", "User's email address"}}}}},
                       {"required", {"username", "email"}}};
        return elicitation_outcome("User response",
                                   ctx.ask("elicitation", mcp::InputRequest::elicit(args.message, std::move(schema))));
      });

  // elicitation-sep1034-defaults (2025-11-25): the requestedSchema must carry these exact
  // types and defaults; the checks read them back from the elicitation/create request.
  server.add_tool(
      {.name = "test_elicitation_sep1034_defaults", .description = "Tests elicitation with default values per SEP-1034"},
      [](const json&, mcp::Context& ctx) {
        json schema = {
            {"type", "object"},
            {"properties",
             {{"name", {{"type", "string"}, {"description", "User name"}, {"default", "John Doe"}}},
              {"age", {{"type", "integer"}, {"description", "User age"}, {"default", 30}}},
              {"score", {{"type", "number"}, {"description", "User score"}, {"default", 95.5}}},
              {"status",
               {{"type", "string"},
                {"description", "User status"},
                {"enum", {"active", "inactive", "pending"}},
                {"default", "active"}}},
              {"verified", {{"type", "boolean"}, {"description", "Verification status"}, {"default", true}}}}},
            {"required", json::array()}};
        return elicitation_outcome(
            "Elicitation completed",
            ctx.ask("sep1034_defaults",
                    mcp::InputRequest::elicit("Please review and update the form fields with defaults",
                                              std::move(schema))));
      });

  // elicitation-sep1330-enums (2025-11-25): the five enum shapes, each checked for its
  // keywords and for the absence of the others' (e.g. untitled enums carry no oneOf).
  server.add_tool(
      {.name = "test_elicitation_sep1330_enums",
       .description = "Tests elicitation with enum schema improvements per SEP-1330"},
      [](const json&, mcp::Context& ctx) {
        auto titled = [](std::initializer_list<std::pair<const char*, const char*>> options) {
          json list = json::array();
          for (const auto& [value, title] : options) list.push_back({{"const", value}, {"title", title}});
          return list;
        };
        json schema = {
            {"type", "object"},
            {"properties",
             {{"untitledSingle",
               {{"type", "string"}, {"description", "Select one option"}, {"enum", {"option1", "option2", "option3"}}}},
              {"titledSingle",
               {{"type", "string"},
                {"description", "Select one option with titles"},
                {"oneOf",
                 titled({{"value1", "First Option"}, {"value2", "Second Option"}, {"value3", "Third Option"}})}}},
              {"legacyEnum",
               {{"type", "string"},
                {"description", "Select one option (legacy)"},
                {"enum", {"opt1", "opt2", "opt3"}},
                {"enumNames", {"Option One", "Option Two", "Option Three"}}}},
              {"untitledMulti",
               {{"type", "array"},
                {"description", "Select multiple options"},
                {"minItems", 1},
                {"maxItems", 3},
                {"items", {{"type", "string"}, {"enum", {"option1", "option2", "option3"}}}}}},
              {"titledMulti",
               {{"type", "array"},
                {"description", "Select multiple options with titles"},
                {"minItems", 1},
                {"maxItems", 3},
                {"items",
                 {{"anyOf",
                   titled({{"value1", "First Choice"}, {"value2", "Second Choice"}, {"value3", "Third Choice"}})}}}}}}},
            {"required", json::array()}};
        return elicitation_outcome(
            "Elicitation completed",
            ctx.ask("sep1330_enums",
                    mcp::InputRequest::elicit("Please select options from the enum fields", std::move(schema))));
      });
}

// --- resources -------------------------------------------------------------------

/// resources-list (each resource has uri and name), resources-read-text,
/// resources-read-binary, resources-templates-read, resources-subscribe/-unsubscribe
/// (both use test://watched-resource; subscription bookkeeping is the framework's).
void add_resources(mcp::Server& server) {
  server.add_resource({.uri = "test://static-text",
                       .name = "static-text",
                       .title = "Static Text Resource",
                       .description = "A static text resource for testing",
                       .mime_type = "text/plain"},
                      [](const std::string& uri, mcp::Context&) -> mcp::Result<mcp::ResourceContents> {
                        return mcp::ResourceContents{mcp::ResourceContent::of_text(
                            uri, "This is the content of the static text resource.", "text/plain")};
                      });

  server.add_resource({.uri = "test://static-binary",
                       .name = "static-binary",
                       .title = "Static Binary Resource",
                       .description = "A static binary resource (image) for testing",
                       .mime_type = "image/png"},
                      [](const std::string& uri, mcp::Context&) -> mcp::Result<mcp::ResourceContents> {
                        return mcp::ResourceContents{mcp::ResourceContent::of_blob(uri, kPngBase64, "image/png")};
                      });

  server.add_resource({.uri = "test://watched-resource",
                       .name = "watched-resource",
                       .title = "Watched Resource",
                       .description = "A resource that clients can subscribe to",
                       .mime_type = "text/plain"},
                      [](const std::string& uri, mcp::Context&) -> mcp::Result<mcp::ResourceContents> {
                        return mcp::ResourceContents{
                            mcp::ResourceContent::of_text(uri, "Watched resource content", "text/plain")};
                      });

  // resources-templates-read reads test://template/123/data; the text must contain "123".
  server.add_resource_template({.uri_template = kTemplateUri,
                                .name = "template",
                                .title = "Resource Template",
                                .description = "A resource template with parameter substitution",
                                .mime_type = "application/json"},
                               [](const mcp::UriMatch& match, mcp::Context&) -> mcp::Result<mcp::ResourceContents> {
                                 const std::string& id = match["id"];
                                 json body = {{"id", id}, {"templateTest", true}, {"data", "Data for ID: " + id}};
                                 return mcp::ResourceContents{
                                     mcp::ResourceContent::of_text(match.uri, body.dump(), "application/json")};
                               });
}

// --- prompts ---------------------------------------------------------------------

mcp::Result<std::string> required_argument(const mcp::PromptArgs& args, const std::string& name) {
  auto it = args.find(name);
  if (it == args.end()) return mcp::Error::invalid_params("missing required argument '" + name + "'");
  return it->second;
}

/// prompts-list (each prompt has name and description), prompts-get-simple,
/// prompts-get-with-args, prompts-get-embedded-resource, prompts-get-with-image.
void add_prompts(mcp::Server& server) {
  server.add_prompt({.name = "test_simple_prompt",
                     .title = "Simple Test Prompt",
                     .description = "A simple prompt without arguments"},
                    [](const mcp::PromptArgs&, mcp::Context&) -> mcp::Result<mcp::PromptResult> {
                      return mcp::PromptResult{
                          .messages = {{"user", mcp::Content::text("This is a simple prompt for testing.")}}};
                    });

  // Called with {arg1: "testValue1", arg2: "testValue2"}; both values must appear.
  server.add_prompt({.name = kPromptArgsName,
                     .title = "Prompt With Arguments",
                     .description = "A prompt with required arguments",
                     .arguments = {{.name = "arg1", .description = "First test argument", .required = true},
                                   {.name = "arg2", .description = "Second test argument", .required = true}}},
                    [](const mcp::PromptArgs& args, mcp::Context&) -> mcp::Result<mcp::PromptResult> {
                      auto arg1 = required_argument(args, "arg1");
                      if (!arg1) return arg1.error();
                      auto arg2 = required_argument(args, "arg2");
                      if (!arg2) return arg2.error();
                      return mcp::PromptResult{.messages = {
                                                   {"user", mcp::Content::text("Prompt with arguments: arg1='" + *arg1 +
                                                                               "', arg2='" + *arg2 + "'")}}};
                    });

  // Called with {resourceUri: "test://example-resource"}; needs a `resource` block.
  server.add_prompt(
      {.name = "test_prompt_with_embedded_resource",
       .title = "Prompt With Embedded Resource",
       .description = "A prompt that includes an embedded resource",
       .arguments = {{.name = "resourceUri", .description = "URI of the resource to embed", .required = true}}},
      [](const mcp::PromptArgs& args, mcp::Context&) -> mcp::Result<mcp::PromptResult> {
        auto uri = required_argument(args, "resourceUri");
        if (!uri) return uri.error();
        return mcp::PromptResult{
            .messages = {
                {"user", mcp::Content::embedded_text(*uri, "Embedded resource content for testing.", "text/plain")},
                {"user", mcp::Content::text("Please process the embedded resource above.")}}};
      });

  // Needs a message whose content is an image with data and mimeType.
  server.add_prompt({.name = "test_prompt_with_image",
                     .title = "Prompt With Image",
                     .description = "A prompt that includes image content"},
                    [](const mcp::PromptArgs&, mcp::Context&) -> mcp::Result<mcp::PromptResult> {
                      return mcp::PromptResult{
                          .messages = {{"user", mcp::Content::image(kPngBase64, "image/png")},
                                       {"user", mcp::Content::text("Please analyze the image above.")}}};
                    });
}

// --- completions -----------------------------------------------------------------

std::vector<std::string> starting_with(const std::vector<std::string>& candidates, const std::string& prefix) {
  std::vector<std::string> matches;
  for (const auto& candidate : candidates) {
    if (candidate.compare(0, prefix.size(), prefix) == 0) matches.push_back(candidate);
  }
  return matches;
}

/// completion-complete sends ref/prompt test_prompt_with_arguments, argument arg1 = "test",
/// and checks only that completion.values is an array. The template's {id} is completable
/// too, so both kinds of ref reach a handler.
void add_completions(mcp::Server& server) {
  const std::vector<std::string> words = {"testValue1", "testValue2", "test-argument", "paris", "park", "party"};
  for (const char* argument : {"arg1", "arg2"}) {
    server.add_completion(mcp::CompletionRef::prompt(kPromptArgsName), argument,
                          [words](const std::string& partial, const std::map<std::string, std::string>&) {
                            return starting_with(words, partial);
                          });
  }
  server.add_completion(mcp::CompletionRef::resource_template(kTemplateUri), "id",
                        [](const std::string& partial, const std::map<std::string, std::string>&) {
                          return starting_with({"1", "2", "3", "42", "123"}, partial);
                        });
}

// --- command line ----------------------------------------------------------------

constexpr const char* kUsage =
    "usage: everything_server --stdio\n"
    "       everything_server --http HOST:PORT\n"
    "       everything_server --help\n"
    "\n"
    "The fixture server of the MCP conformance suite (@modelcontextprotocol/conformance).\n"
    "  --stdio            serve one client over stdin/stdout (newline-delimited JSON-RPC)\n"
    "  --http HOST:PORT   serve Streamable HTTP at http://HOST:PORT/mcp (PORT 0: any free port)\n"
    "  --help             print this help\n"
    "Exit codes: 0 clean shutdown, 1 cannot bind, 64 bad command line.\n";

/// Accepts "HOST:PORT" with a non-empty host and a port in 0..65535 (0: any free port).
bool valid_host_port(std::string_view value) {
  auto colon = value.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == value.size()) return false;
  long port = 0;
  for (char c : value.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + (c - '0');
    if (port > 65535) return false;
  }
  return true;
}

/// Serves Streamable HTTP (and the legacy HTTP+SSE pair) without authentication on a
/// loopback HOST:PORT; run_http prints "conhub-mcp: listening on http://HOST:PORT" on stderr.
int serve_http(mcp::Server& server, std::string_view host_port) {
  const auto colon = host_port.rfind(':');
  mcp::HttpOptions options;
  options.host = std::string(host_port.substr(0, colon));
  if (options.host.size() >= 2 && options.host.front() == '[' && options.host.back() == ']')
    options.host = options.host.substr(1, options.host.size() - 2);
  options.port = std::stoi(std::string(host_port.substr(colon + 1)));
  return mcp::run_http(server, std::move(options));
}

int usage_error(const std::string& message) {
  std::cerr << "everything_server: " << message << "\n" << kUsage;
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  enum class Mode { kNone, kStdio, kHttp };
  Mode mode = Mode::kNone;
  std::string host_port;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    Mode wanted = Mode::kNone;
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return EXIT_SUCCESS;
    } else if (arg == "--stdio") {
      wanted = Mode::kStdio;
    } else if (arg == "--http" || arg.starts_with("--http=")) {
      wanted = Mode::kHttp;
      if (arg == "--http") {
        if (i + 1 >= argc) return usage_error("--http needs HOST:PORT");
        host_port = argv[++i];
      } else {
        host_port = std::string(arg.substr(std::string_view("--http=").size()));
      }
      if (!valid_host_port(host_port)) return usage_error("--http expects HOST:PORT, got '" + host_port + "'");
    } else {
      return usage_error("unknown argument '" + std::string(arg) + "'");
    }
    if (mode != Mode::kNone) return usage_error("give exactly one of --stdio and --http");
    mode = wanted;
  }
  if (mode == Mode::kNone) return usage_error("give --stdio or --http HOST:PORT");

  mcp::Server server({.name = "conhub-everything-server", .version = "0.1.0"});
  add_content_tools(server);
  add_notifying_tools(server);
  add_asking_tools(server);
  add_resources(server);
  add_prompts(server);
  add_completions(server);

  if (mode == Mode::kHttp) return serve_http(server, host_port);
  return mcp::run_stdio(server);
}
