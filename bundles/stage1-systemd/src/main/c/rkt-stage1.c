/*
 * rkt-stage1: the two native pieces of the systemd flavor (docs/systemd.md).
 *
 *   rkt-stage1 pod OPTIONS -- NSPAWN [ARG...]
 *       The pod's supervisor on the host. The rkt run process (a JVM) execve()s it with the pod
 *       lock inherited. It enters a mount namespace of its own (slave of the host's, so
 *       nothing it or systemd-nspawn mounts ever reaches the host, and everything is gone when
 *       the pod ends), mounts a tmpfs on /run/systemd/nspawn (nspawn's scratch space), mounts
 *       each app's overlay rootfs, then forks systemd-nspawn, which joins the pod's cgroups
 *       before it execs. It forwards SIGTERM, SIGINT and SIGHUP to nspawn (which halts the
 *       pod's systemd) and exits with nspawn's status: the pod's exit status. When nspawn's
 *       command runs rkt-stage1 init with --create apps, it also starts their keepers from here,
 *       in the pod's namespaces as soon as nspawn has made them (early_keepers).
 *       OPTIONS: --lock-fd N, --pid-file FILE (nspawn's pid, for stop),
 *       --cgroup DIR (repeatable: a cgroup directory nspawn joins),
 *       --overlay LOWER UPPER WORK TARGET (repeatable), --tmpfs DIR (repeatable),
 *       --exit-file FILE (the code the app runners decided for the pod, rkt/pod-exit: when it
 *       exists once nspawn has exited, it is the exit status; this is how a pod that was stopped
 *       reports its first failed app, as rkt's shutdown.service did with "systemctl exit"),
 *       --interactive FIFO (rkt run --interactive: the single app's stdin is this process's; on a
 *       terminal, nspawn's interactive console is the app's tty; otherwise the console is
 *       read-only and a relay copies stdin into FIFO, which the app's runner opens, so the app
 *       sees the input and its end).
 *
 *   rkt-stage1 app OPTIONS -- RUNC [ARG...]
 *       One app's runner inside the pod: the ExecStart of its systemd unit. It runs runc with
 *       the app's stdout and stderr on a pipe and writes each line to its own stdout (the
 *       console, which is rkt run's terminal) as "[ SEC.USEC] APP[PID]: LINE". It forwards
 *       SIGTERM, SIGINT and SIGHUP to runc (which forwards them to the app), records the app's
 *       exit code in STATUS_DIR/APP, and ends the pod: with the first failing app's code, or
 *       with 0 once every app has exited with 0.
 *       OPTIONS: --name APP, --status-dir DIR, --apps N (how many apps the pod has),
 *       --no-prefix (pass output through as it is, for --interactive),
 *       --stdin FIFO (--interactive: when FIFO exists, it is the app's stdin; otherwise the app
 *       keeps this runner's, the console),
 *       --pre-start N ARG... and --post-stop N ARG... (the app's event handlers, N words each:
 *       pre-start runs before the app, which runs only if it succeeds; post-stop runs after the
 *       app in every case, also when the pod is stopped).
 *
 *       --created FIFO: the app was created before systemd by rkt-stage1 init's keeper, which
 *       reports on FIFO "created PID" and then "exit CODE" (or only "exit CODE" when the create
 *       failed); the command after -- then starts the created app (runc start), and signals go
 *       to the app's PID. --start-fifo FIFO: start it by reading FIFO instead (runc's exec.fifo,
 *       which is what runc start reads), when FIFO exists.
 *       --end-at-once: when this runner finds every app ended with 0, it also creates pod-ended
 *       next to pod-exit, and rkt-stage1 pod ends the pod at once (wait_pod). The flavor gives it
 *       only when nothing but the keepers prints (no event handlers, not --interactive).
 *
 *   rkt-stage1 init [--systemd-cgroup NAME] [--create APP FIFO PIDFILE N CREATE... M DELETE...]...
 *                   -- SYSTEMD [ARG...]
 *       PID 1 of the pod for a moment, run by systemd-nspawn: makes the pod's cgroup hierarchies
 *       writable (nspawn mounts them read-only; inside the pod they are rooted at the pod's own
 *       cgroup), starts one keeper per --create app, joins the cgroup NAME below the pod's (the
 *       root of what systemd will manage), and execs systemd, which stays PID 1. An app
 *       whose keeper rkt-stage1 pod started already (its FIFO exists) is left alone. A
 *       keeper creates its app (runc create, N words) while systemd boots, relays the app's
 *       output to the console with the app's name, reaps the app (it is the app's subreaper),
 *       reports on FIFO (made here) as described for --created, and deletes the stopped
 *       container (M words).
 *
 * Exit status: the child's (128 + signal when it was killed by a signal); 254 when this
 * program itself fails.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/inotify.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define EXIT_RUNTIME 254
#define MAX_ITEMS 64
#define SYSTEMCTL "/usr/bin/systemctl"

static volatile sig_atomic_t child_pid;
static volatile sig_atomic_t app_pid; /* --created: the app, which signals go to */
static volatile sig_atomic_t signalled;
static const char *prog = "rkt-stage1";

static void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_RUNTIME);
}

static void forward(int sig)
{
	signalled = 1;
	if (child_pid > 0)
		kill(child_pid, sig);
	if (app_pid > 0)
		kill(app_pid, sig);
}

static void forward_signals(void)
{
	static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static void ignore_stop_signals(void)
{
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
}

static void default_signals(void)
{
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
}

static int wait_for(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int write_atomically(const char *path, const char *text)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	size_t len = strlen(text);
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return rename(tmp, path);
}

static int read_code(const char *path, int *code)
{
	char text[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = 0;
	char *end;
	long value = strtol(text, &end, 10);
	if (end == text || value < 0 || value > 255)
		return -1;
	*code = (int)value;
	return 0;
}

/* ---- pod: the supervisor on the host ---- */

/*
 * --interactive without a terminal: a child copies stdin into FIFO (made here), which the app's
 * runner opens inside the pod as the app's stdin; the end of stdin closes FIFO, so the app reads
 * EOF. The child holds no pod lock and dies with this process.
 */
static pid_t start_stdin_relay(const char *fifo, int lock_fd)
{
	pid_t parent = getpid();
	unlink(fifo);
	if (mkfifo(fifo, 0600) < 0)
		die("mkfifo %s: %s", fifo, strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid > 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	if (lock_fd >= 0)
		close(lock_fd);
	default_signals();
	signal(SIGPIPE, SIG_IGN);
	int out = open(fifo, O_WRONLY | O_CLOEXEC);
	if (out < 0)
		_exit(EXIT_RUNTIME);
	char buf[8192];
	for (;;) {
		ssize_t r = read(STDIN_FILENO, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (ssize_t off = 0; off < r;) {
			ssize_t w = write(out, buf + off, r - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				_exit(0);
			off += w;
		}
	}
	close(out);
	_exit(0);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	if (write(fd, text, strlen(text)) < 0)
		die("write %s: %s", path, strerror(errno));
	close(fd);
}

static void mkdirs(const char *path)
{
	char buf[4096];
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		die("path too long: %s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = 0;
			mkdir(buf, 0755);
			*p = '/';
		}
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		die("mkdir %s: %s", path, strerror(errno));
}

/* overlayfs splits its options at commas and lower dirs at colons; a backslash escapes both. */
static void escape(char *out, size_t size, const char *in)
{
	size_t n = 0;
	for (; *in && n + 2 < size; in++) {
		if (*in == ',' || *in == ':' || *in == '\\')
			out[n++] = '\\';
		out[n++] = *in;
	}
	out[n] = 0;
}

static pid_t early_keepers(pid_t nspawn, char **command);
static int watch_ended(const char *exit_file);
static int wait_pod(pid_t nspawn, pid_t *early, int watch);

static int pod(int argc, char **argv)
{
	const char *pid_file = NULL, *exit_file = NULL, *stdin_fifo = NULL;
	const char *cgroups[MAX_ITEMS], *tmpfs[MAX_ITEMS], *overlays[MAX_ITEMS][4];
	int ncgroups = 0, ntmpfs = 0, noverlays = 0, lock_fd = -1, interactive = 0;
	int i = 2;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--lock-fd") == 0 && i + 1 < argc) {
			lock_fd = atoi(argv[++i]); /* kept open: inherited, never closed here */
		} else if (strcmp(argv[i], "--exit-file") == 0 && i + 1 < argc) {
			exit_file = argv[++i];
		} else if (strcmp(argv[i], "--interactive") == 0 && i + 1 < argc) {
			interactive = 1;
			stdin_fifo = argv[++i];
		} else if (strcmp(argv[i], "--pid-file") == 0 && i + 1 < argc) {
			pid_file = argv[++i];
		} else if (strcmp(argv[i], "--cgroup") == 0 && i + 1 < argc && ncgroups < MAX_ITEMS) {
			cgroups[ncgroups++] = argv[++i];
		} else if (strcmp(argv[i], "--tmpfs") == 0 && i + 1 < argc && ntmpfs < MAX_ITEMS) {
			tmpfs[ntmpfs++] = argv[++i];
		} else if (strcmp(argv[i], "--overlay") == 0 && i + 4 < argc && noverlays < MAX_ITEMS) {
			for (int k = 0; k < 4; k++)
				overlays[noverlays][k] = argv[++i];
			noverlays++;
		} else {
			die("pod: bad option %s", argv[i]);
		}
	}
	if (i >= argc - 1)
		die("pod: no command after --");
	char **command = argv + i + 1;
	/* On a terminal, stdin goes through nspawn's interactive console; otherwise through the FIFO. */
	int relay_stdin = interactive && !isatty(STDIN_FILENO);
	if (interactive) {
		int n = argc - i - 1;
		char **with_console = calloc(n + 2, sizeof(char *));
		if (!with_console)
			die("out of memory");
		with_console[0] = command[0];
		/* An option: before nspawn's first non-option argument. */
		with_console[1] = relay_stdin ? "--console=read-only" : "--console=interactive";
		for (int k = 1; k < n; k++)
			with_console[k + 1] = command[k];
		command = with_console;
	}

	if (unshare(CLONE_NEWNS) < 0)
		die("unshare(CLONE_NEWNS): %s", strerror(errno));
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
		die("make / a slave: %s", strerror(errno));
	for (int k = 0; k < ntmpfs; k++) {
		mkdirs(tmpfs[k]);
		if (mount("tmpfs", tmpfs[k], "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
			die("mount tmpfs on %s: %s", tmpfs[k], strerror(errno));
	}
	for (int k = 0; k < noverlays; k++) {
		char lower[4096], upper[4096], work[4096], options[3 * 4096 + 64];
		escape(lower, sizeof(lower), overlays[k][0]);
		escape(upper, sizeof(upper), overlays[k][1]);
		escape(work, sizeof(work), overlays[k][2]);
		snprintf(options, sizeof(options), "lowerdir=%s,upperdir=%s,workdir=%s", lower, upper, work);
		if (mount("overlay", overlays[k][3], "overlay", 0, options) < 0)
			die("overlay mount on %s: %s (the data dir's filesystem may not support overlayfs, try --no-overlay)",
			    overlays[k][3], strerror(errno));
	}

	pid_t relay = relay_stdin ? start_stdin_relay(stdin_fifo, lock_fd) : 0;
	if (interactive && !relay_stdin)
		unlink(stdin_fifo);

	/*
	 * The runner's mark that every app has ended (mark_ended): its folder is watched from now on.
	 * Not for a pod that nspawn registers with machined, which nspawn must unregister itself.
	 */
	int registered = 0;
	for (char **a = command; *a; a++)
		registered |= strcmp(*a, "--register=yes") == 0;
	int ended_watch = exit_file && !registered ? watch_ended(exit_file) : -1;
	struct termios terminal;
	int on_terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &terminal) == 0;

	forward_signals();
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		default_signals();
		if (relay_stdin) {
			/* The relay owns stdin: nspawn must not read any of it. */
			int null = open("/dev/null", O_RDONLY);
			if (null < 0 || dup2(null, STDIN_FILENO) < 0)
				die("stdin from /dev/null: %s", strerror(errno));
			close(null);
		}
		char self[32];
		snprintf(self, sizeof(self), "%d\n", (int)getpid());
		for (int k = 0; k < ncgroups; k++) {
			char procs[4096];
			snprintf(procs, sizeof(procs), "%s/cgroup.procs", cgroups[k]);
			write_file(procs, self);
		}
		execv(command[0], command);
		fprintf(stderr, "%s: execute %s: %s\n", prog, command[0], strerror(errno));
		_exit(EXIT_RUNTIME);
	}
	child_pid = pid;
	pid_t early = early_keepers(pid, command);
	if (pid_file) {
		char text[32];
		snprintf(text, sizeof(text), "%d", (int)pid);
		if (write_atomically(pid_file, text) < 0)
			fprintf(stderr, "%s: write %s: %s\n", prog, pid_file, strerror(errno));
	}
	int code = wait_pod(pid, &early, ended_watch);
	if (ended_watch >= 0)
		close(ended_watch);
	/* nspawn restores a terminal it made raw; one ended at once (wait_pod) cannot */
	if (on_terminal)
		tcsetattr(STDIN_FILENO, TCSANOW, &terminal);
	if (early > 0) {
		kill(early, SIGKILL);
		while (waitpid(early, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (relay > 0) {
		kill(relay, SIGKILL);
		while (waitpid(relay, NULL, 0) < 0 && errno == EINTR)
			;
		unlink(stdin_fifo);
	}
	int decided;
	if (exit_file && read_code(exit_file, &decided) == 0)
		return decided;
	return code;
}

/* ---- app: one app's runner inside the pod ---- */

static void put_line(const char *name, const char *line, size_t len, int prefix)
{
	char head[512];
	int n = 0;
	if (prefix) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		n = snprintf(head, sizeof(head), "[%5ld.%06ld] %s[%d]: ", (long)ts.tv_sec, ts.tv_nsec / 1000, name,
			     (int)child_pid);
	}
	char buf[8192 + 512];
	if ((size_t)n + len > sizeof(buf))
		len = sizeof(buf) - n;
	memcpy(buf, head, n);
	memcpy(buf + n, line, len);
	size_t total = n + len;
	for (size_t off = 0; off < total;) {
		ssize_t w = write(STDOUT_FILENO, buf + off, total - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		off += w;
	}
}

/* A relay's line buffer: whole lines go out prefixed with the app's name; a longer one is cut. */
struct relay_buf {
	char buf[8192];
	size_t used;
	const char *name;
	int prefix;
};

static void relay_end(struct relay_buf *rb)
{
	if (rb->used > 0) {
		rb->buf[rb->used] = '\n';
		put_line(rb->name, rb->buf, rb->used + 1, rb->prefix);
		rb->used = 0;
	}
}

/* Relays what fd has now; returns 0 at its end (then the rest is out), 1 while it stays open. */
static int relay_some(int fd, struct relay_buf *rb)
{
	ssize_t r = read(fd, rb->buf + rb->used, sizeof(rb->buf) - 1 - rb->used);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (r <= 0) {
		relay_end(rb);
		return 0;
	}
	rb->used += r;
	size_t start = 0;
	for (size_t k = 0; k < rb->used; k++) {
		if (rb->buf[k] == '\n') {
			put_line(rb->name, rb->buf + start, k + 1 - start, rb->prefix);
			start = k + 1;
		}
	}
	if (start == 0 && rb->used == sizeof(rb->buf) - 1) {
		relay_end(rb);
	} else {
		memmove(rb->buf, rb->buf + start, rb->used - start);
		rb->used -= start;
	}
	return 1;
}

static void relay(int fd, const char *name, int prefix)
{
	struct relay_buf rb = {.used = 0, .name = name, .prefix = prefix};
	while (relay_some(fd, &rb))
		;
}

static int count_statuses(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || (len > 4 && strcmp(e->d_name + len - 4, ".tmp") == 0))
			continue;
		n++;
	}
	closedir(d);
	return n;
}

/*
 * Tells rkt-stage1 pod on the host that every app has ended and recorded its code, and that the
 * pod's exit code is in pod-exit: an empty file POD_ENDED next to pod-exit (see wait_pod).
 */
#define POD_ENDED "pod-ended"

static void mark_ended(const char *status_dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/../" POD_ENDED, status_dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
}

/*
 * Ends the pod: SIGRTMIN+4 asks the pod's systemd (PID 1 of the pod's PID namespace) for
 * poweroff.target, the orderly shutdown that `systemctl exit` also starts, without the cost of a
 * systemctl process and its bus connection. The pod's exit code does not travel through systemd:
 * the caller has written it to pod-exit, which rkt-stage1 pod reads once nspawn has exited.
 * `systemctl --no-block exit CODE` remains the fallback when the signal cannot be sent.
 * When every app has ended and recorded its code (all_done), nothing is left to stop in order:
 * SIGRTMIN+14 has systemd go straight to systemd-shutdown, without stopping units one by one
 * (which forked umount(8) for each mount unit, ~40 ms per pod).
 */
static void end_pod(int code, int all_done)
{
	if (getpid() != 1 && kill(1, all_done ? SIGRTMIN + 14 : SIGRTMIN + 4) == 0)
		return;
	char text[16];
	snprintf(text, sizeof(text), "%d", code);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		execl(SYSTEMCTL, "systemctl", "--no-block", "exit", text, (char *)NULL);
		_exit(EXIT_RUNTIME);
	}
	if (pid > 0)
		wait_for(pid);
}

/*
 * Runs one command with its output relayed (prefixed) to stdout; returns its exit status. With
 * stdin_fifo, the command's stdin is that FIFO when it exists.
 */
static int run_relayed(char **command, const char *name, int prefix, const char *stdin_fifo)
{
	int fds[2] = {-1, -1};
	if (prefix && pipe2(fds, O_CLOEXEC) < 0)
		die("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		default_signals();
		if (prefix) {
			dup2(fds[1], STDOUT_FILENO);
			dup2(fds[1], STDERR_FILENO);
		}
		struct stat st;
		if (stdin_fifo && stat(stdin_fifo, &st) == 0 && S_ISFIFO(st.st_mode)) {
			int in = open(stdin_fifo, O_RDONLY);
			if (in < 0 || dup2(in, STDIN_FILENO) < 0) {
				fprintf(stderr, "%s: open %s: %s\n", prog, stdin_fifo, strerror(errno));
				_exit(EXIT_RUNTIME);
			}
			close(in);
		}
		execv(command[0], command);
		fprintf(stderr, "%s: execute %s: %s\n", prog, command[0], strerror(errno));
		_exit(EXIT_RUNTIME);
	}
	child_pid = pid;
	if (prefix) {
		close(fds[1]);
		relay(fds[0], name, prefix);
		close(fds[0]);
	}
	int code = wait_for(pid);
	child_pid = 0;
	return code;
}

/* One "WORD NUMBER" line of a keeper's report; -1 at its end. */
static int report_line(FILE *in, const char *word, int *number)
{
	char line[128], got[16];
	if (!fgets(line, sizeof(line), in))
		return -1;
	if (sscanf(line, "%15s %d", got, number) != 2 || strcmp(got, word) != 0)
		return strcmp(got, "exit") == 0 ? 1 : -1;
	return 0;
}

/* Whether the process has ended (gone, or a zombie). */
static int process_ended(int pid)
{
	char path[64], text[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	text[n] = 0;
	char *state = strrchr(text, ')');
	return !state || state[1] == 0 || state[2] == 'Z' || state[2] == 'X';
}

/*
 * Starts a created app as the executor's start command would, by reading its start FIFO (runc's
 * exec.fifo: the app's init blocks writing it until someone reads) and removing it. Returns 0
 * once started, 1 when the app ended before it could be started, -1 when there is no such FIFO
 * (then the start command does it).
 */
static int start_by_fifo(const char *path, int pid)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char buf[16];
	ssize_t got = 0;
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int ready = poll(&p, 1, 100);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready > 0) {
			ssize_t n = read(fd, buf, sizeof(buf));
			if (n > 0) {
				got += n;
				continue;
			}
			if (n == 0 && got > 0)
				break; /* the init wrote and closed it: the app is being exec'd */
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				break;
		}
		if (got == 0 && process_ended(pid))
			break;
		if (got == 0 && ready > 0)
			usleep(1000); /* no writer yet: POLLHUP until the init opens the FIFO */
	}
	close(fd);
	if (got == 0)
		return 1;
	unlink(path);
	return 0;
}

/*
 * --created: the app was created by its keeper (see init) before systemd started this unit.
 * Waits for the keeper's "created PID", starts the app with command (unless pre-start failed or
 * the pod is stopping, then the created app is killed), and returns the app's code from the
 * keeper's "exit CODE". pre_code is the pre-start handler's code.
 */
struct keeper_report {
	FILE *in;
	int got; /* report_line's answer to "created": 0 created, 1 exit (the create failed), -1 nothing */
	int pid; /* the app's pid, or the create's code when got == 1 */
};

/*
 * Opens the keeper's reports and waits for the first: the app is created (or its create
 * failed). Not blocking in open: a keeper that is gone leaves no writer, and the read sees the end.
 */
static void await_created(const char *fifo, struct keeper_report *r)
{
	r->in = NULL;
	r->got = -1;
	r->pid = 0;
	int fd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fcntl(fd, F_SETFL, 0) < 0) {
		fprintf(stderr, "%s: open %s: %s\n", prog, fifo, strerror(errno));
		return;
	}
	r->in = fdopen(fd, "r");
	if (!r->in)
		die("fdopen: %s", strerror(errno));
	r->got = report_line(r->in, "created", &r->pid);
}

/*
 * --created: the app was created by its keeper (see init) and r holds the keeper's first report.
 * Starts the app with command, or through start_fifo (unless pre-start failed or the pod is
 * stopping: then the created app is killed), and returns the app's code from the keeper's
 * "exit CODE". pre_code is the pre-start handler's code.
 */
static int start_created(struct keeper_report *r, const char *start_fifo, char **command, const char *name,
			 int prefix, int pre_code)
{
	int pid = r->pid, code = pre_code;
	if (!r->in)
		return code != 0 ? code : EXIT_RUNTIME;
	if (r->got == 1) {
		/* The create failed: the keeper reported only its code, which is the app's. */
		fclose(r->in);
		return code != 0 ? code : pid;
	}
	if (r->got < 0 || pid <= 0) {
		fclose(r->in);
		fprintf(stderr, "%s: app %s: its keeper ended without a report\n", prog, name);
		return code != 0 ? code : EXIT_RUNTIME;
	}
	app_pid = pid;
	if (code == 0 && !signalled) {
		int started = start_fifo ? start_by_fifo(start_fifo, pid) : -1;
		if (started < 0)
			started = run_relayed(command, name, prefix, NULL);
		if (started != 0)
			code = started;
	}
	if (code != 0 || signalled)
		kill(pid, code != 0 ? SIGKILL : SIGTERM);
	int exited = 0;
	int got = report_line(r->in, "exit", &exited);
	app_pid = 0;
	fclose(r->in);
	if (code != 0)
		return code;
	if (got != 0) {
		fprintf(stderr, "%s: app %s: its keeper ended without its exit code\n", prog, name);
		return EXIT_RUNTIME;
	}
	return exited;
}

/* "--pre-start N ARG1..ARGN": an argv of N words, NULL-terminated in place of the next option. */
static char **take_command(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		die("app: %s needs a word count", argv[*i]);
	int n = atoi(argv[++*i]);
	if (n <= 0 || *i + n >= argc)
		die("app: bad word count for a hook");
	char **cmd = calloc(n + 1, sizeof(char *));
	if (!cmd)
		die("out of memory");
	for (int k = 0; k < n; k++)
		cmd[k] = argv[++*i];
	return cmd;
}

static int app(int argc, char **argv)
{
	const char *name = NULL, *status_dir = NULL, *stdin_fifo = NULL, *created = NULL, *start_fifo = NULL;
	char **pre_start = NULL, **post_stop = NULL;
	int apps = 1, prefix = 1, end_at_once = 0;
	int i = 2;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--status-dir") == 0 && i + 1 < argc)
			status_dir = argv[++i];
		else if (strcmp(argv[i], "--apps") == 0 && i + 1 < argc)
			apps = atoi(argv[++i]);
		else if (strcmp(argv[i], "--no-prefix") == 0)
			prefix = 0;
		else if (strcmp(argv[i], "--stdin") == 0 && i + 1 < argc)
			stdin_fifo = argv[++i];
		else if (strcmp(argv[i], "--created") == 0 && i + 1 < argc)
			created = argv[++i];
		else if (strcmp(argv[i], "--end-at-once") == 0)
			end_at_once = 1;
		else if (strcmp(argv[i], "--start-fifo") == 0 && i + 1 < argc)
			start_fifo = argv[++i];
		else if (strcmp(argv[i], "--pre-start") == 0)
			pre_start = take_command(argc, argv, &i);
		else if (strcmp(argv[i], "--post-stop") == 0)
			post_stop = take_command(argc, argv, &i);
		else
			die("app: bad option %s", argv[i]);
	}
	if (!name || !status_dir || i >= argc - 1)
		die("app: --name, --status-dir and a command are required");
	char **command = argv + i + 1;

	forward_signals();
	signal(SIGPIPE, SIG_IGN);
	/* A created app's keeper has made the pod's cgroups writable before it reports, which the handlers' runc needs too. */
	struct keeper_report report = {NULL, -1, 0};
	if (created)
		await_created(created, &report);
	/* The app runs only after its pre-start handler succeeded; a failed handler is the app's failure. */
	int code = pre_start ? run_relayed(pre_start, name, prefix, NULL) : 0;
	if (created)
		code = start_created(&report, start_fifo, command, name, prefix, code);
	else if (code == 0 && !signalled)
		code = run_relayed(command, name, prefix, stdin_fifo);
	int stopping = signalled;
	/* post-stop runs whatever happened, also when the pod is being stopped. */
	if (post_stop)
		run_relayed(post_stop, name, prefix, NULL);

	char path[4096], text[16];
	snprintf(path, sizeof(path), "%s/%s", status_dir, name);
	snprintf(text, sizeof(text), "%d", code);
	mkdirs(status_dir);
	int lock = open(status_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock >= 0)
		flock(lock, LOCK_EX);
	if (write_atomically(path, text) < 0)
		fprintf(stderr, "%s: write %s: %s\n", prog, path, strerror(errno));
	char decided[4096];
	snprintf(decided, sizeof(decided), "%s/../pod-exit", status_dir);
	if (access(decided, F_OK) != 0) {
		int all_done = count_statuses(status_dir) >= apps;
		if (!stopping && (code != 0 || all_done)) {
			write_atomically(decided, text);
			if (code == 0 && all_done && end_at_once)
				mark_ended(status_dir);
			end_pod(code, all_done);
		} else if (stopping && code != 0) {
			/*
			 * The pod is going down already (rkt stop): the first app that ends with a failure
			 * (143 for one killed by SIGTERM) still decides its code, which rkt-stage1 pod reads
			 * from pod-exit once nspawn has exited, as rkt's reaper and shutdown.service did.
			 */
			write_atomically(decided, text);
		}
	}
	if (lock >= 0)
		close(lock);
	return code;
}

/* ---- init: PID 1 of the pod until it execs systemd ---- */

/*
 * Makes each cgroup hierarchy that nspawn mounted read-only under /sys/fs/cgroup writable (a bind
 * remount). They are rooted at the pod's own cgroup, so this delegates exactly the pod's subtree
 * to runc. Failures are ignored: a v2 pod's unified hierarchy is writable already, and a name
 * that is not a mount point is left as it is.
 */
static void delegate_cgroups(void)
{
	DIR *dir = opendir("/sys/fs/cgroup");
	if (!dir)
		return;
	struct dirent *entry;
	char path[512];
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.' || entry->d_type != DT_DIR)
			continue;
		snprintf(path, sizeof(path), "/sys/fs/cgroup/%s", entry->d_name);
		mount(NULL, path, NULL, MS_REMOUNT | MS_BIND, NULL);
	}
	closedir(dir);
}


struct early {
	const char *name, *fifo, *pid_file;
	char **create, **delete;
};

/*
 * runc, copied into a sealed memfd by the process that starts the keepers from the host (-1:
 * none): runc init re-executes its own binary, and unless that binary is a memfd with exactly
 * these seals, it first copies itself into one (runc's defence against a container overwriting
 * the host's runc, CVE-2019-5736) and executes the copy. The copy made here while that process
 * waits for the pod's namespaces, and executed instead of runc's path, spares every runc init of
 * the pod that copy and an extra execve (see docs/systemd.md).
 */
static int runc_copy = -1;
static const char *runc_copy_of;

#define RUNC_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

static void copy_runc(const char *path)
{
	int in = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (in < 0)
		return;
	int copy = fstat(in, &st) == 0 && S_ISREG(st.st_mode) ? memfd_create("runc", MFD_CLOEXEC | MFD_ALLOW_SEALING) : -1;
	off_t done = 0;
	while (copy >= 0 && done < st.st_size)
		if (sendfile(copy, in, &done, st.st_size - done) <= 0)
			break;
	close(in);
	if (copy >= 0 && (done != st.st_size || fcntl(copy, F_ADD_SEALS, RUNC_SEALS) < 0)) {
		close(copy);
		copy = -1;
	}
	if (copy >= 0) {
		runc_copy = copy;
		runc_copy_of = path;
	}
}

static pid_t spawn_quiet(char **command, int out)
{
	pid_t pid = fork();
	if (pid == 0) {
		default_signals();
		if (out >= 0) {
			dup2(out, STDOUT_FILENO);
			dup2(out, STDERR_FILENO);
		}
		if (runc_copy >= 0 && strcmp(command[0], runc_copy_of) == 0)
			fexecve(runc_copy, command, environ); /* on failure, runc's own path below */
		execv(command[0], command);
		fprintf(stderr, "%s: execute %s: %s\n", prog, command[0], strerror(errno));
		_exit(EXIT_RUNTIME);
	}
	return pid;
}

static int status_code(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}


/*
 * Moves this process into the cgroup NAME below the pod's root in the hierarchies the pod's
 * systemd tracks its processes in (the named systemd hierarchy and the unified one; the one
 * hierarchy of a v2 host). Two uses:
 *
 * - init joins --systemd-cgroup (the flavor's "stage1") just before it execs systemd, which then
 *   takes /stage1 as the root of all it manages, in every hierarchy: its units' cgroups, and
 *   what it migrates and trims. Realizing its root slice, systemd moves every process below its root into the cgroups of the
 *   v1 controllers it does not account for, and removes every empty cgroup below its root in
 *   them. Rooted at the pod's root, that took apps out of their cgroups (pids, devices), and it
 *   removed an app's cgroup that runc had just made and not yet joined: runc create then failed
 *   ("openat2 /sys/fs/cgroup/blkio/rkt/APP/cgroup.procs: no such file or directory", one pod in
 *   forty once systemd booted faster). The apps' cgroups, /rkt/APP, are outside /stage1.
 * - each keeper joins "rkt-keepers": outside systemd's root, like the apps it creates.
 */
/* Moves this process into the cgroup whose cgroup.procs file is PROCS; -1 (errno set) when it cannot. */
static int enter_cgroup(const char *procs)
{
	char self[32];
	snprintf(self, sizeof(self), "%d\n", (int)getpid());
	int fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int written = write(fd, self, strlen(self)) < 0 ? -1 : 0;
	int saved = errno;
	close(fd);
	errno = saved;
	return written;
}

static void join_cgroup(const char *name)
{
	static const char *bases[] = {"/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified", "/sys/fs/cgroup"};
	char path[256];
	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", bases[i]);
		if (access(path, F_OK) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", bases[i], name);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/%s/cgroup.procs", bases[i], name);
		if (enter_cgroup(path) < 0)
			fprintf(stderr, "%s: join %s: %s\n", prog, path, strerror(errno));
	}
}

/*
 * A FIFO's unread reports are lost when its last holder closes it: the keeper holds it until the
 * app's runner has read them (systemd may start the runner after a short app has ended already).
 */
static void drain(int report)
{
	useconds_t pause = 1000;
	int unread;
	while (ioctl(report, FIONREAD, &unread) == 0 && unread > 0) {
		usleep(pause);
		if (pause < 500000)
			pause *= 2;
	}
	close(report);
}

static int sigchld_pipe[2] = {-1, -1};

static void on_sigchld(int sig)
{
	(void)sig;
	int saved = errno;
	if (write(sigchld_pipe[1], "c", 1) < 0) {
		/* full: a wake-up is pending anyway */
	}
	errno = saved;
}

static int read_pid(const char *path)
{
	int pid = 0;
	FILE *f = fopen(path, "re");
	if (!f || fscanf(f, "%d", &pid) != 1)
		pid = 0;
	if (f)
		fclose(f);
	return pid;
}

/* How long after its report a keeper whose pod goes on removes the app's ended container. */
#define DELETE_DELAY_USEC 100000

/*
 * One app's keeper: a child of the pod's PID 1 that creates the app while systemd boots. It is
 * the subreaper of the app (runc create leaves the app's process behind when it exits), so it
 * learns the app's exit code and reports it to the app's runner (the unit) on report; it relays
 * the app's output to the console, prefixed with the app's name. One loop does all three.
 *
 * The report of the app's end waits for the end of its output. A process the app left behind
 * may hold the output open: then the ended container is deleted at once (runc kills what is
 * left in the cgroup of an app without a PID namespace of its own). Otherwise the delete comes
 * a moment after the report, and not at all when the pod ends meanwhile, since the pod's end
 * is no time for a runc process more (systemd-shutdown waits for it).
 */
static void keeper(const struct early *e, int report)
{
	/*
	 * A session of its own, without the console as controlling terminal: systemd, taking over
	 * PID 1, lets go of the console, which sends SIGHUP to the processes of the session it leads.
	 * The console stays this process's stdout.
	 */
	setsid();
	/*
	 * A keeper started from the host writes to rkt run's own stdout, not to nspawn's console:
	 * when its reader goes away (rkt run ... | head -1), the relay stops (put_line gives up on
	 * EPIPE) but the keeper goes on reaping and reporting, as with the console. runc and the app
	 * get the default disposition back (spawn_quiet).
	 */
	signal(SIGPIPE, SIG_IGN);
	delegate_cgroups();
	join_cgroup("rkt-keepers");
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	unsetenv("NOTIFY_SOCKET"); /* runc would proxy nspawn's notify socket into the app */
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0)
		dup2(null, STDIN_FILENO);
	int out[2];
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		_exit(EXIT_RUNTIME);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	pid_t create = spawn_quiet(e->create, out[1]);
	/*
	 * The pod's end (systemd-shutdown's SIGTERM to every process of the pod) must not end the
	 * keeper before the app: it reports the app's code and relays its last words. The keeper is
	 * born with these signals ignored (see init); runc and the app get the defaults (spawn_quiet),
	 * since an ignored signal stays ignored across exec.
	 */
	ignore_stop_signals();
	close(out[1]);
	child_pid = create;
	struct relay_buf rb = {.used = 0, .name = e->name, .prefix = 1};
	int out_open = 1, app = 0, ended = 0, code = -1;
	pid_t delete = 0;
	if (create <= 0)
		code = EXIT_RUNTIME;
	while (code < 0 || out_open) {
		struct pollfd p[2] = {{.fd = out_open ? out[0] : -1, .events = POLLIN}, {.fd = sigchld_pipe[0], .events = POLLIN}};
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out_open && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			out_open = relay_some(out[0], &rb);
		if (!(p[1].revents & POLLIN))
			continue;
		char junk[64];
		while (read(sigchld_pipe[0], junk, sizeof(junk)) > 0)
			;
		int status;
		pid_t got;
		while ((got = waitpid(-1, &status, WNOHANG)) > 0) {
			if (got == create) {
				create = 0;
				int c = status_code(status);
				app = c == 0 ? read_pid(e->pid_file) : 0;
				if (app > 0)
					dprintf(report, "created %d\n", app);
				else
					code = c != 0 ? c : EXIT_RUNTIME;
			} else if (app > 0 && got == app) {
				code = status_code(status);
				ended = 1;
				if (out_open)
					delete = spawn_quiet(e->delete, null);
			}
		}
	}
	relay_end(&rb);
	dprintf(report, "exit %d\n", code);
	drain(report);
	/* Reported: from here the pod's end may take this process. */
	default_signals();
	if (ended && delete == 0) {
		usleep(DELETE_DELAY_USEC);
		delete = spawn_quiet(e->delete, null);
	}
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	_exit(0);
}

/*
 * Parses init's options from argv[start]: the --create apps into early (at most MAX_ITEMS) and
 * --systemd-cgroup. Returns the index of "--", or -1 on a bad option (named in *bad).
 */
static int parse_init(int argc, char **argv, int start, struct early *early, int *nearly,
		      const char **systemd_cgroup, const char **bad)
{
	int i = start;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--systemd-cgroup") == 0 && i + 1 < argc) {
			*systemd_cgroup = argv[++i];
		} else if (strcmp(argv[i], "--create") == 0 && i + 4 < argc && *nearly < MAX_ITEMS) {
			struct early *e = &early[(*nearly)++];
			e->name = argv[++i];
			e->fifo = argv[++i];
			e->pid_file = argv[++i];
			e->create = take_command(argc, argv, &i);
			e->delete = take_command(argc, argv, &i);
		} else {
			*bad = argv[i];
			return -1;
		}
	}
	return i;
}

/*
 * Starts the keeper of one app, unless another process of the pod did: making the app's report
 * FIFO is the claim (mkfifo fails when it exists; the pod's /run is new at every boot). Two may
 * try: rkt-stage1 pod, from the host, as soon as the pod's namespaces exist, and init, the pod's
 * PID 1 (see early_keepers). The caller ignores the stop signals (see init).
 */
static int start_keeper(struct early *e)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", e->fifo);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		mkdirs(dir);
	}
	if (mkfifo(e->fifo, 0600) < 0) {
		if (errno != EEXIST)
			fprintf(stderr, "%s: %s: %s\n", prog, e->fifo, strerror(errno));
		return 0;
	}
	/* O_RDWR: the FIFO stays open (and its reports kept) until the app's runner reads them. */
	int report = open(e->fifo, O_RDWR | O_CLOEXEC);
	if (report < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, e->fifo, strerror(errno));
		return 0;
	}
	pid_t pid = fork();
	if (pid == 0)
		keeper(e, report);
	close(report);
	return 1;
}

/* The first pid in /proc/PID/task/PID/children that FILTER accepts, or 0. */
static pid_t child_where(pid_t pid, int (*filter)(pid_t, const char *), const char *arg)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	int c, found = 0;
	while (!found && fscanf(f, "%d", &c) == 1)
		if (filter(c, arg))
			found = c;
	fclose(f);
	return found;
}

/* The target of /proc/PID/ns/NS ("pid:[4026531836]") into LINK (64 bytes); -1 when it cannot be read. */
static int ns_link(pid_t pid, const char *ns, char link[64])
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, ns);
	ssize_t n = readlink(path, link, 63);
	if (n <= 0)
		return -1;
	link[n] = 0;
	return 0;
}

static int ns_is(pid_t pid, const char *ns, const char *link)
{
	char target[64];
	if (ns_link(pid, ns, target) < 0)
		return -1;
	return strcmp(target, link) == 0;
}

static int in_other_pid_ns(pid_t pid, const char *link)
{
	return ns_is(pid, "pid", link) == 0;
}

static int any_child(pid_t pid, const char *link)
{
	(void)pid;
	(void)link;
	return 1;
}

/*
 * Whether PID, the child nspawn made in the pod's new namespaces (its PID 1 to be), has set up
 * what a keeper needs: the pod's cgroup namespace (nspawn's child unshares it), the pod's /proc
 * and its cgroup hierarchies.
 */
static int pod_ready(pid_t pid, const char *nspawn_cgroup_ns)
{
	char path[128];
	if (ns_is(pid, "cgroup", nspawn_cgroup_ns) != 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/root/proc/1/comm", (int)pid);
	if (access(path, F_OK) != 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/root/sys/fs/cgroup/systemd", (int)pid);
	char unified[128];
	snprintf(unified, sizeof(unified), "/proc/%d/root/sys/fs/cgroup/cgroup.controllers", (int)pid);
	return access(path, F_OK) == 0 || access(unified, F_OK) == 0;
}

/*
 * Moves this process into the cgroups of PID, in every hierarchy /proc/PID/cgroup lists that is
 * mounted under /sys/fs/cgroup (a v1 controller's or name=NAME's folder; the unified hierarchy at
 * /sys/fs/cgroup/unified on a hybrid host, /sys/fs/cgroup itself on a v2 one).
 */
static int join_cgroups_of(pid_t pid)
{
	char path[64], line[4096];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	int joined = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		char *controllers = strchr(line, ':');
		char *group = controllers ? strchr(controllers + 1, ':') : NULL;
		if (!group)
			continue;
		*controllers++ = 0;
		*group++ = 0;
		char base[256], procs[4096 + 300];
		if (*controllers == 0)
			snprintf(base, sizeof(base), access("/sys/fs/cgroup/unified/cgroup.procs", F_OK) == 0
				 ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup");
		else
			snprintf(base, sizeof(base), "/sys/fs/cgroup/%s",
				 strncmp(controllers, "name=", 5) == 0 ? controllers + 5 : controllers);
		snprintf(procs, sizeof(procs), "%s%s/cgroup.procs", base, group);
		if (access(procs, F_OK) != 0)
			continue; /* a hierarchy not mounted there */
		if (enter_cgroup(procs) < 0) {
			fclose(f);
			return -1;
		}
		joined++;
	}
	fclose(f);
	return joined > 0 ? 0 : -1;
}

#define EARLY_WAIT_USEC 10000000
#define EARLY_RECORD "/run/rkt/early-keepers"

/*
 * The keepers, started from the host before the pod's PID 1 runs: systemd-nspawn makes the
 * pod's namespaces ~40 ms before it execs rkt-stage1 init (the child it made them for sets up
 * the pod meanwhile), and runc create, which takes 60-80 ms, can run in that time instead of
 * beside the pod's systemd. A process forked here waits for that child (nspawn's, or its first
 * child's, child in another PID namespace), joins the pod's cgroups and the child's cgroup, IPC,
 * UTS, network, PID and mount namespaces and root, and starts the keepers there, from a process
 * that then exits: the keepers are children of the pod's PID 1, as init's are. It claims each
 * app as init does (start_keeper), so an app init claimed first is left to init, and whatever
 * stops this path (no such child within 10 s, nspawn gone, a child that ran init already, a
 * kernel without /proc/PID/task/PID/children) leaves every app to init. Returns the pid to reap
 * when nspawn has ended, or 0.
 */
static pid_t early_keepers(pid_t nspawn, char **command)
{
	int argc = 0, start = -1;
	while (command[argc])
		argc++;
	for (int k = 0; k + 1 < argc; k++) {
		const char *base = strrchr(command[k], '/');
		if (strcmp(base ? base + 1 : command[k], "rkt-stage1") == 0 && strcmp(command[k + 1], "init") == 0) {
			start = k + 2;
			break;
		}
	}
	if (start < 0)
		return 0;
	static struct early early[MAX_ITEMS];
	int nearly = 0;
	const char *systemd_cgroup = NULL, *bad = NULL;
	if (parse_init(argc, command, start, early, &nearly, &systemd_cgroup, &bad) < 0 || nearly == 0)
		return 0;
	pid_t pid = fork();
	if (pid != 0)
		return pid > 0 ? pid : 0;

	default_signals();
	close_range(3, ~0U, 0); /* the pod's lock among them: only the pod's supervisor holds it */
	char self_pid_ns[64], nspawn_cgroup_ns[64], path[128];
	if (ns_link(getpid(), "pid", self_pid_ns) < 0 || ns_link(nspawn, "cgroup", nspawn_cgroup_ns) < 0)
		_exit(1);
	copy_runc(early[0].create[0]); /* meanwhile nspawn sets the pod up */
	/*
	 * Polled: every 1 ms until nspawn's child exists (~15 ms after nspawn's exec here), then every
	 * 0.3 ms until it has set up what a keeper needs. Each look costs a few system calls on /proc;
	 * looking more often only takes CPU from nspawn, which is setting the pod up meanwhile.
	 */
	struct timespec pause = {0, 1000000};
	pid_t inner = 0;
	int ready = 0;
	for (long waited = 0; !ready && waited < EARLY_WAIT_USEC; waited += pause.tv_nsec / 1000) {
		if (kill(nspawn, 0) < 0) /* gone (the pod's supervisor kills this process when it reaps nspawn) */
			_exit(1);
		if (!inner) {
			inner = child_where(nspawn, in_other_pid_ns, self_pid_ns);
			if (!inner) {
				pid_t outer = child_where(nspawn, any_child, NULL);
				if (outer)
					inner = child_where(outer, in_other_pid_ns, self_pid_ns);
			}
		}
		if (inner)
			pause.tv_nsec = 300000;
		ready = inner && pod_ready(inner, nspawn_cgroup_ns);
		if (!ready)
			nanosleep(&pause, NULL);
	}
	if (!ready)
		_exit(1);

	/* The cgroups of the pod's PID 1 first (inside the root of its cgroup namespace); then its namespaces. */
	if (join_cgroups_of(inner) < 0)
		_exit(1);
	static const char *namespaces[] = {"cgroup", "ipc", "uts", "net", "pid", "mnt"};
	int fds[6];
	snprintf(path, sizeof(path), "/proc/%d/root", (int)inner);
	int root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (int k = 0; k < 6; k++) {
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)inner, namespaces[k]);
		fds[k] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[k] < 0)
			_exit(1);
	}
	if (root < 0)
		_exit(1);
	for (int k = 0; k < 6; k++)
		if (setns(fds[k], 0) < 0)
			_exit(1);
	if (fchdir(root) < 0 || chroot(".") < 0 || chdir("/") < 0)
		_exit(1);
	/* A child in the pod's PID namespace starts the keepers and exits: they go to the pod's PID 1. */
	ignore_stop_signals();
	pid_t starter = fork();
	if (starter == 0) {
		/* EARLY_RECORD lists the apps whose keepers started here (the tests read it). */
		FILE *record = NULL;
		int started = 0;
		for (int k = 0; k < nearly; k++) {
			if (start_keeper(&early[k])) {
				started++;
				if (record || (record = fopen(EARLY_RECORD, "ae")))
					fprintf(record, "%s\n", early[k].name);
			}
		}
		if (record)
			fclose(record);
		_exit(started == nearly ? 0 : 1);
	}
	int status = 1;
	while (starter > 0 && waitpid(starter, &status, 0) < 0 && errno == EINTR)
		;
	/* 0 tells rkt-stage1 pod that every app's keeper writes to its stdout (see wait_pod) */
	_exit(starter > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/* An inotify fd watching the folder of EXIT_FILE (the pod's /rkt) for POD_ENDED; -1 when it cannot. */
static int watch_ended(const char *exit_file)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", exit_file);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = 0;
	char marker[4096 + 16];
	snprintf(marker, sizeof(marker), "%s/" POD_ENDED, dir);
	unlink(marker);
	int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (fd >= 0 && inotify_add_watch(fd, dir, IN_CREATE | IN_MOVED_TO) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Whether WATCH has reported POD_ENDED created. */
static int ended_seen(int watch)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int seen = 0;
	ssize_t n;
	while ((n = read(watch, buf, sizeof(buf))) > 0) {
		for (char *at = buf; at < buf + n;) {
			struct inotify_event *e = (struct inotify_event *)at;
			if (e->len > 0 && strcmp(e->name, POD_ENDED) == 0)
				seen = 1;
			at += sizeof(*e) + e->len;
		}
	}
	return seen;
}

/*
 * Ends a pod whose apps have all ended, at once: SIGKILL to systemd-nspawn, then to the pod's PID 1
 * (nspawn's child in another PID namespace), which takes every process of the pod with it.
 * What systemd-shutdown would do next (SIGTERM to every process, a wait, SIGKILL, unmounting each
 * mount of the pod's mount namespace, the system-shutdown hooks; ~13 ms here, as long as the
 * whole boot of systemd up to the app) does nothing that outlives the namespaces, which go with
 * their last process. nspawn is killed first so that it cannot report its child's death as an
 * error; what it would clean up lives in rkt-stage1's own mount namespace (its scratch files on
 * the tmpfs) or in the pod's cgroups, which gc removes. Nothing happens when PID 1 is not found.
 */
static void end_now(pid_t nspawn)
{
	char self_pid_ns[64];
	if (ns_link(getpid(), "pid", self_pid_ns) < 0)
		return;
	pid_t pod_init = child_where(nspawn, in_other_pid_ns, self_pid_ns);
	if (pod_init <= 0)
		return;
	kill(nspawn, SIGKILL);
	kill(pod_init, SIGKILL);
}

/*
 * Waits for systemd-nspawn (NSPAWN) to end and returns its status. When every app has ended (the
 * last runner's mark, WATCH) and every app's keeper was started from the host (the early process
 * exited 0: their output went straight to this process's stdout, none is left in nspawn's
 * console), the pod is ended at once (end_now) instead of through the pod's systemd-shutdown.
 * Otherwise (a failed app, rkt stop, keepers started by init, a kernel without pidfds) the pod
 * ends as its systemd decides. *EARLY is set to 0 once this has reaped it.
 */
static int wait_pod(pid_t nspawn, pid_t *early, int watch)
{
	int pidfd = watch >= 0 && *early > 0 ? (int)syscall(SYS_pidfd_open, nspawn, 0) : -1;
	while (pidfd >= 0) {
		struct pollfd p[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = watch, .events = POLLIN}};
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents)
			break; /* nspawn has ended */
		if (p[1].revents && ended_seen(watch)) {
			int status;
			if (waitpid(*early, &status, WNOHANG) == *early) {
				*early = 0;
				if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
					end_now(nspawn);
			}
			break;
		}
	}
	if (pidfd >= 0)
		close(pidfd);
	return wait_for(nspawn);
}

static int init(int argc, char **argv)
{
	struct early early[MAX_ITEMS];
	int nearly = 0;
	const char *systemd_cgroup = NULL, *bad = NULL;
	int i = parse_init(argc, argv, 2, early, &nearly, &systemd_cgroup, &bad);
	if (i < 0)
		die("init: bad option %s", bad);
	if (i >= argc - 1)
		die("init: no init program after --");
	/* With keepers, each makes the cgroups writable itself, so that systemd starts at once. */
	if (nearly == 0)
		delegate_cgroups();
	/*
	 * The keepers are born with the stop signals ignored: a keeper's first act is a session of
	 * its own, but the kernel may not run it before systemd, in this process, lets go of the
	 * console, which sends SIGHUP to the session's foreground (CI saw a keeper end without a
	 * report, the app unstarted). It passes the default dispositions on to what it runs.
	 */
	ignore_stop_signals();
	for (int k = 0; k < nearly; k++)
		start_keeper(&early[k]);
	default_signals();
	if (systemd_cgroup)
		join_cgroup(systemd_cgroup);
	execv(argv[i + 1], argv + i + 1);
	die("execute %s: %s", argv[i + 1], strerror(errno));
	return EXIT_RUNTIME;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "pod") == 0)
		return pod(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "app") == 0)
		return app(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return init(argc, argv);
	die("usage: rkt-stage1 pod|app|init OPTIONS -- COMMAND [ARG...]");
	return EXIT_RUNTIME;
}
