// ConnectorHost: keeps the served workspace's connections registered on the MCP server as
// connectors (issue 5). sync() reads the connections from the store and adds, replaces or
// removes connectors (the server then sends list_changed); start() repeats it every
// `poll` on its own thread, so connections added or removed while serving show up.
// It also implements the connectors' narrow credential and status interfaces on the store.
// Thread-safety: sync() may be called from any thread; the store is used under one mutex.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <conhub/mcp/server.hpp>

#include "connector.hpp"
#include "store_access.hpp"

namespace conhub::cli {

class StoreGate;  // the store behind one mutex, shared with the credential source

class ConnectorHost {
 public:
  ConnectorHost(mcp::Server& server, std::string workspace);
  ~ConnectorHost();
  ConnectorHost(const ConnectorHost&) = delete;
  ConnectorHost& operator=(const ConnectorHost&) = delete;

  /// Brings the registered connectors in line with the store. Returns the number of
  /// connectors registered afterwards.
  std::size_t sync();
  /// Runs sync() every `poll` until destruction.
  void start(std::chrono::milliseconds poll);

 private:
  struct Active {
    std::string fingerprint;  // what the connector was built from; a change rebuilds it
    std::unique_ptr<connectors::Connector> connector;
  };

  mcp::Server& server_;
  std::string workspace_;
  std::shared_ptr<StoreGate> store_;
  std::mutex sync_mutex_;
  std::map<std::int64_t, Active> active_;          // guarded by sync_mutex_
  std::map<std::int64_t, std::string> failed_;     // fingerprints already reported; guarded by sync_mutex_
  std::mutex stop_mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // guarded by stop_mutex_
  std::thread poller_;
};

}  // namespace conhub::cli
