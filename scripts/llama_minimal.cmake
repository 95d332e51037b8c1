# Included after every project() call of the llama-cpp-python build (CMAKE_PROJECT_INCLUDE, set by the
# Makefile).  llama-cpp-python forces LLAMA_BUILD_COMMON=ON, which compiles llama.cpp's "common" library
# (chat templates, argument parsing, an HTTP client) that only llama.cpp's own tools use: the Python
# bindings load libllama and libggml only.  Turning it off again once llama.cpp's project() has run
# skips about a third of the build.
set(LLAMA_BUILD_COMMON OFF CACHE BOOL "llama: build common utils library (not needed by drafter)" FORCE)
