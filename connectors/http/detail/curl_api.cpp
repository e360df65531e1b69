#include "http/detail/curl_api.hpp"

#include <dlfcn.h>

#include <mutex>

namespace conhub::connectors::detail {

namespace {

// Stand-ins for a libcurl that could not be loaded: every handle is null, every call fails.
CURL* no_easy() { return nullptr; }
void no_cleanup(CURL*) {}
CURLcode no_easy_opt(CURL*, CURLoption, ...) { return CURLE_FAILED_INIT; }
CURLcode no_easy_info(CURL*, CURLINFO, ...) { return CURLE_FAILED_INIT; }
const char* no_strerror(CURLcode) { return "libcurl is not available"; }
CURLM* no_multi() { return nullptr; }
CURLMcode no_multi_op(CURLM*) { return CURLM_INTERNAL_ERROR; }
CURLMcode no_multi_handle(CURLM*, CURL*) { return CURLM_INTERNAL_ERROR; }
CURLMcode no_perform(CURLM*, int*) { return CURLM_INTERNAL_ERROR; }
CURLMcode no_poll(CURLM*, struct curl_waitfd*, unsigned int, int, int*) { return CURLM_INTERNAL_ERROR; }
CURLMsg* no_info(CURLM*, int*) { return nullptr; }
CURLSH* no_share() { return nullptr; }
CURLSHcode no_share_cleanup(CURLSH*) { return CURLSHE_INVALID; }
CURLSHcode no_share_opt(CURLSH*, CURLSHoption, ...) { return CURLSHE_INVALID; }
curl_slist* no_append(curl_slist*, const char*) { return nullptr; }
void no_free(curl_slist*) {}

constexpr CurlApi kMissing{no_easy,  no_cleanup, no_easy_opt, no_easy_info, no_strerror,   no_multi,
                           no_multi_op, no_multi_handle, no_multi_handle, no_perform, no_poll, no_multi_op,
                           no_info,  no_share,   no_share_cleanup, no_share_opt, no_append, no_free};

struct Loaded {
  CurlApi api = kMissing;
  std::string error;
};

template <typename F>
bool bind(void* library, const char* name, F& slot, std::string& error) {
  void* symbol = ::dlsym(library, name);
  if (symbol == nullptr) {
    error = std::string("libcurl.so.4 has no ") + name;
    return false;
  }
  slot = reinterpret_cast<F>(symbol);
  return true;
}

Loaded load() {
  Loaded out;
  // Never unloaded: libcurl keeps global state (OpenSSL) for the life of the process.
  void* library = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = ::dlerror();
    out.error = why != nullptr ? why : "libcurl.so.4 could not be loaded";
    return out;
  }
  CurlApi api{};
  std::string error;
  const bool ok = bind(library, "curl_easy_init", api.easy_init, error) &&
                  bind(library, "curl_easy_cleanup", api.easy_cleanup, error) &&
                  bind(library, "curl_easy_setopt", api.easy_setopt, error) &&
                  bind(library, "curl_easy_getinfo", api.easy_getinfo, error) &&
                  bind(library, "curl_easy_strerror", api.easy_strerror, error) &&
                  bind(library, "curl_multi_init", api.multi_init, error) &&
                  bind(library, "curl_multi_cleanup", api.multi_cleanup, error) &&
                  bind(library, "curl_multi_add_handle", api.multi_add_handle, error) &&
                  bind(library, "curl_multi_remove_handle", api.multi_remove_handle, error) &&
                  bind(library, "curl_multi_perform", api.multi_perform, error) &&
                  bind(library, "curl_multi_poll", api.multi_poll, error) &&
                  bind(library, "curl_multi_wakeup", api.multi_wakeup, error) &&
                  bind(library, "curl_multi_info_read", api.multi_info_read, error) &&
                  bind(library, "curl_share_init", api.share_init, error) &&
                  bind(library, "curl_share_cleanup", api.share_cleanup, error) &&
                  bind(library, "curl_share_setopt", api.share_setopt, error) &&
                  bind(library, "curl_slist_append", api.slist_append, error) &&
                  bind(library, "curl_slist_free_all", api.slist_free_all, error);
  CURLcode (*global_init)(long) = nullptr;
  if (!ok || !bind(library, "curl_global_init", global_init, error)) {
    out.error = error.empty() ? "libcurl.so.4 is incomplete" : error;
    return out;
  }
  if (const CURLcode code = global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
    out.error = std::string("curl_global_init failed: ") + api.easy_strerror(code);
    return out;
  }
  out.api = api;
  return out;
}

const Loaded& loaded() {
  static const Loaded instance = load();  // C++11 guarantees one initialisation across threads
  return instance;
}

}  // namespace

const CurlApi& curl() { return loaded().api; }
const std::string& load_error() { return loaded().error; }

}  // namespace conhub::connectors::detail
