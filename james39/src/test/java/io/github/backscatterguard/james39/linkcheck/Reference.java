package io.github.backscatterguard.james39.linkcheck;

/**
 * One symbolic reference in a class file, as the JVM resolves it.
 *
 * @param kind       a class, a field or a method
 * @param owner      the class named in the reference (internal name)
 * @param name       the member's name (empty for a class)
 * @param descriptor the member's descriptor (empty for a class)
 * @param isStatic   whether the instruction needs a static member (getstatic, invokestatic...)
 * @param viaInterface whether the reference is an InterfaceMethodref
 */
record Reference(Kind kind, String owner, String name, String descriptor, boolean isStatic, boolean viaInterface) {

    enum Kind {
        CLASS, FIELD, METHOD
    }

    static Reference toClass(String owner) {
        return new Reference(Kind.CLASS, owner, "", "", false, false);
    }

    /** As a reader would write it: {@code org.apache.mailet.Mailet#getMailetConfig()Lorg/apache/mailet/MailetConfig;}. */
    @Override
    public String toString() {
        String type = owner.replace('/', '.');
        switch (kind) {
            case CLASS:
                return type;
            case FIELD:
                return (isStatic ? "static field " : "field ") + type + "#" + name + ":" + descriptor;
            default:
                return (isStatic ? "static method " : viaInterface ? "interface method " : "method ") + type + "#" + name + descriptor;
        }
    }
}
