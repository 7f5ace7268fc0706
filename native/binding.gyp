# node-gyp build of the int2int-native addon; scripts/build.js passes the OpenBLAS library it found, a static
# one (libopenblas.a: the addon then needs nothing but libc) or a shared one (found again at run time by rpath).
# No -march=native: src/kernels.c compiles its kernels for each x86-64 level and picks one at run time.
{
  "variables": {
    "openblas_link%": "shared"
  },
  "targets": [
    {
      "target_name": "int2int_native",
      "sources": ["src/int2int_native.c", "src/kernels.c", "src/thread_pool.c"],
      "cflags": ["-O3", "-std=gnu11", "-fvisibility=hidden", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [
        [
          "openblas_link=='static'",
          {
            "ldflags": ["-pthread", "-Wl,--as-needed", "-Wl,--exclude-libs,ALL"],
            "libraries": ["<(openblas_lib)", "-lpthread", "-lm"]
          },
          {
            "ldflags": ["-pthread", "-Wl,-rpath,<(openblas_dir)"],
            "libraries": ["<(openblas_lib)"]
          }
        ]
      ]
    }
  ]
}
