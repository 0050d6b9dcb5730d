package dev.makemore.cli;

/**
 * A problem with what the user asked for (an option, a file, a checkpoint): the CLI prints the message as
 * one line and exits with status 2, never a stack trace.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A one-line message that names the option, file or value at fault. */
    public UsageException(String message) {
        super(message);
    }

    /** The same, keeping the cause for debugging. */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
