package io.rktj.api;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

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
        return new RktException(context + ": " + reason(cause), cause);
    }

    /**
     * Why something failed, in words: the JDK's file-system exceptions carry only the path in
     * their message (an AccessDeniedException says "/var/lib/rkt/cas"), so the reason is added.
     */
    public static String reason(Throwable cause) {
        if (cause instanceof FileSystemException f) {
            String why = f.getReason() != null ? f.getReason() : fileSystemReason(f);
            String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
            return f.getFile() == null ? why : f.getFile() + other + ": " + why;
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String fileSystemReason(FileSystemException f) {
        if (f instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (f instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "file exists";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (f instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (f instanceof NotLinkException) {
            return "not a symbolic link";
        }
        return f.getClass().getSimpleName();
    }
}
