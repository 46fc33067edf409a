/*
 * rkt-connect: bin/rkt's client of the rkt daemon (docs/daemon.md). It sends the command line,
 * the environment and the working directory over the daemon's unix socket, copies the
 * answer's stdout and stderr bytes to its own, and then either exits with the command's status,
 * execs what the daemon hands over (a pod's supervisor, with the fds that come with it, at the
 * numbers the daemon gives), or, when the daemon is not there or says so before any output,
 * runs the command in a process of its own: bin/rkt with RKT_DAEMON=off.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define RUNTIME_ERROR 254
#define MAX_FDS 32

extern char **environ;

static char home[PATH_MAX];
static char **command_argv;

struct buffer {
    unsigned char *data;
    size_t length, capacity;
};

__attribute__((noreturn)) static void die(const char *what, const char *why) {
    fprintf(stderr, "rkt: daemon: %s: %s\n", what, why);
    exit(RUNTIME_ERROR);
}

/* Runs the command in a process of its own; never returns. */
__attribute__((noreturn)) static void run_alone(void) {
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/bin/rkt", home);
    setenv("RKT_DAEMON", "off", 1);
    command_argv[0] = path;
    execv(path, command_argv);
    die(path, strerror(errno));
}

static void put(struct buffer *b, const void *bytes, size_t length) {
    if (b->length + length > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->length + length) {
            capacity *= 2;
        }
        b->data = realloc(b->data, capacity);
        if (!b->data) {
            die("request", "out of memory");
        }
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, bytes, length);
    b->length += length;
}

static void put_u32(struct buffer *b, uint32_t value) {
    unsigned char bytes[4] = {value >> 24, value >> 16, value >> 8, value};
    put(b, bytes, 4);
}

static void put_string(struct buffer *b, const char *s) {
    size_t length = strlen(s);
    put_u32(b, (uint32_t) length);
    put(b, s, length);
}

static uint32_t get_u32(const unsigned char *p) {
    return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static int write_all(int fd, const unsigned char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        data += n;
        length -= (size_t) n;
    }
    return 0;
}

/* Reads a string of an exec frame; NULL when the payload is malformed. */
static char *take_string(const unsigned char **p, const unsigned char *end) {
    if (end - *p < 4) {
        return NULL;
    }
    uint32_t length = get_u32(*p);
    *p += 4;
    if ((size_t) (end - *p) < length) {
        return NULL;
    }
    char *s = malloc(length + 1);
    if (!s) {
        return NULL;
    }
    memcpy(s, *p, length);
    s[length] = 0;
    *p += length;
    return s;
}

static char **take_strings(const unsigned char **p, const unsigned char *end) {
    if (end - *p < 4) {
        return NULL;
    }
    uint32_t count = get_u32(*p);
    *p += 4;
    if (count > (uint32_t) (end - *p) / 4) {
        return NULL;
    }
    char **strings = calloc(count + 1, sizeof *strings);
    for (uint32_t i = 0; strings && i < count; i++) {
        if (!(strings[i] = take_string(p, end))) {
            return NULL;
        }
    }
    return strings;
}

struct handed {
    char *path;
    char **argv, **envp;
    uint32_t count;
    const unsigned char *targets;
};

/* Parses an exec frame's payload. */
static struct handed parse_handed(const unsigned char *payload, size_t length) {
    const unsigned char *p = payload, *end = payload + length;
    struct handed h = {0};
    h.path = take_string(&p, end);
    h.argv = h.path ? take_strings(&p, end) : NULL;
    h.envp = h.argv ? take_strings(&p, end) : NULL;
    if (!h.envp || end - p < 4) {
        die("exec", "malformed answer");
    }
    h.count = get_u32(p);
    p += 4;
    if (h.count > MAX_FDS || (size_t) (end - p) != 4 * (size_t) h.count) {
        die("exec", "malformed answer");
    }
    h.targets = p;
    return h;
}

/* Installs the handed fds at their numbers and execs the handed program; never returns. */
__attribute__((noreturn)) static void exec_handed(struct handed h, const int *fds, int nfds, int sock) {
    const unsigned char *p = h.targets;
    char *path = h.path;
    char **argv = h.argv, **envp = h.envp;
    if (h.count != (uint32_t) nfds) {
        die("exec", "the fds did not arrive");
    }
    int targets[MAX_FDS], high = 64;
    for (int i = 0; i < nfds; i++) {
        targets[i] = (int) get_u32(p + 4 * i);
        if (targets[i] < 3) {
            die("exec", "fd number below 3");
        }
        if (targets[i] >= high) {
            high = targets[i] + 1;
        }
    }
    close(sock);
    /* first above every target, so that no install overwrites a handed fd not yet installed */
    int moved[MAX_FDS];
    for (int i = 0; i < nfds; i++) {
        moved[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, high);
        if (moved[i] < 0) {
            die("exec", strerror(errno));
        }
        close(fds[i]);
    }
    for (int i = 0; i < nfds; i++) {
        if (dup2(moved[i], targets[i]) < 0) {
            die("exec", strerror(errno));
        }
        close(moved[i]);
    }
    execve(path, argv, envp);
    die(path, strerror(errno));
}

int main(int argc, char **argv) {
    (void) argc;
    command_argv = argv;
    char self[PATH_MAX];
    if (!realpath("/proc/self/exe", self)) {
        die("/proc/self/exe", strerror(errno));
    }
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(self, '/');
        if (slash) {
            *slash = 0;
        }
    }
    snprintf(home, sizeof home, "%s", self);

    const char *path = getenv("RKT_DAEMON_SOCKET");
    if (!path || !*path) {
        path = "/run/rktj/daemon.sock";
    }
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof address.sun_path) {
        run_alone();
    }
    strcpy(address.sun_path, path);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0 || connect(sock, (struct sockaddr *) &address, sizeof address) < 0) {
        run_alone();
    }

    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) {
        run_alone();
    }
    struct buffer request = {0};
    put(&request, "RKTJ\1", 5);
    put_u32(&request, (uint32_t) (argc - 1));
    for (int i = 1; i < argc; i++) {
        put_string(&request, argv[i]);
    }
    uint32_t envc = 0;
    for (char **e = environ; *e; e++) {
        envc++;
    }
    put_u32(&request, envc);
    for (char **e = environ; *e; e++) {
        put_string(&request, *e);
    }
    put_string(&request, cwd);
    unsigned char flags = (isatty(0) ? 1 : 0) | (isatty(1) ? 2 : 0) | (isatty(2) ? 4 : 0);
    put(&request, &flags, 1);
    for (size_t done = 0; done < request.length;) {
        ssize_t n = send(sock, request.data + done, request.length - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            run_alone(); /* the daemon has not read a whole request: it has done nothing */
        }
        done += (size_t) n;
    }

    struct buffer in = {0};
    int fds[MAX_FDS], nfds = 0, answered = 0;
    size_t at = 0;
    unsigned char chunk[65536];
    char control[CMSG_SPACE(MAX_FDS * sizeof(int))];
    for (;;) {
        /* whole frames first */
        while (in.length - at >= 5) {
            unsigned char type = in.data[at];
            uint32_t length = get_u32(in.data + at + 1);
            if (in.length - at - 5 < length) {
                break;
            }
            const unsigned char *payload = in.data + at + 5;
            answered = 1;
            switch (type) {
            case 'O':
            case 'E':
                write_all(type == 'O' ? 1 : 2, payload, length);
                break;
            case 'X':
                if (length != 4) {
                    die("answer", "malformed exit status");
                }
                exit((int) get_u32(payload));
            case 'F':
                close(sock);
                run_alone();
                break;
            case 'P': {
                /* the fds follow the frame, with one byte 'D' */
                struct handed h = parse_handed(payload, length);
                if (nfds < (int) h.count) {
                    goto read_more;
                }
                exec_handed(h, fds, nfds, sock);
            }
            default:
                die("answer", "unknown frame");
            }
            at += 5 + length;
        }
    read_more:;
        struct iovec iov = {.iov_base = chunk, .iov_len = sizeof chunk};
        struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                                 .msg_controllen = sizeof control};
        ssize_t n = recvmsg(sock, &message, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            die("read", strerror(errno));
        }
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                int count = (int) ((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
                for (int i = 0; i < count; i++) {
                    int fd;
                    memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
                    if (nfds < MAX_FDS) {
                        fds[nfds++] = fd;
                    } else {
                        close(fd);
                    }
                }
            }
        }
        if (n == 0) {
            die(path, answered ? "the daemon closed the connection before the command ended"
                               : "the daemon closed the connection without an answer");
        }
        put(&in, chunk, (size_t) n);
    }
}
