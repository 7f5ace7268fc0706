// A fixed pool of worker threads for int2int-native's kernels: run(task, parts) on the caller plus the workers.
#ifndef INT2INT_THREAD_POOL_H
#define INT2INT_THREAD_POOL_H

/* One share of a task: part in [0, parts). */
typedef void (*pool_task)(void *context, int part, int parts);

/* Sets the number of threads (the caller included, 1..POOL_MAX_THREADS); returns the number actually running. */
int pool_resize(int threads);
/* The number of threads, the caller included. */
int pool_size(void);
/* Runs task(context, i, parts) for i in [0, parts) on the pool's threads (parts <= pool_size()), and waits. */
void pool_run(pool_task task, void *context, int parts);

#define POOL_MAX_THREADS 16

#endif
