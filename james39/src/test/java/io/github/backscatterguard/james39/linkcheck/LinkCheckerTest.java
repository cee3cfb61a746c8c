package io.github.backscatterguard.james39.linkcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.james.core.MailAddress;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.GenericMailet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The link checker on small class files written with ASM, each with one reference, checked against
 * the real James 3.9.0 jars of this module's test class path: what links passes, and each kind of
 * link error James 3.9 would throw at run time is reported.
 */
class LinkCheckerTest {
    private static final String MAILET = "org/apache/mailet/Mailet";
    private static final String GENERIC_MAILET = "org/apache/mailet/base/GenericMailet";
    private static final String MAIL_ADDRESS = "org/apache/james/core/MailAddress";
    private static final String MAILET_CONFIG_GETTER = "()Lorg/apache/mailet/MailetConfig;";

    @TempDir
    Path tmp;

    @Test
    void passesReferencesThatResolveInJames39() throws Exception {
        List<String> problems = problemsOf(classCalling("Good", code -> {
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, GENERIC_MAILET, "getMailetConfig", MAILET_CONFIG_GETTER, false);
            code.visitInsn(Opcodes.POP);
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitMethodInsn(Opcodes.INVOKEINTERFACE, MAILET, "getMailetInfo", "()Ljava/lang/String;", true);
            code.visitInsn(Opcodes.POP);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, MAIL_ADDRESS, "nullSender", "()L" + MAIL_ADDRESS + ";", false);
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MAIL_ADDRESS, "asString", "()Ljava/lang/String;", false);
            code.visitInsn(Opcodes.POP);
            code.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
            code.visitInsn(Opcodes.POP);
        }));

        assertThat(problems).isEmpty();
    }

    @Test
    void findsAMethodRemovedFromAnInterface() throws Exception {
        // James 3.8's Mailet interface had getMailetConfig(); 3.9's has not (GenericMailet still has).
        List<String> problems = problemsOf(classCalling("CallsRemovedMethod", code -> {
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitMethodInsn(Opcodes.INVOKEINTERFACE, MAILET, "getMailetConfig", MAILET_CONFIG_GETTER, true);
            code.visitInsn(Opcodes.POP);
        }));

        assertThat(problems).containsExactly(
            "CallsRemovedMethod -> interface method org.apache.mailet.Mailet#getMailetConfig()Lorg/apache/mailet/MailetConfig;: "
                + "no such method (NoSuchMethodError)");
    }

    @Test
    void findsAConstructorThatBecamePrivate() throws Exception {
        // new MailAddress(String, Domain): public in 3.8, private in 3.9.
        List<String> problems = problemsOf(classCalling("CallsPrivateConstructor", code -> {
            code.visitTypeInsn(Opcodes.NEW, MAIL_ADDRESS);
            code.visitInsn(Opcodes.DUP);
            code.visitLdcInsn("alice");
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitMethodInsn(Opcodes.INVOKESPECIAL, MAIL_ADDRESS, "<init>", "(Ljava/lang/String;Lorg/apache/james/core/Domain;)V", false);
            code.visitInsn(Opcodes.POP);
        }));

        assertThat(problems).singleElement().asString()
            .contains("method org.apache.james.core.MailAddress#<init>(Ljava/lang/String;Lorg/apache/james/core/Domain;)V")
            .endsWith("is private in org.apache.james.core.MailAddress (IllegalAccessError)");
    }

    @Test
    void findsAMissingClass() throws Exception {
        List<String> problems = problemsOf(classCalling("CastsToJavaxMail", code -> {
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitTypeInsn(Opcodes.CHECKCAST, "javax/mail/internet/MimeMessage");
            code.visitInsn(Opcodes.POP);
        }));

        assertThat(problems).containsExactly("CastsToJavaxMail -> javax.mail.internet.MimeMessage: class not found (NoClassDefFoundError)");
    }

    @Test
    void findsAMissingFieldAndStaticMismatches() throws Exception {
        List<String> problems = problemsOf(classCalling("WrongMembers", code -> {
            code.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "nosuchfield", "Ljava/io/PrintStream;");
            code.visitInsn(Opcodes.POP);
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitMethodInsn(Opcodes.INVOKESTATIC, MAIL_ADDRESS, "asString", "()Ljava/lang/String;", false);
            code.visitInsn(Opcodes.POP);
            code.visitInsn(Opcodes.ACONST_NULL);
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MAILET, "getMailetInfo", "()Ljava/lang/String;", false);
            code.visitInsn(Opcodes.POP);
        }));

        assertThat(problems).containsExactlyInAnyOrder(
            "WrongMembers -> static field java.lang.System#nosuchfield:Ljava/io/PrintStream;: no such field (NoSuchFieldError)",
            "WrongMembers -> static method org.apache.james.core.MailAddress#asString()Ljava/lang/String;: "
                + "is an instance member, used as static (IncompatibleClassChangeError)",
            "WrongMembers -> method org.apache.mailet.Mailet#getMailetInfo()Ljava/lang/String;: "
                + "is an interface, referenced as a class (IncompatibleClassChangeError)");
    }

    @Test
    void findsAbstractMethodsLeftUnimplemented() throws Exception {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V21, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "EmptyMatcher", null, "java/lang/Object",
            new String[] {"org/apache/mailet/Matcher"});
        writer.visitEnd();

        List<String> problems = problemsOf(writer.toByteArray());

        assertThat(problems).contains("EmptyMatcher: does not implement interface method "
            + "org.apache.mailet.Matcher#match(Lorg/apache/mailet/Mail;)Ljava/util/Collection; (AbstractMethodError)");
    }

    @Test
    void countsDistinctReferencesByWhereTheyResolved() throws Exception {
        Consumer<MethodVisitor> twice = code -> {
            for (int i = 0; i < 2; i++) {
                code.visitFieldInsn(Opcodes.GETSTATIC, "java/lang/System", "out", "Ljava/io/PrintStream;");
                code.visitInsn(Opcodes.POP);
            }
        };
        byte[] first = classCalling("A", twice);
        byte[] second = classCalling("B", twice);
        try (ClassPath classPath = new ClassPath(List.of(jar(first, second)))) {
            LinkChecker checker = new LinkChecker(classPath);
            checker.check(new ByteArrayInputStream(first));
            checker.check(new ByteArrayInputStream(second));

            assertThat(checker.classCount()).isEqualTo(2);
            assertThat(checker.referenceCounts()).containsEntry(Reference.Kind.FIELD, 1);
            assertThat(checker.resolvedByOrigin()).containsExactly(entry(ClassPath.JDK, 3)); // Object, PrintStream, System.out
            assertThat(checker.problems()).isEmpty();
        }
    }

    /** Checks the classes against the James 3.9.0 mailet API, mailet base and James core jars. */
    private List<String> problemsOf(byte[]... classes) throws Exception {
        try (ClassPath classPath = new ClassPath(List.of(jar(classes), jarOf(Mailet.class), jarOf(GenericMailet.class), jarOf(MailAddress.class)))) {
            LinkChecker checker = new LinkChecker(classPath);
            for (byte[] classFile : classes) {
                checker.check(new ByteArrayInputStream(classFile));
            }
            return checker.problems();
        }
    }

    /** A public class NAME with a static method run() holding the given code. */
    private static byte[] classCalling(String name, Consumer<MethodVisitor> body) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V21, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        MethodVisitor code = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "()V", null, null);
        code.visitCode();
        body.accept(code);
        code.visitInsn(Opcodes.RETURN);
        code.visitMaxs(0, 0);
        code.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private Path jar(byte[]... classes) throws IOException {
        Path jar = Files.createTempFile(tmp, "checked", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (byte[] classFile : classes) {
                out.putNextEntry(new JarEntry(new ClassReader(classFile).getClassName() + ".class"));
                out.write(classFile);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
