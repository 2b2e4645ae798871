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
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
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

#endif
