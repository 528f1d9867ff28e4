// skiff-shim: what `skiff runtime` execs (after a vfork) to become a container's monitor or to
// clone a pod's sandbox holder, so that the runtime itself is never forked. See runtime_shim.c.
#include "runtime_shim.h"

int main(int argc, char **argv) { return skiff_helper_main(argc, argv); }
