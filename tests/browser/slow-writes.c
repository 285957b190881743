// Preloaded into the host by the leak measure (tests/browser/leaks.test.mjs): every write at an
// offset (SQLite's page and WAL writes) and every sync first sleeps CW_SLOW_WRITE_MS, so a run
// on a fast disk sees the commit latency of the slow CI disk where the round-trip path leaked.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>

static void pause_for_disk(void) {
    const char* text = getenv("CW_SLOW_WRITE_MS");
    long ms = text ? atol(text) : 0;
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    if (ms > 0)
        nanosleep(&t, NULL);
}

#define FORWARD(ret, name, params, args)                   \
    ret name params {                                      \
        pause_for_disk();                                  \
        ret(*real) params = (ret(*) params)dlsym(RTLD_NEXT, #name); \
        return real args;                                  \
    }

FORWARD(ssize_t, pwrite, (int fd, const void* buf, size_t n, off_t at), (fd, buf, n, at))
FORWARD(ssize_t, pwrite64, (int fd, const void* buf, size_t n, off_t at), (fd, buf, n, at))
FORWARD(int, fsync, (int fd), (fd))
FORWARD(int, fdatasync, (int fd), (fd))
