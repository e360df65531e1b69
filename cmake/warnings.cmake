# One interface target carries the project's warning and sanitizer flags, so every
# target opts in with a single target_link_libraries line (STYLE.md §7).
add_library(conhub_warnings INTERFACE)
# Designated initializers that omit defaulted members are the API style (STYLE.md §2);
# g++ 12 warns about them under -Wextra, so that one warning is off.
target_compile_options(conhub_warnings INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(CONHUB_WERROR)
  target_compile_options(conhub_warnings INTERFACE -Werror)
endif()

if(CONHUB_SANITIZE)
  add_compile_options(-fsanitize=${CONHUB_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${CONHUB_SANITIZE})
endif()
