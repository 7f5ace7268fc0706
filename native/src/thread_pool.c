// The worker pool of int2int-native: workers spin briefly after each task (kernels come in bursts), then sleep.
// Only the JS main thread submits tasks, one at a time.
#include "thread_pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

/* How long an idle worker (or the waiting caller) polls before sleeping: 2 ms spans the gaps between the kernels of
 * a training step (a sleeping worker takes tens of microseconds to wake), not the pauses between steps. */
#define SPIN_NANOSECONDS 2000000L

static struct {
  pthread_mutex_t lock;
  pthread_cond_t wake, done;
  pthread_t workers[POOL_MAX_THREADS];
  int workers_running;
  /* the task being run; written before generation is bumped */
  pool_task task;
  void *context;
  int parts;
  atomic_uint generation;
  atomic_int pending; /* workers that have not finished the current generation */
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, .done = PTHREAD_COND_INITIALIZER};

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static unsigned wait_for_generation(unsigned seen) {
  const long long deadline = now_ns() + SPIN_NANOSECONDS;
  for (int spins = 0;; spins++) {
    unsigned generation = atomic_load_explicit(&pool.generation, memory_order_acquire);
    if (generation != seen) return generation;
    if ((spins & 63) == 63 && now_ns() > deadline) break;
    cpu_relax();
  }
  pthread_mutex_lock(&pool.lock);
  unsigned generation;
  while ((generation = atomic_load_explicit(&pool.generation, memory_order_acquire)) == seen)
    pthread_cond_wait(&pool.wake, &pool.lock);
  pthread_mutex_unlock(&pool.lock);
  return generation;
}

static void *worker_main(void *argument) {
  const int index = (int)(intptr_t)argument; /* 1..workers; the caller is part 0 */
  unsigned seen = atomic_load_explicit(&pool.generation, memory_order_acquire);
  for (;;) {
    seen = wait_for_generation(seen);
    if (index < pool.parts) pool.task(pool.context, index, pool.parts);
    if (atomic_fetch_sub_explicit(&pool.pending, 1, memory_order_acq_rel) == 1) {
      pthread_mutex_lock(&pool.lock);
      pthread_cond_signal(&pool.done);
      pthread_mutex_unlock(&pool.lock);
    }
  }
  return NULL;
}

int pool_resize(int threads) {
  if (threads < 1) threads = 1;
  if (threads > POOL_MAX_THREADS) threads = POOL_MAX_THREADS;
  /* workers are only ever added: extra ones stay asleep when fewer parts are asked for */
  while (pool.workers_running < threads - 1) {
    const int index = pool.workers_running + 1;
    if (pthread_create(&pool.workers[index - 1], NULL, worker_main, (void *)(intptr_t)index) != 0) break;
    pthread_detach(pool.workers[index - 1]);
    pool.workers_running++;
  }
  return pool.workers_running + 1 < threads ? pool.workers_running + 1 : threads;
}

int pool_size(void) { return pool.workers_running + 1; }

void pool_run(pool_task task, void *context, int parts) {
  if (parts <= 1 || pool.workers_running == 0) {
    for (int i = 0; i < parts; i++) task(context, i, parts);
    return;
  }
  if (parts > pool.workers_running + 1) parts = pool.workers_running + 1;
  pool.task = task;
  pool.context = context;
  pool.parts = parts;
  atomic_store_explicit(&pool.pending, pool.workers_running, memory_order_relaxed);
  pthread_mutex_lock(&pool.lock);
  atomic_fetch_add_explicit(&pool.generation, 1, memory_order_release);
  pthread_cond_broadcast(&pool.wake);
  pthread_mutex_unlock(&pool.lock);
  task(context, 0, parts);
  const long long deadline = now_ns() + SPIN_NANOSECONDS;
  for (int spins = 0; atomic_load_explicit(&pool.pending, memory_order_acquire) > 0; spins++) {
    if ((spins & 63) == 63 && now_ns() > deadline) {
      pthread_mutex_lock(&pool.lock);
      while (atomic_load_explicit(&pool.pending, memory_order_acquire) > 0) pthread_cond_wait(&pool.done, &pool.lock);
      pthread_mutex_unlock(&pool.lock);
      break;
    }
    cpu_relax();
  }
}
