# node-gyp build of the int2int-native addon; scripts/build.js passes the OpenBLAS library it found.
{
  "targets": [
    {
      "target_name": "int2int_native",
      "sources": ["src/int2int_native.c", "src/thread_pool.c"],
      "cflags": ["-O3", "-march=native", "-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "ldflags": ["-pthread", "-Wl,-rpath,<(openblas_dir)"],
      "libraries": ["<(openblas_lib)"]
    }
  ]
}
