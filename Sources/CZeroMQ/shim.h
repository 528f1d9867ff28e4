#ifndef SKIFF_CZEROMQ_SHIM_H
#define SKIFF_CZEROMQ_SHIM_H
#include <zmq.h>
#include <sys/eventfd.h>
#endif
