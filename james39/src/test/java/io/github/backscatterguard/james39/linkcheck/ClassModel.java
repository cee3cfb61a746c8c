package io.github.backscatterguard.james39.linkcheck;

import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;

/**
 * What the JVM's linker needs to know of one class: its flags, supertypes and members (members are
 * keyed by name + descriptor, e.g. {@code getMailetConfig()Lorg/apache/mailet/MailetConfig;}).
 *
 * @param nestHost the class whose private members it may use (JVMS 5.4.4): its NestHost attribute, else itself
 * @param origin   where the class was found: a jar's file name, or "JDK"
 */
record ClassModel(String name, int access, String superName, List<String> interfaces,
                  Map<String, Integer> fields, Map<String, Integer> methods, String nestHost, String origin) {

    boolean isInterface() {
        return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    boolean isPublic() {
        return (access & Opcodes.ACC_PUBLIC) != 0;
    }

    boolean isFinal() {
        return (access & Opcodes.ACC_FINAL) != 0;
    }

    boolean isAbstract() {
        return (access & Opcodes.ACC_ABSTRACT) != 0;
    }

    String packageName() {
        return packageOf(name);
    }

    static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }
}
