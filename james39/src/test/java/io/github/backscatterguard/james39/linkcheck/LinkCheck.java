package io.github.backscatterguard.james39.linkcheck;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The build's link check of the James 3.9 jar: {@code LinkCheck JAR CLASSPATH_FILE} resolves every
 * reference of every class in JAR against JAR itself, the jars listed in CLASSPATH_FILE (what James
 * gives an extension: the module's provided dependencies) and the running JDK. Prints the counts;
 * exits with status 1 and one line per problem when any reference does not resolve.
 */
public final class LinkCheck {
    private LinkCheck() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LinkCheck JAR CLASSPATH_FILE");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        List<Path> classPath = new ArrayList<>();
        classPath.add(jar);
        for (String entry : Files.readString(Path.of(args[1]), StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.add(Path.of(entry.trim()));
            }
        }
        List<String> problems;
        try (ClassPath path = new ClassPath(classPath); JarFile classes = new JarFile(jar.toFile())) {
            LinkChecker checker = new LinkChecker(path);
            for (JarEntry entry : Collections.list(classes.entries())) {
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    try (InputStream in = classes.getInputStream(entry)) {
                        checker.check(in);
                    }
                }
            }
            problems = checker.problems();
            System.out.println("Link check of " + jar.getFileName() + " against " + (classPath.size() - 1) + " jars and the JDK "
                + Runtime.version().feature() + ": " + checker.classCount() + " classes, distinct references checked "
                + checker.referenceCounts() + ", " + problems.size() + " unresolved");
            System.out.println("  resolved in: " + checker.resolvedByOrigin());
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.out.println("  UNRESOLVED " + problem));
            System.exit(1);
        }
    }
}
