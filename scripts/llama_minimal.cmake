# Included after every project() call of the llama-cpp-python build (CMAKE_PROJECT_INCLUDE, set by the
# Makefile).
#
# 1. llama-cpp-python forces LLAMA_BUILD_COMMON=ON, which compiles llama.cpp's "common" library (chat
#    templates, argument parsing, an HTTP client) that only llama.cpp's own tools use: the Python bindings
#    load libllama and libggml only.  Turning it off again once llama.cpp's project() has run skips about a
#    third of the build.
# 2. No AMX kernels.  GGML_NATIVE compiles with -march=native, which turns on ggml's AMX matrix kernels on
#    CPUs that have AMX (Intel Sapphire Rapids and later).  On such a machine (2 vCPUs, Xeon with amx_tile,
#    amx_int8, amx_bf16) every llama-cpp-python 0.3.35/0.3.36 build crashed with SIGSEGV in
#    ggml_backend_amx_mul_mat on the first decode of Gemma 3 270M; without AMX the AVX-512 kernels run it.
#    GCC and Clang keep an explicit -mno-<isa> whatever -march comes later on the command line.
set(LLAMA_BUILD_COMMON OFF CACHE BOOL "llama: build common utils library (not needed by drafter)" FORCE)

if(NOT DEFINED DRAFTER_NO_AMX_DONE)
  set(DRAFTER_NO_AMX_DONE ON)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT MSVC)
    include(CheckCCompilerFlag)
    check_c_compiler_flag("-mno-amx-tile" DRAFTER_CC_HAS_MNO_AMX)
    if(DRAFTER_CC_HAS_MNO_AMX)
      add_compile_options(-mno-amx-tile -mno-amx-int8 -mno-amx-bf16)
    endif()
  endif()
endif()
