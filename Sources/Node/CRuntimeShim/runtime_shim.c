#define _GNU_SOURCE
#include "runtime_shim.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <net/if.h>
#include <net/route.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>


// Everything from fork to exec (or _exit) below uses only async-signal-safe calls and no heap:
// the runtime that forks is multithreaded.

static void reset_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    for (int s = 1; s < 65; s++) (void)sigaction(s, &action, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/// Closes every descriptor from 3 up except those in `keep` (which become close-on-exec): a
/// monitor must not hold another container's pipes open.
static void close_except(const int *keep, int count) {
    int sorted[8], n = 0;
    for (int k = 0; k < count && n < 8; k++) if (keep[k] >= 3) sorted[n++] = keep[k];
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) { int t = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = t; }
    unsigned first = 3;
    for (int k = 0; k < n; k++) {
        if ((unsigned)sorted[k] > first) syscall(SYS_close_range, first, (unsigned)sorted[k] - 1, 0);
        fcntl(sorted[k], F_SETFD, FD_CLOEXEC);
        first = (unsigned)sorted[k] + 1;
    }
    syscall(SYS_close_range, first, ~0U, 0);
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        for (int fd = 0; fd < 3; fd++) if (null_fd != fd) dup2(null_fd, fd);
        if (null_fd > 2) close(null_fd);
    }
}

static void write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        data += n;
        length -= (size_t)n;
    }
}

static size_t put_number(char *out, long long value) {
    char digits[24];
    size_t n = 0, i = 0;
    int negative = value < 0;
    unsigned long long v = negative ? (unsigned long long)(-value) : (unsigned long long)value;
    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    if (negative) out[i++] = '-';
    while (n) out[i++] = digits[--n];
    return i;
}

static void report(int fd, char kind, int stage, long long value) {
    char line[64];
    size_t i = 0;
    line[i++] = kind;
    line[i++] = ' ';
    if (kind == 'E') { i += put_number(line + i, stage); line[i++] = ' '; }
    i += put_number(line + i, value);
    line[i++] = '\n';
    write_all(fd, line, i);
}

static size_t put_padded(char *out, long value, int width) {
    for (int i = width - 1; i >= 0; i--) { out[i] = (char)('0' + value % 10); value /= 10; }
    return (size_t)width;
}

size_t skiff_format_time(const struct timespec *ts, char *out) {
    long long days = ts->tv_sec / 86400;
    long seconds = (long)(ts->tv_sec % 86400);
    // Howard Hinnant's civil_from_days.
    long long z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = (long long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y += 1;
    size_t i = 0;
    i += put_padded(out + i, (long)y, 4); out[i++] = '-';
    i += put_padded(out + i, m, 2); out[i++] = '-';
    i += put_padded(out + i, d, 2); out[i++] = 'T';
    i += put_padded(out + i, seconds / 3600, 2); out[i++] = ':';
    i += put_padded(out + i, (seconds / 60) % 60, 2); out[i++] = ':';
    i += put_padded(out + i, seconds % 60, 2); out[i++] = '.';
    i += put_padded(out + i, ts->tv_nsec, 9); out[i++] = 'Z';
    out[i] = 0;
    return i;
}

static void emit(int fd, const char *stream, const struct timespec *ts, char tag, const char *text, size_t length) {
    char head[64];
    size_t i = skiff_format_time(ts, head);
    head[i++] = ' ';
    size_t s = strlen(stream);
    memcpy(head + i, stream, s); i += s;
    head[i++] = ' ';
    head[i++] = tag;
    head[i++] = ' ';
    // One write per line when it fits, so that concurrent readers never see half a prefix.
    char line[64 + sizeof(((struct skiff_line_buffer *)0)->data) + 1];
    memcpy(line, head, i);
    memcpy(line + i, text, length);
    line[i + length] = '\n';
    write_all(fd, line, i + length + 1);
}

void skiff_cri_feed(int fd, const char *stream, const struct timespec *ts, struct skiff_line_buffer *buffer,
                    const char *data, size_t length, int eof) {
    size_t capacity = sizeof buffer->data;
    while (length > 0) {
        const char *newline = memchr(data, '\n', length);
        size_t take = newline ? (size_t)(newline - data) : length;
        size_t room = capacity - buffer->used;
        if (take >= room) {
            memcpy(buffer->data + buffer->used, data, room);
            emit(fd, stream, ts, 'P', buffer->data, capacity);
            buffer->used = 0;
            data += room;
            length -= room;
            continue;
        }
        memcpy(buffer->data + buffer->used, data, take);
        buffer->used += take;
        data += take;
        length -= take;
        if (newline) {
            emit(fd, stream, ts, 'F', buffer->data, buffer->used);
            buffer->used = 0;
            data += 1;
            length -= 1;
        }
    }
    if (eof && buffer->used > 0) {
        emit(fd, stream, ts, 'F', buffer->data, buffer->used);
        buffer->used = 0;
    }
}

int skiff_pipe(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int skiff_pidfd_open(pid_t pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

static int open_namespace(pid_t pid, const char *name) {
    char path[64];
    size_t i = 0;
    memcpy(path, "/proc/", 6); i = 6;
    i += put_number(path + i, pid);
    memcpy(path + i, "/ns/", 4); i += 4;
    size_t n = strlen(name);
    memcpy(path + i, name, n + 1);
    return open(path, O_RDONLY | O_CLOEXEC);
}

/// Joins the pod's namespaces (the mount namespace last: it changes what /proc shows), or the
/// mount namespace of `mnt_pid` (a container's own) when given.
static int join_namespaces(pid_t ns_pid, pid_t mnt_pid) {
    static const char *const names[] = {"ipc", "uts", "net", "pid", "mnt"};
    for (int k = 0; k < 5; k++) {
        int fd = open_namespace(k == 4 && mnt_pid > 0 ? mnt_pid : ns_pid, names[k]);
        if (fd < 0) return -1;
        int rc = setns(fd, 0);
        close(fd);
        if (rc < 0) return -1;
    }
    return 0;
}

// MARK: a container's mounts (in the command's child, after fork: no heap, static buffers)

static char mount_path[4096], merged_root[4096], overlay_options[8192];
static char mountinfo[1 << 18];

static int join_path(char *out, size_t capacity, const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la + lb + 1 > capacity) { errno = ENAMETOOLONG; return -1; }
    memcpy(out, a, la);
    memcpy(out + la, b, lb + 1);
    return 0;
}

static int mkdir_p(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        int rc = mkdir(path, 0755);
        *p = '/';
        if (rc < 0 && errno != EEXIST) return -1;
    }
    if (mkdir(path, 0755) < 0 && errno != EEXIST) return -1;
    return 0;
}

/// A missing mount point: a directory, or (for a file source) an empty file in new directories.
static int make_target(char *path, int directory) {
    if (directory) return mkdir_p(path);
    char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        *slash = 0;
        int rc = mkdir_p(path);
        *slash = '/';
        if (rc < 0) return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return -1;
    close(fd);
    return 0;
}

static void unescape_octal(char *s) {
    char *out = s;
    for (char *in = s; *in; ) {
        if (in[0] == '\\' && in[1] >= '0' && in[1] <= '7' && in[2] >= '0' && in[2] <= '7' && in[3] >= '0' && in[3] <= '7') {
            *out++ = (char)((in[1] - '0') * 64 + (in[2] - '0') * 8 + (in[3] - '0'));
            in += 4;
        } else {
            *out++ = *in++;
        }
    }
    *out = 0;
}

static int is_under(const char *path, const char *dir) {
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) != 0) return 0;
    return path[n] == 0 || path[n] == '/' || (n == 1 && dir[0] == '/');
}

/// Binds every mount of the current root (recursively, each top one once) at the same place
/// under `root`, except those under `skip`: the new root then shows what the old one showed.
static int bind_submounts(const char *root, const char *skip) {
    int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t used = 0;
    for (;;) {
        ssize_t n = read(fd, mountinfo + used, sizeof mountinfo - 1 - used);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        used += (size_t)n;
        if (used == sizeof mountinfo - 1) break;
    }
    close(fd);
    mountinfo[used] = 0;
    static const char *bound[1024];
    int nbound = 0;
    char *line = mountinfo;
    while (line && *line) {
        char *end = strchr(line, '\n');
        if (end) *end = 0;
        // id parent major:minor root mountpoint ...
        char *field = line;
        for (int k = 0; k < 4 && field; k++) { field = strchr(field, ' '); if (field) field++; }
        if (field) {
            char *space = strchr(field, ' ');
            if (space) *space = 0;
            unescape_octal(field);
            int covered = strcmp(field, "/") == 0 || is_under(field, skip);
            for (int k = 0; k < nbound && !covered; k++) covered = is_under(field, bound[k]);
            if (!covered && join_path(mount_path, sizeof mount_path, root, field) == 0 &&
                mount(field, mount_path, NULL, MS_BIND | MS_REC, NULL) == 0 && nbound < 1024) {
                bound[nbound++] = field;
            }
        }
        line = end ? end + 1 : NULL;
    }
    return 0;
}

/// Gives the command its own mount namespace with its bind mounts. Returns the failed stage
/// (9 mounts, 10 scratch overlay) with errno set, or 0.
static int setup_mounts(const struct skiff_spawn_args *a) {
    if (unshare(CLONE_NEWNS) < 0) return 9;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) return 9;
    struct stat st;
    int missing = 0;
    for (int k = 0; k < a->mount_count; k++) {
        if (stat(a->mounts[k].target, &st) < 0) missing = 1;
    }
    const char *root = "";
    if (missing) {
        // A root of our own: an overlay of the pod's root with a tmpfs upper layer, so that
        // missing mount points are made there, not on the host's filesystem.
        if (!a->scratch_dir) { errno = ENOENT; return 10; }
        if (mount("tmpfs", a->scratch_dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0) return 10;
        static const char *const parts[] = {"/upper", "/work", "/root"};
        for (int k = 0; k < 3; k++) {
            if (join_path(mount_path, sizeof mount_path, a->scratch_dir, parts[k]) < 0 || mkdir(mount_path, 0755) < 0) return 10;
        }
        size_t i = 0, n;
        const char *pieces[] = {"lowerdir=/,upperdir=", a->scratch_dir, "/upper,workdir=", a->scratch_dir, "/work"};
        for (int k = 0; k < 5; k++) {
            n = strlen(pieces[k]);
            if (i + n + 1 > sizeof overlay_options) { errno = ENAMETOOLONG; return 10; }
            memcpy(overlay_options + i, pieces[k], n);
            i += n;
        }
        overlay_options[i] = 0;
        if (join_path(merged_root, sizeof merged_root, a->scratch_dir, "/root") < 0) return 10;
        if (mount("overlay", merged_root, "overlay", 0, overlay_options) < 0) return 10;
        if (bind_submounts(merged_root, a->scratch_dir) < 0) return 10;
        root = merged_root;
    }
    for (int k = 0; k < a->mount_count; k++) {
        const struct skiff_mount *m = &a->mounts[k];
        if (join_path(mount_path, sizeof mount_path, root, m->target) < 0) return 9;
        if (stat(mount_path, &st) < 0) {
            struct stat source;
            if (!missing || stat(m->source, &source) < 0) return 9;
            if (make_target(mount_path, S_ISDIR(source.st_mode)) < 0) return 10;
        }
        if (mount(m->source, mount_path, NULL, MS_BIND | MS_REC, NULL) < 0) return 9;
        if (m->read_only && mount(NULL, mount_path, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) < 0) return 9;
    }
    if (missing) {
        if (chdir(merged_root) < 0) return 10;
        if (syscall(SYS_pivot_root, ".", ".") < 0) return 10;
        if (umount2(".", MNT_DETACH) < 0) return 10;
        if (chdir("/") < 0) return 10;
    }
    return 0;
}

/// The command itself: joins its cgroups, its own process group (log mode), its directory,
/// its descriptors, then execs. On failure writes (stage, errno) to `error_fd` and exits 127.
static void run_command(const struct skiff_spawn_args *a, const int *cgroup_fds, int out, int err, int error_fd, int own_group) {
    if (own_group) setpgid(0, 0);
    for (int k = 0; k < a->cgroup_count; k++) if (cgroup_fds[k] >= 0) write_all(cgroup_fds[k], "0", 1);
    int stage = a->mount_count > 0 ? setup_mounts(a) : 0;
    if (stage == 0) stage = 1;
    if (stage == 1 && chdir(a->cwd ? a->cwd : "/") == 0) {
        int null_fd = open("/dev/null", O_RDONLY);
        if (null_fd >= 0 && null_fd != 0) { dup2(null_fd, 0); close(null_fd); }
        dup2(out, 1);
        dup2(err, 2);
        reset_signals();
        execve(a->path, a->argv, a->envp);
        stage = 2;
    }
    int values[2] = {stage, errno};
    write_all(error_fd, (const char *)values, sizeof values);
    _exit(127);
}

static void pump(int fd, int log_fd, const char *stream, struct skiff_line_buffer *buffer, int *open_flag) {
    char chunk[65536];
    ssize_t n = read(fd, chunk, sizeof chunk);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (n > 0) {
        skiff_cri_feed(log_fd, stream, &now, buffer, chunk, (size_t)n, 0);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        skiff_cri_feed(log_fd, stream, &now, buffer, NULL, 0, 1);
        *open_flag = 0;
    }
}

static struct skiff_line_buffer out_buffer, err_buffer;  // the monitor's own copy after fork

static void monitor(const struct skiff_spawn_args *a) {
    prctl(PR_SET_NAME, "skiff-monitor", 0, 0, 0);  // what ps and top show (the command line stays the runtime's)
    setsid();
    reset_signals();
    int keep[3] = {a->report_fd, a->out_fd, a->err_fd};
    close_except(keep, 3);
    int log_mode = a->log_path != NULL;
    int log_fd = -1, dir_fd = -1;
    if (log_mode) {
        log_fd = open(a->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        dir_fd = open(a->exit_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (log_fd < 0 || dir_fd < 0) { report(a->report_fd, 'E', 5, errno); _exit(1); }
    }
    int cgroup_fds[8];
    int count = a->cgroup_count < 8 ? a->cgroup_count : 8;
    for (int k = 0; k < count; k++) {
        cgroup_fds[k] = open(a->cgroup_procs[k], O_WRONLY | O_CLOEXEC);
        if (cgroup_fds[k] < 0) { report(a->report_fd, 'E', 5, errno); _exit(1); }
    }
    if (a->ns_pid > 0 && join_namespaces(a->ns_pid, a->mnt_pid) < 0) { report(a->report_fd, 'E', 3, errno); _exit(1); }
    int out[2] = {a->out_fd, -1}, err[2] = {a->err_fd, -1}, errors[2];
    if (log_mode && (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)) { report(a->report_fd, 'E', 4, errno); _exit(1); }
    if (pipe2(errors, O_CLOEXEC) < 0) { report(a->report_fd, 'E', 4, errno); _exit(1); }
    // vfork: the command's child borrows this (single-threaded) monitor's memory until it execs,
    // instead of copying its page tables — the runtime's whole address space when the monitor is
    // a fork of the runtime (no skiff-shim) — and tearing them down again at exec. The child
    // only makes system calls and writes the static buffers above (the monitor never reads
    // them), its own signal dispositions (not shared without CLONE_SIGHAND) and its own fs state
    // (cwd, mount namespace: not shared without CLONE_FS), then execs or _exits.
    pid_t child = vfork();
    if (child < 0) { report(a->report_fd, 'E', 4, errno); _exit(1); }
    if (child == 0) {
        close(errors[0]);
        if (log_mode) { close(out[0]); close(err[0]); }
        run_command(a, cgroup_fds, log_mode ? out[1] : a->out_fd, log_mode ? err[1] : a->err_fd, errors[1], log_mode);
    }
    close(errors[1]);
    if (log_mode) { close(out[1]); close(err[1]); } else { close(a->out_fd); close(a->err_fd); }
    for (int k = 0; k < count; k++) close(cgroup_fds[k]);
    int failure[2];
    ssize_t got;
    do { got = read(errors[0], failure, sizeof failure); } while (got < 0 && errno == EINTR);
    close(errors[0]);
    if (got == (ssize_t)sizeof failure) {
        report(a->report_fd, 'E', failure[0], failure[1]);
        while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {}
        _exit(1);
    }
    report(a->report_fd, 'P', 0, child);
    close(a->report_fd);
    int status = 0;
    if (!log_mode) {
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
        if (WIFSIGNALED(status)) _exit(128 + WTERMSIG(status));
        _exit(WEXITSTATUS(status));
    }
    int pidfd = skiff_pidfd_open(child);
    int out_open = 1, err_open = 1, running = 1;
    struct timespec ended = {0, 0};
    while (out_open || err_open || running) {
        struct pollfd fds[3];
        int n = 0, io = -1, ie = -1, ip = -1;
        if (out_open) { io = n; fds[n].fd = out[0]; fds[n].events = POLLIN; n++; }
        if (err_open) { ie = n; fds[n].fd = err[0]; fds[n].events = POLLIN; n++; }
        if (running && pidfd >= 0) { ip = n; fds[n].fd = pidfd; fds[n].events = POLLIN; n++; }
        int timeout = running ? (pidfd >= 0 ? -1 : 200) : 100;
        int ready = poll(fds, (nfds_t)n, timeout);
        if (ready < 0 && errno != EINTR) break;
        if (io >= 0 && fds[io].revents) pump(out[0], log_fd, "stdout", &out_buffer, &out_open);
        if (ie >= 0 && fds[ie].revents) pump(err[0], log_fd, "stderr", &err_buffer, &err_open);
        if (running && (ip < 0 || fds[ip].revents)) {
            if (waitpid(child, &status, WNOHANG) == child) {
                running = 0;
                kill(-child, SIGKILL);  // what the command left behind in its group goes with it
                clock_gettime(CLOCK_MONOTONIC, &ended);
            }
        }
        if (!running && (out_open || err_open)) {
            // Descendants outside the group may hold the pipes: give them a second, no more.
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (now.tv_sec - ended.tv_sec >= 2) break;
        }
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (out_open) skiff_cri_feed(log_fd, "stdout", &now, &out_buffer, NULL, 0, 1);
    if (err_open) skiff_cri_feed(log_fd, "stderr", &now, &err_buffer, NULL, 0, 1);
    char text[32];
    size_t length = put_number(text, status);
    text[length++] = '\n';
    int exit_fd = openat(dir_fd, "exit.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (exit_fd >= 0) {
        write_all(exit_fd, text, length);
        fsync(exit_fd);
        close(exit_fd);
        renameat(dir_fd, "exit.tmp", dir_fd, "exit");
    }
    _exit(0);
}

pid_t skiff_spawn(const struct skiff_spawn_args *args) {
    pid_t pid = fork();
    if (pid == 0) monitor(args);
    return pid;
}

static int link_up(int sock, const char *name) {
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(sock, SIOCGIFFLAGS, &request) < 0) return -1;
    request.ifr_flags |= IFF_UP;
    return ioctl(sock, SIOCSIFFLAGS, &request);
}

static uint32_t mask_of(uint32_t prefix) { return htonl(prefix == 0 ? 0 : prefix >= 32 ? 0xffffffffu : ~0u << (32 - prefix)); }

static void set_inet(struct sockaddr *address, uint32_t value) {
    struct sockaddr_in *in = (struct sockaddr_in *)address;
    memset(in, 0, sizeof *in);
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = value;
}

/// eth0 (already moved into this namespace): its address, up, and the routes via the gateway.
static int configure_eth0(const struct skiff_net_config *c) {
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) return -1;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strncpy(request.ifr_name, "eth0", IFNAMSIZ - 1);
    set_inet(&request.ifr_addr, c->address);
    int rc = ioctl(sock, SIOCSIFADDR, &request);
    if (rc == 0) {
        set_inet(&request.ifr_netmask, mask_of(c->prefix_length));
        rc = ioctl(sock, SIOCSIFNETMASK, &request);
    }
    if (rc == 0) rc = link_up(sock, "eth0");
    for (uint32_t k = 0; rc == 0 && k < c->route_count && k < 8; k++) {
        struct rtentry route;
        memset(&route, 0, sizeof route);
        set_inet(&route.rt_dst, c->routes[k][0]);
        set_inet(&route.rt_genmask, mask_of(c->routes[k][1]));
        set_inet(&route.rt_gateway, c->gateway);
        route.rt_flags = RTF_UP | RTF_GATEWAY;
        rc = ioctl(sock, SIOCADDRT, &route);
    }
    int saved = errno;
    close(sock);
    errno = saved;
    return rc;
}

static void holder(const struct skiff_holder_args *a) {
    prctl(PR_SET_NAME, "skiff-pod", 0, 0, 0);
    setsid();
    reset_signals();
    int keep[2] = {a->report_fd, a->config_fd};
    close_except(keep, a->config_fd >= 0 ? 2 : 1);
    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGCHLD, &ignore, NULL);  // orphans reparented here are reaped by the kernel
    int flags = a->flags;
    if (flags & CLONE_NEWNS) {
        if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) { report(a->report_fd, 'E', 6, errno); _exit(1); }
        if ((flags & CLONE_NEWPID) && mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0) {
            report(a->report_fd, 'E', 7, errno);
            _exit(1);
        }
        if ((a->resolv_conf && mount(a->resolv_conf, "/etc/resolv.conf", NULL, MS_BIND, NULL) < 0) ||
            (a->hosts && mount(a->hosts, "/etc/hosts", NULL, MS_BIND, NULL) < 0)) {
            report(a->report_fd, 'E', 11, errno);
            _exit(1);
        }
    }
    if ((flags & CLONE_NEWUTS) && a->hostname && sethostname(a->hostname, strlen(a->hostname)) < 0) {
        report(a->report_fd, 'E', 8, errno);
        _exit(1);
    }
    if (flags & CLONE_NEWNET) {
        int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (sock < 0 || link_up(sock, "lo") < 0) { report(a->report_fd, 'E', 12, errno); _exit(1); }
        close(sock);
    }
    write_all(a->report_fd, "ok\n", 3);
    if ((flags & CLONE_NEWNET) && a->config_fd >= 0) {
        struct skiff_net_config config;
        size_t got = 0;
        while (got < sizeof config) {
            ssize_t n = read(a->config_fd, (char *)&config + got, sizeof config - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += (size_t)n;
        }
        if (got == sizeof config) {
            if (configure_eth0(&config) < 0) { report(a->report_fd, 'E', 13, errno); _exit(1); }
            write_all(a->report_fd, "ok\n", 3);
        }
    }
    close_except(NULL, 0);
    for (;;) pause();
}

pid_t skiff_sandbox_holder(const struct skiff_holder_args *args) {
    // A raw clone, like fork but into new namespaces: the child is PID 1 of the new PID namespace.
    pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)(args->flags | SIGCHLD), NULL, NULL, NULL, NULL);
    if (pid == 0) holder(args);
    return pid;
}

int skiff_probe_namespaces(int flags) {
    pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)(flags | SIGCHLD), NULL, NULL, NULL, NULL);
    if (pid == 0) _exit(0);
    if (pid < 0) return 0;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return flags;
}

// MARK: a veth pair over rtnetlink (what `ip link add … type veth peer … netns …` sends)

struct skiff_nl_request {
    struct nlmsghdr header;
    struct ifinfomsg info;
    char attributes[512];
};

/// Appends attribute `type` with `length` bytes of `data` at the end of the message; returns the
/// attribute (to close a nest with `nl_end`), or NULL when it would not fit.
static struct rtattr *nl_add(struct nlmsghdr *h, size_t capacity, unsigned short type, const void *data, size_t length) {
    size_t at = NLMSG_ALIGN(h->nlmsg_len);
    size_t size = RTA_LENGTH(length);
    if (at + RTA_ALIGN(size) > capacity) return NULL;
    struct rtattr *a = (struct rtattr *)((char *)h + at);
    a->rta_type = type;
    a->rta_len = (unsigned short)size;
    if (length > 0) memcpy(RTA_DATA(a), data, length);
    h->nlmsg_len = (uint32_t)(at + RTA_ALIGN(size));
    return a;
}

static void nl_end(struct nlmsghdr *h, struct rtattr *nest) {
    nest->rta_len = (unsigned short)((char *)h + h->nlmsg_len - (char *)nest);
}

int skiff_create_veth(const char *host_name, const char *bridge, const char *peer_name, pid_t peer_pid) {
    unsigned int master = if_nametoindex(bridge);
    if (master == 0) return -errno;
    struct skiff_nl_request request;
    memset(&request, 0, sizeof request);
    struct nlmsghdr *h = &request.header;
    h->nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
    h->nlmsg_type = RTM_NEWLINK;
    h->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
    h->nlmsg_seq = 1;
    request.info.ifi_family = AF_UNSPEC;
    request.info.ifi_flags = IFF_UP;
    request.info.ifi_change = IFF_UP;
    size_t capacity = sizeof request;
    uint32_t master_index = master, pid = (uint32_t)peer_pid;
    struct ifinfomsg peer_info;
    memset(&peer_info, 0, sizeof peer_info);
    peer_info.ifi_family = AF_UNSPEC;
    struct rtattr *linkinfo, *data, *peer;
    if (!nl_add(h, capacity, IFLA_IFNAME, host_name, strlen(host_name) + 1) ||
        !nl_add(h, capacity, IFLA_MASTER, &master_index, sizeof master_index) ||
        !(linkinfo = nl_add(h, capacity, IFLA_LINKINFO, NULL, 0)) ||
        !nl_add(h, capacity, IFLA_INFO_KIND, "veth", 5) ||
        !(data = nl_add(h, capacity, IFLA_INFO_DATA, NULL, 0)) ||
        // The peer: an ifinfomsg, then its own attributes, all inside VETH_INFO_PEER.
        !(peer = nl_add(h, capacity, VETH_INFO_PEER, &peer_info, sizeof peer_info)) ||
        !nl_add(h, capacity, IFLA_IFNAME, peer_name, strlen(peer_name) + 1) ||
        !nl_add(h, capacity, IFLA_NET_NS_PID, &pid, sizeof pid)) {
        return -ENOBUFS;
    }
    nl_end(h, peer);
    nl_end(h, data);
    nl_end(h, linkinfo);

    int sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (sock < 0) return -errno;
    struct sockaddr_nl kernel;
    memset(&kernel, 0, sizeof kernel);
    kernel.nl_family = AF_NETLINK;
    ssize_t sent;
    do { sent = sendto(sock, h, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel); } while (sent < 0 && errno == EINTR);
    if (sent < 0) { int e = errno; close(sock); return -e; }
    // The acknowledgement: an NLMSG_ERROR whose error is 0 on success, -errno otherwise.
    char reply[1024];
    int result = -EPROTO;
    for (;;) {
        ssize_t n = recv(sock, reply, sizeof reply, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { result = -errno; break; }
        struct nlmsghdr *r = (struct nlmsghdr *)reply;
        int done = 0;
        for (size_t left = (size_t)n; NLMSG_OK(r, left); r = NLMSG_NEXT(r, left)) {
            if (r->nlmsg_seq != 1) continue;
            if (r->nlmsg_type == NLMSG_ERROR) {
                struct nlmsgerr *e = (struct nlmsgerr *)NLMSG_DATA(r);
                result = e->error;
                done = 1;
                break;
            }
        }
        if (done || n == 0) break;
    }
    close(sock);
    return result;
}

// MARK: the helper executable (skiff-shim): monitors and holders without a fork of the runtime
//
// Forking the runtime for every monitor and holder copies its page tables (hundreds of mappings:
// the Swift runtime, Foundation, thread stacks) and then makes it take a copy-on-write fault on
// every page it writes while the copy lives — on a burst of pod starts, the largest cost left in
// the runtime. Instead the runtime vforks and execs `skiff-shim`, a small C program, handing it
// the same arguments as a blob on a pipe: the child borrows the runtime's memory only until exec.

/// The blob: NUL-separated fields. Numbers in decimal; an optional string is "-" when absent and
/// "+<text>" when present; lists are a count and then their items.
struct skiff_blob {
    char *data;
    size_t used, capacity;
    int failed;
};

static void blob_put(struct skiff_blob *b, const char *prefix, const char *text) {
    size_t lp = strlen(prefix), lt = text ? strlen(text) : 0;
    if (b->used + lp + lt + 1 > b->capacity) {
        size_t capacity = (b->capacity + lp + lt + 1) * 2;
        char *grown = realloc(b->data, capacity);
        if (!grown) { b->failed = 1; return; }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->used, prefix, lp);
    if (lt) memcpy(b->data + b->used + lp, text, lt);
    b->data[b->used + lp + lt] = 0;
    b->used += lp + lt + 1;
}

static void blob_number(struct skiff_blob *b, long long value) {
    char text[24];
    size_t n = put_number(text, value);
    text[n] = 0;
    blob_put(b, "", text);
}

static void blob_optional(struct skiff_blob *b, const char *text) { blob_put(b, text ? "+" : "-", text); }

static void blob_list(struct skiff_blob *b, const char *const *items, int count) {
    blob_number(b, count);
    for (int k = 0; k < count; k++) blob_put(b, "", items[k]);
}

static int null_terminated_count(char *const *items) {
    int n = 0;
    while (items && items[n]) n++;
    return n;
}

/// vforks and execs `helper mode` with `fds` (up to four; -1: none) as descriptors 3, 4, 5, 6 and
/// writes `blob` on a pipe that becomes descriptor 7. Returns the child's pid, or -1 with errno.
static pid_t spawn_helper(const char *helper, const char *mode, const int fds[4], const struct skiff_blob *blob) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) < 0) return -1;
    // Above every descriptor the child will place, so that no dup2 overwrites a source first.
    int sources[5];
    for (int k = 0; k < 4; k++) sources[k] = fds[k];
    sources[4] = pipe_fds[0];
    char *const argv[] = {(char *)"skiff-shim", (char *)mode, NULL};
    char *const envp[] = {NULL};
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);  // no handler of the runtime's runs in the child
    pid_t pid = vfork();
    if (pid == 0) {
        int moved[5];
        for (int k = 0; k < 5; k++) moved[k] = sources[k] >= 0 ? fcntl(sources[k], F_DUPFD_CLOEXEC, 64) : -1;
        for (int k = 0; k < 5; k++) {
            if (moved[k] >= 0) dup2(moved[k], 3 + k);  // dup2 clears close-on-exec on the copy
            else close(3 + k);
        }
        reset_signals();
        execve(helper, argv, envp);
        _exit(127);
    }
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(pipe_fds[0]);
    if (pid < 0) { close(pipe_fds[1]); errno = saved; return -1; }
    write_all(pipe_fds[1], blob->data, blob->used);
    close(pipe_fds[1]);
    return pid;
}

pid_t skiff_spawn_with(const char *helper, const struct skiff_spawn_args *a) {
    struct skiff_blob b = {0};
    blob_put(&b, "", a->path);
    blob_list(&b, (const char *const *)a->argv, null_terminated_count(a->argv));
    blob_list(&b, (const char *const *)a->envp, null_terminated_count(a->envp));
    blob_optional(&b, a->cwd);
    blob_number(&b, a->ns_pid);
    blob_number(&b, a->mnt_pid);
    blob_number(&b, a->mount_count);
    for (int k = 0; k < a->mount_count; k++) {
        blob_put(&b, "", a->mounts[k].source);
        blob_put(&b, "", a->mounts[k].target);
        blob_number(&b, a->mounts[k].read_only);
    }
    blob_optional(&b, a->scratch_dir);
    blob_list(&b, a->cgroup_procs, a->cgroup_count);
    blob_optional(&b, a->log_path);
    blob_optional(&b, a->exit_dir);
    if (b.failed) { free(b.data); errno = ENOMEM; return -1; }
    int fds[4] = {a->report_fd, a->out_fd, a->err_fd, -1};
    pid_t pid = spawn_helper(helper, "monitor", fds, &b);
    int saved = errno;
    free(b.data);
    errno = saved;
    return pid;
}

pid_t skiff_sandbox_holder_with(const char *helper, const struct skiff_holder_args *a, int pid_fd) {
    struct skiff_blob b = {0};
    blob_number(&b, a->flags);
    blob_optional(&b, a->hostname);
    blob_optional(&b, a->resolv_conf);
    blob_optional(&b, a->hosts);
    if (b.failed) { free(b.data); errno = ENOMEM; return -1; }
    int fds[4] = {a->report_fd, a->config_fd, pid_fd, -1};
    pid_t pid = spawn_helper(helper, "holder", fds, &b);
    int saved = errno;
    free(b.data);
    errno = saved;
    return pid;
}

/// The blob on descriptor 7, read whole (the helper is single-threaded: the heap is fine here).
struct skiff_fields {
    char **items;
    int count, next;
};

static int read_fields(struct skiff_fields *f) {
    size_t used = 0, capacity = 4096;
    char *data = malloc(capacity);
    if (!data) return -1;
    for (;;) {
        if (used == capacity) {
            char *grown = realloc(data, capacity * 2);
            if (!grown) return -1;
            data = grown;
            capacity *= 2;
        }
        ssize_t n = read(7, data + used, capacity - used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) break;
        used += (size_t)n;
    }
    close(7);
    int count = 0;
    for (size_t i = 0; i < used; i++) if (data[i] == 0) count++;
    f->items = malloc(sizeof(char *) * (size_t)(count + 1));
    if (!f->items) return -1;
    f->count = 0;
    f->next = 0;
    size_t start = 0;
    for (size_t i = 0; i < used; i++) {
        if (data[i] == 0) { f->items[f->count++] = data + start; start = i + 1; }
    }
    return 0;
}

static const char *field(struct skiff_fields *f) { return f->next < f->count ? f->items[f->next++] : ""; }
static long long field_number(struct skiff_fields *f) { return strtoll(field(f), NULL, 10); }
static const char *field_optional(struct skiff_fields *f) {
    const char *s = field(f);
    return s[0] == '+' ? s + 1 : NULL;
}

static char **field_list(struct skiff_fields *f, int *count) {
    int n = (int)field_number(f);
    if (n < 0) n = 0;
    char **items = malloc(sizeof(char *) * (size_t)(n + 1));
    if (!items) _exit(125);
    for (int k = 0; k < n; k++) items[k] = (char *)field(f);
    items[n] = NULL;
    if (count) *count = n;
    return items;
}

int skiff_helper_main(int argc, char **argv) {
    struct skiff_fields f;
    if (argc < 2 || read_fields(&f) < 0) return 125;
    if (strcmp(argv[1], "monitor") == 0) {
        struct skiff_spawn_args a;
        memset(&a, 0, sizeof a);
        a.path = field(&f);
        a.argv = field_list(&f, NULL);
        a.envp = field_list(&f, NULL);
        a.cwd = field_optional(&f);
        a.ns_pid = (pid_t)field_number(&f);
        a.mnt_pid = (pid_t)field_number(&f);
        a.mount_count = (int)field_number(&f);
        struct skiff_mount *mounts = malloc(sizeof(struct skiff_mount) * (size_t)(a.mount_count > 0 ? a.mount_count : 1));
        if (!mounts) return 125;
        for (int k = 0; k < a.mount_count; k++) {
            mounts[k].source = field(&f);
            mounts[k].target = field(&f);
            mounts[k].read_only = (int)field_number(&f);
        }
        a.mounts = mounts;
        a.scratch_dir = field_optional(&f);
        a.cgroup_procs = (const char *const *)field_list(&f, &a.cgroup_count);
        a.log_path = field_optional(&f);
        a.exit_dir = field_optional(&f);
        a.report_fd = 3;
        a.out_fd = fcntl(4, F_GETFD) >= 0 ? 4 : -1;
        a.err_fd = fcntl(5, F_GETFD) >= 0 ? 5 : -1;
        monitor(&a);  // does not return
        return 125;
    }
    if (strcmp(argv[1], "holder") == 0) {
        struct skiff_holder_args a;
        memset(&a, 0, sizeof a);
        a.flags = (int)field_number(&f);
        a.hostname = field_optional(&f);
        a.resolv_conf = field_optional(&f);
        a.hosts = field_optional(&f);
        a.report_fd = 3;
        a.config_fd = fcntl(4, F_GETFD) >= 0 ? 4 : -1;
        // The holder is cloned from this small process, then this one reports its pid and goes:
        // the holder is reparented, and the runtime watches it by pidfd.
        pid_t pid = skiff_sandbox_holder(&a);
        if (pid < 0) {
            report(3, 'E', 14, errno);
            return 1;
        }
        char text[24];
        size_t n = put_number(text, pid);
        text[n++] = '\n';
        write_all(5, text, n);
        return 0;
    }
    return 125;
}

int skiff_set_child_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }
