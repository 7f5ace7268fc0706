// int2int-native's kernels built for several x86-64 levels in one file, and the choice of one at run time.
// No -march=native: the addon runs on any x86-64 CPU, each copy of the kernels is compiled for its own level
// (#pragma GCC target), and kernels_choose() picks the best one the CPU (and its OS) supports.
#include <math.h>
#include <string.h>

#include "kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)

#pragma GCC push_options
#pragma GCC target("arch=x86-64-v4")
#define KERNEL(name) name##_avx512
#define KERNEL_SET "avx512"
#include "kernels_body.h"
#undef KERNEL
#undef KERNEL_SET
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("arch=x86-64-v3")
#define KERNEL(name) name##_avx2
#define KERNEL_SET "avx2"
#include "kernels_body.h"
#undef KERNEL
#undef KERNEL_SET
#pragma GCC pop_options

#endif

/* The baseline copy: the compiler's default target (x86-64: SSE2; other CPUs: their baseline). */
#define KERNEL(name) name##_baseline
#define KERNEL_SET "baseline"
#include "kernels_body.h"
#undef KERNEL
#undef KERNEL_SET

/* Whether this CPU runs a table's instructions. */
static int supported(const kernel_table *table) {
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  /* the checks include the OS's support (XSAVE state) of the AVX and AVX-512 registers */
  if (table == &kernels_avx512) return __builtin_cpu_supports("x86-64-v4");
  if (table == &kernels_avx2) return __builtin_cpu_supports("x86-64-v3");
#endif
  return table == &kernels_baseline;
}

const kernel_table *kernels_choose(const char *cap) {
#if defined(__x86_64__) && defined(__GNUC__)
  const kernel_table *const levels[] = {&kernels_avx512, &kernels_avx2, &kernels_baseline};
#else
  const kernel_table *const levels[] = {&kernels_baseline};
#endif
  const size_t count = sizeof levels / sizeof levels[0];
  size_t first = 0;
  if (cap != NULL && cap[0] != '\0') {
    const char *const names[] = {"avx512", "avx2", "baseline"};
    size_t index = 0;
    while (index < 3 && strcmp(cap, names[index]) != 0) index++;
    if (index == 3) return NULL;
    first = count == 1 ? 0 : index; /* on CPUs without the x86 levels, every cap is the baseline */
  }
  for (size_t i = first; i < count; i++)
    if (supported(levels[i])) return levels[i];
  return &kernels_baseline;
}
