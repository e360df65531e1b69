# Every dependency comes from a Debian package: nothing is vendored or downloaded.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(spdlog REQUIRED)
pkg_check_modules(sodium REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(sqlite3 REQUIRED IMPORTED_TARGET sqlite3)
# Debian's prebuilt cpp-httplib (libcpp-httplib-dev): its Cflags select the ABI of the .so.
pkg_check_modules(httplib REQUIRED IMPORTED_TARGET cpp-httplib)
