#ifndef SKIFF_RUNTIME_SHIM_H
#define SKIFF_RUNTIME_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>
#include <sys/eventfd.h>

/// The namespace flags of clone(2), for Swift (glibc defines them only with _GNU_SOURCE).
static const int SKIFF_CLONE_NEWNS = 0x00020000;
static const int SKIFF_CLONE_NEWUTS = 0x04000000;
static const int SKIFF_CLONE_NEWIPC = 0x08000000;
static const int SKIFF_CLONE_NEWPID = 0x20000000;
static const int SKIFF_CLONE_NEWNET = 0x40000000;

/// A bind mount into a container's own mount namespace (a copy of its pod's).
struct skiff_mount {
    const char *source;            /// host path (directory or file)
    const char *target;            /// path inside the container
    int read_only;
};

/// What `skiff_spawn` starts. Every string is NUL-terminated; `argv` and `envp` end with NULL.
struct skiff_spawn_args {
    const char *path;              /// absolute path of the executable
    char *const *argv;
    char *const *envp;
    const char *cwd;               /// NULL: "/"
    pid_t ns_pid;                  /// join the IPC, UTS, network, PID and mount namespaces of this process; 0: none
    pid_t mnt_pid;                 /// join this process's mount namespace instead of ns_pid's (exec); 0: ns_pid's
    /// The command gets its own mount namespace (a copy of the pod's, private) with these bind
    /// mounts. A missing target is created in a scratch overlay of the root (tmpfs upper in
    /// `scratch_dir`, an existing empty directory), never on the host's filesystem.
    const struct skiff_mount *mounts;
    int mount_count;
    const char *scratch_dir;
    const char *const *cgroup_procs; /// `cgroup.procs` files the process joins (before exec)
    int cgroup_count;
    /// Log mode (`log_path` set): stdout and stderr become CRI log lines in `log_path`, and the
    /// raw wait status is written to `<exit_dir>/exit` when the process has ended.
    const char *log_path;
    const char *exit_dir;
    /// Exec mode (`log_path` NULL): the process writes to these descriptors and the monitor
    /// exits with its status (code, or 128 + signal).
    int out_fd;
    int err_fd;
    /// The monitor writes one line here: "P <pid>\n" once the command runs, or
    /// "E <stage> <errno>\n" if it could not (stage: 1 chdir, 2 exec, 3 setns, 4 fork, 5 open,
    /// 9 mount namespace or bind mounts, 10 the scratch overlay for missing mount points).
    int report_fd;
};

/// Forks a monitor (own session, signals reset) that starts the command as its child, in its own
/// process group, and watches it (see `skiff_spawn_args`). Returns the monitor's pid, or -1 with
/// errno. Only async-signal-safe calls happen between fork and exec.
pid_t skiff_spawn(const struct skiff_spawn_args *args);

/// The pod end of a sandbox's network, sent (raw) to a holder in a new network namespace once
/// `eth0` is in it. Addresses in network byte order.
struct skiff_net_config {
    uint32_t address;
    uint32_t prefix_length;
    uint32_t gateway;
    uint32_t route_count;          /// routes via `gateway`, at most 8
    uint32_t routes[8][2];         /// {network, prefix length}
};

/// What a sandbox holder sets up.
struct skiff_holder_args {
    int flags;                     /// subset of CLONE_NEWPID|NEWNS|NEWUTS|NEWIPC|NEWNET
    const char *hostname;
    const char *resolv_conf;       /// bind-mounted over /etc/resolv.conf in the pod's mount namespace; NULL: none
    const char *hosts;             /// likewise over /etc/hosts
    int report_fd;
    /// With CLONE_NEWNET: the holder reads one `skiff_net_config` from here after its first
    /// report (end of file: no eth0, only lo), configures eth0 and reports again. -1: none.
    int config_fd;
};

/// Starts a pod sandbox's holder: PID 1 of its new namespaces, with `hostname` set, a fresh
/// /proc, `lo` up and the DNS files bound. It writes "ok\n" or "E <stage> <errno>\n" to
/// `report_fd` (stage 6 private mounts, 7 /proc, 8 hostname, 11 binding resolv.conf/hosts,
/// 12 lo), then, with a config, a second such line for eth0 (stage 13), then sleeps reaping
/// orphans until killed. Returns its pid, or -1 with errno.
pid_t skiff_sandbox_holder(const struct skiff_holder_args *args);

/// Per-stream line assembly for the CRI log format.
struct skiff_line_buffer {
    size_t used;
    char data[16384];
};

/// Appends `data` (or, with `eof`, what remains) to `fd` as CRI lines stamped `ts`:
/// `<RFC3339Nano> <stream> F <line>` per complete line, `P` for a full buffer with no newline.
void skiff_cri_feed(int fd, const char *stream, const struct timespec *ts, struct skiff_line_buffer *buffer,
                    const char *data, size_t length, int eof);

/// Formats `ts` as `2026-11-27T15:00:00.123456789Z` into `out` (at least 31 bytes); returns the length.
size_t skiff_format_time(const struct timespec *ts, char *out);

/// A pipe whose ends are close-on-exec (pipe2 with O_CLOEXEC); 0, or -1 with errno.
int skiff_pipe(int fds[2]);

/// Opens a pidfd for `pid` (-1 with errno if none).
int skiff_pidfd_open(pid_t pid);

/// The namespace flags (CLONE_NEW*) this process may create: tried in a short-lived child.
int skiff_probe_namespaces(int flags);

/// `skiff_spawn` without forking the caller: vforks and execs `helper` (the `skiff-shim`
/// executable), which becomes the monitor. Same arguments, same reports; the monitor's pid.
pid_t skiff_spawn_with(const char *helper, const struct skiff_spawn_args *args);

/// `skiff_sandbox_holder` without forking the caller: `helper` clones the holder, writes its pid
/// as a decimal line on `pid_fd`, and exits. Returns the helper's pid (reap it), or -1 with
/// errno; the holder's reports come on `args->report_fd` as before (stage 14: the clone failed).
pid_t skiff_sandbox_holder_with(const char *helper, const struct skiff_holder_args *args, int pid_fd);

/// Makes this process a child subreaper (PR_SET_CHILD_SUBREAPER): 0, or -1 with errno.
int skiff_set_child_subreaper(void);

/// The `skiff-shim` executable's main: `skiff-shim monitor|holder`, the blob on descriptor 7.
int skiff_helper_main(int argc, char **argv);

/// Creates a veth pair over rtnetlink, as `ip link add <host_name> up master <bridge> type veth
/// peer name <peer_name> netns <peer_pid>` does: 0, or a negative errno (-EEXIST, -ENODEV for a
/// missing bridge, -ESRCH for a gone process, …).
int skiff_create_veth(const char *host_name, const char *bridge, const char *peer_name, pid_t peer_pid);
#endif
