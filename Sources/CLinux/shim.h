#ifndef TEILHABE_CLINUX_SHIM_H
#define TEILHABE_CLINUX_SHIM_H
// Linux calls that Swift's Glibc module does not bring in, and wrappers for the
// constants that glibc declares in ways Swift imports awkwardly (enums, macros).
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <malloc.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static inline int clinux_socket_nonblocking(int domain) {
    return socket(domain, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

static inline int clinux_accept_nonblocking(int fd, struct sockaddr *address, socklen_t *length) {
    return accept4(fd, address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

static inline int clinux_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

static inline int clinux_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

/// Names the calling thread (15 bytes at most) for `top -H` and debuggers.
static inline int clinux_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

static inline int clinux_errno(void) {
    return errno;
}

/// Blocks SIGTERM, SIGINT and SIGPIPE for the calling thread and the threads it starts,
/// and returns a signalfd that reports SIGTERM and SIGINT.
static inline int clinux_signalfd_for_shutdown(void) {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGPIPE);
    if (pthread_sigmask(SIG_BLOCK, &mask, NULL) != 0) return -1;
    sigdelset(&mask, SIGPIPE);
    return signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
}

static inline int clinux_block_sigpipe(void) {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGPIPE);
    return pthread_sigmask(SIG_BLOCK, &mask, NULL);
}

/// Blocks SIGTERM, SIGINT and SIGPIPE in the calling thread, so that shutdown signals
/// reach the signalfd of the thread that waits for them and a closed peer never kills us.
static inline int clinux_block_shutdown_signals(void) {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGPIPE);
    return pthread_sigmask(SIG_BLOCK, &mask, NULL);
}

/// The signal number read from a signalfd, 0 when nothing was pending, -1 on error.
static inline int clinux_read_signalfd(int fd) {
    struct signalfd_siginfo info;
    ssize_t got = read(fd, &info, sizeof info);
    if (got == (ssize_t)sizeof info) return (int)info.ssi_signo;
    return (got < 0 && errno == EAGAIN) ? 0 : -1;
}

/// writev without SIGPIPE: sendmsg with MSG_NOSIGNAL over `count` buffers.
static inline ssize_t clinux_send_vectors(int fd, const struct iovec *vectors, int count) {
    struct msghdr message = {0};
    message.msg_iov = (struct iovec *)vectors;
    message.msg_iovlen = (size_t)count;
    return sendmsg(fd, &message, MSG_NOSIGNAL);
}

static inline ssize_t clinux_send(int fd, const void *bytes, size_t length) {
    return send(fd, bytes, length, MSG_NOSIGNAL);
}

static inline int clinux_shutdown_write(int fd) {
    return shutdown(fd, SHUT_WR);
}

static inline int clinux_set_int_option(int fd, int level, int name, int value) {
    return setsockopt(fd, level, name, &value, sizeof value);
}

// epoll flags are enum members in glibc; plain constants import cleanly into Swift.
static const uint32_t CLINUX_EPOLLIN = EPOLLIN;
static const uint32_t CLINUX_EPOLLOUT = EPOLLOUT;
static const uint32_t CLINUX_EPOLLERR = EPOLLERR;
static const uint32_t CLINUX_EPOLLHUP = EPOLLHUP;
static const uint32_t CLINUX_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t CLINUX_EPOLLET = EPOLLET;

static inline int clinux_epoll_add(int epoll, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = data;
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

static inline int clinux_epoll_remove(int epoll, int fd) {
    return epoll_ctl(epoll, EPOLL_CTL_DEL, fd, NULL);
}

/// epoll_wait into parallel arrays, so Swift never touches the packed `struct epoll_event`.
static inline int clinux_epoll_wait(int epoll, uint32_t *events, uint64_t *data, int capacity, int timeout) {
    struct epoll_event ready[256];
    if (capacity > 256) capacity = 256;
    int count = epoll_wait(epoll, ready, capacity, timeout);
    for (int index = 0; index < count; index++) {
        events[index] = ready[index].events;
        data[index] = ready[index].data.u64;
    }
    return count;
}

/// Gives the pages of freed heap memory back to the system (glibc's `malloc_trim`, which
/// the Glibc module does not export). Returns 1 when some memory was released.
static inline int clinux_malloc_trim(void) {
    return malloc_trim(0);
}

/// glibc allocator settings for a long-running server (`mallopt`, not in the Glibc module):
/// at most `arenas` arenas, freed memory at the top of the heap returned above `trim` bytes,
/// blocks from `mmapThreshold` bytes up mapped on their own (and unmapped when freed).
static inline void clinux_tune_malloc(int arenas, int trim, int mmapThreshold) {
    mallopt(M_ARENA_MAX, arenas);
    mallopt(M_TRIM_THRESHOLD, trim);
    mallopt(M_MMAP_THRESHOLD, mmapThreshold);
}

/// Monotonic time in nanoseconds.
static inline uint64_t clinux_monotonic_nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

#endif
