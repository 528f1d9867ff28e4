#ifndef SKIFF_CZEROMQ_SHIM_H
#define SKIFF_CZEROMQ_SHIM_H
#include <zmq.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>

/// Names the calling thread (at most 15 bytes are kept), for `top -H` and debuggers.
static inline void skiff_set_thread_name(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
}
#endif
