/*
 * fly-init: the supervisor of a pod of the fly flavor.
 *
 * The rkt run process (a JVM) prepares the pod's mounts, then execve()s this program, so no JVM
 * stays alive while the pod runs. The pod's lock (an flock on the pod directory) arrives as an
 * inherited fd and stays open here, and in the app, until both have ended: the pod reads as
 * "running" exactly as long as one of them lives.
 *
 *   fly-init run   OPTIONS -- ARG0 [ARG...]   fork the app, wait, record its exit code, exit with it
 *   fly-init enter OPTIONS -- ARG0 [ARG...]   become the command directly (rkt enter)
 *
 * OPTIONS: --rootfs DIR (required), --cwd DIR (default /), --uid N, --gid N (default 0),
 * --groups N,N,... (supplementary groups, default none), --exec PATH (the program to execute,
 * default ARG0; a path inside the rootfs), --lock-fd N (the fd to keep open, default none),
 * and for run --pid-file FILE and --status-file FILE (host paths, required).
 * The app's environment is this program's own environment.
 *
 * Exit status: the app's (128 + signal when it was killed by a signal); 254 when fly-init itself
 * fails, in which case no exit code is recorded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_RUNTIME 254

extern char **environ;

struct options {
	int enter;
	const char *rootfs;
	const char *cwd;
	const char *exec;
	const char *pid_file;
	const char *status_file;
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	size_t ngroups;
	int lock_fd;
	char **argv;
};

/* What the child reports through the close-on-exec pipe when it fails before execve. */
struct failure {
	int step;
	int err;
};

static const char *const steps[] = {"chroot", "chdir", "setgroups", "setgid", "setuid", "execve"};

/* Signals forwarded to the app: the ones a process is sent to be told to stop or to reload. */
static const int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
#define NFORWARDED (sizeof(forwarded) / sizeof(forwarded[0]))

static volatile sig_atomic_t child_pid;

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("fly-init: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_RUNTIME);
}

static unsigned long number(const char *opt, const char *s, unsigned long max)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || v > max)
		die("%s: not a number in range: \"%s\"", opt, s);
	return v;
}

static void parse_groups(struct options *o, const char *list)
{
	size_t n = 1;
	for (const char *p = list; *p; p++)
		n += *p == ',';
	if (*list == '\0')
		return;
	o->groups = calloc(n, sizeof(gid_t));
	if (o->groups == NULL)
		die("out of memory");
	char *copy = strdup(list);
	if (copy == NULL)
		die("out of memory");
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		o->groups[o->ngroups++] = (gid_t)number("--groups", tok, UINT_MAX - 1);
	free(copy);
}

static void parse(int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->cwd = "/";
	o->lock_fd = -1;
	if (argc < 2)
		die("usage: fly-init run|enter OPTIONS -- ARG0 [ARG...]");
	if (strcmp(argv[1], "enter") == 0)
		o->enter = 1;
	else if (strcmp(argv[1], "run") != 0)
		die("unknown mode \"%s\" (run or enter)", argv[1]);
	int i = 2;
	for (; i < argc; i++) {
		const char *opt = argv[i];
		if (strcmp(opt, "--") == 0) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			die("%s: missing value", opt);
		const char *val = argv[++i];
		if (strcmp(opt, "--rootfs") == 0)
			o->rootfs = val;
		else if (strcmp(opt, "--cwd") == 0)
			o->cwd = val;
		else if (strcmp(opt, "--exec") == 0)
			o->exec = val;
		else if (strcmp(opt, "--uid") == 0)
			o->uid = (uid_t)number(opt, val, UINT_MAX - 1);
		else if (strcmp(opt, "--gid") == 0)
			o->gid = (gid_t)number(opt, val, UINT_MAX - 1);
		else if (strcmp(opt, "--groups") == 0)
			parse_groups(o, val);
		else if (strcmp(opt, "--lock-fd") == 0)
			o->lock_fd = (int)number(opt, val, INT_MAX);
		else if (strcmp(opt, "--pid-file") == 0)
			o->pid_file = val;
		else if (strcmp(opt, "--status-file") == 0)
			o->status_file = val;
		else
			die("unknown option \"%s\"", opt);
	}
	if (i >= argc)
		die("no command after --");
	o->argv = &argv[i];
	if (o->exec == NULL)
		o->exec = o->argv[0];
	if (o->rootfs == NULL)
		die("--rootfs is required");
	if (!o->enter && (o->pid_file == NULL || o->status_file == NULL))
		die("run needs --pid-file and --status-file");
	if (o->exec[0] != '/')
		die("--exec must be an absolute path inside the rootfs: \"%s\"", o->exec);
	/* The supervisor moves to / so that it keeps no directory busy: host paths must be absolute. */
	if (o->rootfs[0] != '/' || (o->pid_file && o->pid_file[0] != '/') || (o->status_file && o->status_file[0] != '/'))
		die("--rootfs, --pid-file and --status-file must be absolute paths");
}

/*
 * The JVM that exec'd us leaves signals blocked (Java threads block SIGQUIT) and may leave some
 * ignored; both would be inherited by the app through execve.
 */
static void reset_signals(void)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int sig = 1; sig < NSIG; sig++) {
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	}
}

/* Descriptors the JVM opened without close-on-exec must not reach the app. */
static void close_other_fds(int keep)
{
	long rc;
	if (keep > 3)
		rc = syscall(SYS_close_range, 3U, (unsigned)keep - 1, 0U);
	else
		rc = 0;
	if (rc == 0)
		rc = syscall(SYS_close_range, keep >= 3 ? (unsigned)keep + 1 : 3U, ~0U, 0U);
	if (rc == 0)
		return;
	long max = sysconf(_SC_OPEN_MAX);
	for (long fd = 3; fd < (max > 0 ? max : 65536); fd++) {
		if (fd != keep)
			close((int)fd);
	}
}

static void fail_step(int report_fd, int step)
{
	struct failure f = {step, errno};
	if (report_fd >= 0) {
		ssize_t unused = write(report_fd, &f, sizeof(f));
		(void)unused;
		_exit(EXIT_RUNTIME);
	}
	die("%s: %s", steps[step], strerror(f.err));
}

/* Turns this process into the app. report_fd < 0: report failures on stderr instead of the pipe. */
static void become_app(const struct options *o, int report_fd)
{
	if (chroot(o->rootfs) != 0)
		fail_step(report_fd, 0);
	if (chdir("/") != 0 || chdir(o->cwd) != 0)
		fail_step(report_fd, 1);
	if (setgroups(o->ngroups, o->groups) != 0)
		fail_step(report_fd, 2);
	if (setgid(o->gid) != 0)
		fail_step(report_fd, 3);
	if (setuid(o->uid) != 0)
		fail_step(report_fd, 4);
	execve(o->exec, o->argv, environ);
	fail_step(report_fd, 5);
}

static void forward(int sig, siginfo_t *info, void *context)
{
	(void)context;
	/* The terminal already signalled the whole foreground process group, the app included. */
	if (info->si_code == SI_KERNEL)
		return;
	if (child_pid > 0)
		kill((pid_t)child_pid, sig);
}

static int write_atomically(const char *path, long value)
{
	char tmp[PATH_MAX];
	char text[32];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -1;
	int len = snprintf(text, sizeof(text), "%ld", value);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, text, (size_t)len) != len || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int wait_for(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			die("waitpid %d: %s", (int)pid, strerror(errno));
	}
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

static int supervise(const struct options *o)
{
	int report[2];
	if (pipe2(report, O_CLOEXEC) != 0)
		die("pipe: %s", strerror(errno));

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = forward;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	sigset_t all, none;
	sigfillset(&all);
	sigemptyset(&none);
	/* No forwarded signal may be handled between fork and knowing the child's pid. */
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (size_t i = 0; i < NFORWARDED; i++)
		sigaction(forwarded[i], &sa, NULL);

	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		for (size_t i = 0; i < NFORWARDED; i++)
			signal(forwarded[i], SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		close(report[0]);
		become_app(o, report[1]);
	}
	child_pid = pid;
	sigprocmask(SIG_SETMASK, &none, NULL);
	close(report[1]);

	if (write_atomically(o->pid_file, pid) != 0) {
		int err = errno;
		kill(pid, SIGKILL);
		wait_for(pid);
		die("write %s: %s", o->pid_file, strerror(err));
	}

	struct failure f;
	ssize_t n;
	do {
		n = read(report[0], &f, sizeof(f));
	} while (n < 0 && errno == EINTR);
	close(report[0]);
	if (n == (ssize_t)sizeof(f)) {
		wait_for(pid);
		if (f.step == 5)
			die("execve %s in %s: %s", o->exec, o->rootfs, strerror(f.err));
		die("%s: %s", steps[f.step], strerror(f.err));
	}

	int code = wait_for(pid);
	child_pid = 0;
	if (write_atomically(o->status_file, code) != 0)
		fprintf(stderr, "fly-init: write %s: %s\n", o->status_file, strerror(errno));
	return code;
}

int main(int argc, char **argv)
{
	struct options o;
	parse(argc, argv, &o);
	reset_signals();
	if (o.lock_fd >= 0 && fcntl(o.lock_fd, F_GETFD) < 0)
		die("--lock-fd %d: %s", o.lock_fd, strerror(errno));
	close_other_fds(o.lock_fd);
	if (o.enter) {
		become_app(&o, -1);
		return EXIT_RUNTIME;
	}
	if (chdir("/") != 0)
		die("chdir /: %s", strerror(errno));
	return supervise(&o);
}
