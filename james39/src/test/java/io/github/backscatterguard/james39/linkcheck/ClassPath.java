package io.github.backscatterguard.james39.linkcheck;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The classes a James server would let the extension see: the JDK's, then the given jars in order
 * (the first holding a class wins, as on a class path). Multi-release jars are read as Java 21
 * reads them, James 3.9's Java.
 */
final class ClassPath implements Closeable {
    static final String JDK = "JDK";
    private static final Runtime.Version TARGET = Runtime.Version.parse("21");

    private final List<JarFile> jars = new ArrayList<>();
    private final Map<String, Optional<ClassModel>> cache = new HashMap<>();

    ClassPath(List<Path> jarFiles) throws IOException {
        for (Path jar : jarFiles) {
            jars.add(new JarFile(jar.toFile(), false, ZipFile.OPEN_READ, TARGET));
        }
    }

    /** @param internalName e.g. {@code org/apache/mailet/Mailet} */
    Optional<ClassModel> find(String internalName) {
        return cache.computeIfAbsent(internalName, this::load);
    }

    private Optional<ClassModel> load(String internalName) {
        String resource = internalName + ".class";
        try {
            // .class resources of the JDK's modules are never encapsulated: the platform loader hands them out.
            try (InputStream jdk = ClassLoader.getPlatformClassLoader().getResourceAsStream(resource)) {
                if (jdk != null) {
                    return Optional.of(read(jdk, JDK));
                }
            }
            for (JarFile jar : jars) {
                JarEntry entry = jar.getJarEntry(resource);
                if (entry != null) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        return Optional.of(read(in, Path.of(jar.getName()).getFileName().toString()));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static ClassModel read(InputStream classFile, String origin) throws IOException {
        ClassReader reader = new ClassReader(classFile);
        Map<String, Integer> fields = new LinkedHashMap<>();
        Map<String, Integer> methods = new LinkedHashMap<>();
        String[] nestHost = {reader.getClassName()};
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visitNestHost(String host) {
                nestHost[0] = host;
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                fields.put(name + ":" + descriptor, access);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                methods.put(name + descriptor, access);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassModel(reader.getClassName(), reader.getAccess(), reader.getSuperName(),
            List.of(reader.getInterfaces()), Map.copyOf(fields), Map.copyOf(methods), nestHost[0], origin);
    }

    @Override
    public void close() throws IOException {
        for (JarFile jar : jars) {
            jar.close();
        }
    }
}
