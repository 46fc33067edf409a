package io.rktj.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The libc functions rktj calls; errors surface as LastErrorException carrying errno. */
interface LibC extends Library {
    // The soname, not "c": for a bare name JNA runs `ldconfig -p` in a child process to find it.
    LibC INSTANCE = Native.load("libc.so.6", LibC.class);

    int open(String path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int syncfs(int fd) throws LastErrorException;

    int flock(int fd, int operation) throws LastErrorException;

    int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    int dup2(int oldfd, int newfd) throws LastErrorException;

    int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    int execve(String path, String[] argv, String[] envp) throws LastErrorException;

    int kill(int pid, int sig) throws LastErrorException;

    int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    int unshare(int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, Pointer address, int length) throws LastErrorException;

    int listen(int fd, int backlog) throws LastErrorException;

    int accept4(int fd, Pointer address, Pointer length, int flags) throws LastErrorException;

    int connect(int fd, Pointer address, int length) throws LastErrorException;

    int getsockopt(int fd, int level, int name, Pointer value, IntByReference length) throws LastErrorException;

    long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    long sendmsg(int fd, Pointer message, int flags) throws LastErrorException;

    long recvmsg(int fd, Pointer message, int flags) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int geteuid();

    int getpid();

    String strerror(int errnum);
}
