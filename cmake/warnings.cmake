# One interface target carries the project's warning and sanitizer flags, so every
# target opts in with a single target_link_libraries line (STYLE.md §7).
add_library(conhub_warnings INTERFACE)
target_compile_options(conhub_warnings INTERFACE -Wall -Wextra -Wpedantic)
if(CONHUB_WERROR)
  target_compile_options(conhub_warnings INTERFACE -Werror)
endif()

if(CONHUB_SANITIZE)
  add_compile_options(-fsanitize=${CONHUB_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${CONHUB_SANITIZE})
endif()
