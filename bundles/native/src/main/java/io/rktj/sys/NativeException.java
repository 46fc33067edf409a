package io.rktj.sys;

/** A failed system call: the call, its argument and the errno text. */
public class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public NativeException(String call, int errno, String message) {
        super(call + ": " + message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
