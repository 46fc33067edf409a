package io.rktj.api;

/**
 * An error of the runtime itself (not of an app): the CLI prints its message as one line,
 * {@code rkt: <message>}, and exits 254. Messages carry their context, outermost first.
 */
public class RktException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RktException(String message) {
        super(message);
    }

    public RktException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Wraps a failure with what was being done: {@code "fetch ./x.aci: <cause>"}. */
    public static RktException wrap(String context, Throwable cause) {
        String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new RktException(context + ": " + m, cause);
    }
}
