// CurlApi: the libcurl functions the HTTP client uses, loaded with dlopen("libcurl.so.4")
// the first time a connector sends a request. Linking libcurl directly made every start of
// conhub-mcp (also `serve` with no HTTP connector, and `--version`) map and relocate about
// thirty more shared libraries (libcurl's TLS, SSH, LDAP, Kerberos, RTMP and IDN chain):
// two thirds of a cold start and several MiB of RSS. curl_global_init runs once, right
// after loading. If libcurl cannot be loaded every request fails with load_error().
// Thread-safety: curl() may be called from any thread; loading happens once.
#pragma once

#include <curl/curl.h>

#include <string>

namespace conhub::connectors::detail {

struct CurlApi {
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  CURLM* (*multi_init)();
  CURLMcode (*multi_cleanup)(CURLM*);
  CURLMcode (*multi_add_handle)(CURLM*, CURL*);
  CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
  CURLMcode (*multi_perform)(CURLM*, int*);
  CURLMcode (*multi_poll)(CURLM*, struct curl_waitfd*, unsigned int, int, int*);
  CURLMcode (*multi_wakeup)(CURLM*);
  CURLMsg* (*multi_info_read)(CURLM*, int*);
  CURLSH* (*share_init)();
  CURLSHcode (*share_cleanup)(CURLSH*);
  CURLSHcode (*share_setopt)(CURLSH*, CURLSHoption, ...);
  struct curl_slist* (*slist_append)(struct curl_slist*, const char*);
  void (*slist_free_all)(struct curl_slist*);
};

/// The loaded functions; loads libcurl on the first call. When loading failed, every
/// function is a stand-in that fails (nullptr handles, error codes), so callers' existing
/// failure paths apply, and load_error() says why.
const CurlApi& curl();
/// Empty when libcurl is loaded, else why not ("libcurl.so.4: cannot open shared object file …").
const std::string& load_error();

}  // namespace conhub::connectors::detail
