package io.github.backscatterguard.james39.linkcheck;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Resolves every class, field and method reference of some class files as the JVM would when it
 * links them (JVMS 5.4.3), against a {@link ClassPath}: missing classes, members missing or moved,
 * static/instance and class/interface mismatches, inaccessible (e.g. private) members, and, for
 * each concrete class, abstract methods of its supertypes left unimplemented. Plain class loading
 * finds none of the member problems: the JVM reports them only when the code runs.
 */
final class LinkChecker {
    private final ClassPath classPath;
    /** Every distinct reference checked, with where it resolved (a jar's file name, "JDK"), or null when it did not. */
    private final Map<Reference, String> checked = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int classes;

    LinkChecker(ClassPath classPath) {
        this.classPath = classPath;
    }

    /** Checks one class file of the checked code. */
    void check(InputStream classFile) throws IOException {
        ClassReader reader = new ClassReader(classFile);
        String self = reader.getClassName();
        Set<Reference> references = new LinkedHashSet<>();
        reader.accept(new Collector(references), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        classes++;
        ClassModel model = classPath.find(self).orElseThrow(() -> new IllegalStateException(self + " is not on the class path it is checked with"));
        checkHierarchy(model);
        for (Reference reference : references) {
            Resolution resolution = resolve(self, reference);
            checked.merge(reference, resolution.origin == null ? "" : resolution.origin, (before, now) -> before.isEmpty() ? before : now);
            if (resolution.problem != null) {
                problems.add(self.replace('/', '.') + " -> " + reference + ": " + resolution.problem);
            }
        }
    }

    List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    int classCount() {
        return classes;
    }

    /** Distinct references checked, by kind. */
    Map<Reference.Kind, Integer> referenceCounts() {
        Map<Reference.Kind, Integer> counts = new LinkedHashMap<>();
        for (Reference.Kind kind : Reference.Kind.values()) {
            counts.put(kind, (int) checked.keySet().stream().filter(reference -> reference.kind() == kind).count());
        }
        return counts;
    }

    /** Resolved references by where their target was found (a jar's file name, or "JDK"). */
    Map<String, Integer> resolvedByOrigin() {
        Map<String, Integer> counts = new TreeMap<>();
        checked.values().stream().filter(origin -> !origin.isEmpty()).forEach(origin -> counts.merge(origin, 1, Integer::sum));
        return counts;
    }

    private Resolution resolve(String self, Reference reference) {
        Optional<ClassModel> owner = classPath.find(reference.owner());
        if (owner.isEmpty()) {
            return Resolution.failed("class not found (NoClassDefFoundError)");
        }
        if (!accessible(self, owner.get())) {
            return Resolution.failed("class is not public (IllegalAccessError)");
        }
        switch (reference.kind()) {
            case CLASS:
                return Resolution.in(owner.get());
            case FIELD:
                return resolveField(self, owner.get(), reference);
            default:
                return resolveMethod(self, owner.get(), reference);
        }
    }

    private Resolution resolveField(String self, ClassModel owner, Reference reference) {
        Optional<Member> field = findField(owner, reference.name() + ":" + reference.descriptor(), new HashSet<>());
        if (field.isEmpty()) {
            return Resolution.failed("no such field (NoSuchFieldError)");
        }
        return checkMember(self, field.get(), reference);
    }

    /** JVMS 5.4.3.2: the class, then its superinterfaces, then its superclass. */
    private Optional<Member> findField(ClassModel type, String key, Set<String> seen) {
        if (!seen.add(type.name())) {
            return Optional.empty();
        }
        Integer access = type.fields().get(key);
        if (access != null) {
            return Optional.of(new Member(type, access));
        }
        for (String name : type.interfaces()) {
            Optional<Member> found = classPath.find(name).flatMap(parent -> findField(parent, key, seen));
            if (found.isPresent()) {
                return found;
            }
        }
        return superclass(type).flatMap(parent -> findField(parent, key, seen));
    }

    private Resolution resolveMethod(String self, ClassModel owner, Reference reference) {
        if (owner.isInterface() != reference.viaInterface()) {
            return Resolution.failed(owner.isInterface()
                ? "is an interface, referenced as a class (IncompatibleClassChangeError)"
                : "is a class, referenced as an interface (IncompatibleClassChangeError)");
        }
        String key = reference.name() + reference.descriptor();
        Optional<Member> method = owner.isInterface() ? findInterfaceMethod(owner, key) : findClassMethod(owner, key);
        if (method.isEmpty() && isSignaturePolymorphic(owner, reference.name())) {
            return Resolution.in(owner);
        }
        if (method.isEmpty()) {
            return Resolution.failed("no such method (NoSuchMethodError)");
        }
        return checkMember(self, method.get(), reference);
    }

    /** JVMS 5.4.3.3: the class and its superclasses, then a non-private, non-static method of its superinterfaces. */
    private Optional<Member> findClassMethod(ClassModel owner, String key) {
        for (Optional<ClassModel> type = Optional.of(owner); type.isPresent(); type = type.flatMap(this::superclass)) {
            Integer access = type.get().methods().get(key);
            if (access != null) {
                return Optional.of(new Member(type.get(), access));
            }
        }
        return findInSuperinterfaces(owner, key);
    }

    /** JVMS 5.4.3.4: the interface, then Object's public methods, then its superinterfaces. */
    private Optional<Member> findInterfaceMethod(ClassModel owner, String key) {
        Integer access = owner.methods().get(key);
        if (access != null) {
            return Optional.of(new Member(owner, access));
        }
        Optional<ClassModel> object = classPath.find("java/lang/Object");
        Integer objectAccess = object.map(type -> type.methods().get(key)).orElse(null);
        if (objectAccess != null && (objectAccess & Opcodes.ACC_PUBLIC) != 0 && (objectAccess & Opcodes.ACC_STATIC) == 0) {
            return Optional.of(new Member(object.get(), objectAccess));
        }
        return findInSuperinterfaces(owner, key);
    }

    private Optional<Member> findInSuperinterfaces(ClassModel type, String key) {
        for (ClassModel parent : allSuperinterfaces(type)) {
            Integer access = parent.methods().get(key);
            if (access != null && (access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)) == 0) {
                return Optional.of(new Member(parent, access));
            }
        }
        return Optional.empty();
    }

    private Resolution checkMember(String self, Member member, Reference reference) {
        boolean isStatic = (member.access & Opcodes.ACC_STATIC) != 0;
        if (isStatic != reference.isStatic()) {
            return Resolution.failed((isStatic ? "is static, used as an instance member" : "is an instance member, used as static")
                + " (IncompatibleClassChangeError)");
        }
        if (!accessible(self, member)) {
            return Resolution.failed("is " + visibility(member.access) + " in " + member.declarer.name().replace('/', '.') + " (IllegalAccessError)");
        }
        return Resolution.in(member.declarer);
    }

    /** MethodHandle.invokeExact, VarHandle.get...: any descriptor links (JVMS 2.9.3). */
    private static boolean isSignaturePolymorphic(ClassModel owner, String name) {
        if (!owner.name().equals("java/lang/invoke/MethodHandle") && !owner.name().equals("java/lang/invoke/VarHandle")) {
            return false;
        }
        int polymorphic = Opcodes.ACC_VARARGS | Opcodes.ACC_NATIVE;
        return owner.methods().entrySet().stream()
            .anyMatch(method -> method.getKey().startsWith(name + "([Ljava/lang/Object;)") && (method.getValue() & polymorphic) == polymorphic);
    }

    /**
     * The checks of a concrete class's supertypes made when it is loaded or first used: they exist
     * and are of the right kind, the superclass is not final, no final method is overridden, and every
     * abstract method it inherits has an implementation (else AbstractMethodError on the first call).
     */
    private void checkHierarchy(ClassModel type) {
        String self = type.name().replace('/', '.');
        if (type.superName() != null) {
            Optional<ClassModel> parent = classPath.find(type.superName());
            if (parent.isEmpty()) {
                problems.add(self + ": superclass " + type.superName().replace('/', '.') + " not found (NoClassDefFoundError)");
                return;
            }
            if (parent.get().isInterface() || parent.get().isFinal()) {
                problems.add(self + ": superclass " + parent.get().name().replace('/', '.') + " is "
                    + (parent.get().isInterface() ? "an interface" : "final") + " (IncompatibleClassChangeError/VerifyError)");
            }
        }
        for (String name : type.interfaces()) {
            Optional<ClassModel> parent = classPath.find(name);
            if (parent.isEmpty()) {
                problems.add(self + ": interface " + name.replace('/', '.') + " not found (NoClassDefFoundError)");
                return;
            }
            if (!parent.get().isInterface()) {
                problems.add(self + ": " + name.replace('/', '.') + " is a class, implemented as an interface (IncompatibleClassChangeError)");
            }
        }
        checkFinalOverrides(type, self);
        if (!type.isAbstract() && !type.isInterface()) {
            checkAbstractMethodsImplemented(type, self);
        }
    }

    private void checkFinalOverrides(ClassModel type, String self) {
        for (Map.Entry<String, Integer> method : type.methods().entrySet()) {
            if ((method.getValue() & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) != 0 || method.getKey().startsWith("<")) {
                continue;
            }
            for (Optional<ClassModel> parent = superclass(type); parent.isPresent(); parent = parent.flatMap(this::superclass)) {
                Integer access = parent.get().methods().get(method.getKey());
                if (access != null && (access & Opcodes.ACC_FINAL) != 0 && (access & Opcodes.ACC_PRIVATE) == 0) {
                    problems.add(self + ": overrides final method " + parent.get().name().replace('/', '.') + "#" + method.getKey() + " (VerifyError)");
                }
            }
        }
    }

    private void checkAbstractMethodsImplemented(ClassModel type, String self) {
        Set<String> concrete = new HashSet<>();
        for (Optional<ClassModel> current = Optional.of(type); current.isPresent(); current = current.flatMap(this::superclass)) {
            for (Map.Entry<String, Integer> method : current.get().methods().entrySet()) {
                int access = method.getValue();
                if ((access & Opcodes.ACC_STATIC) != 0) {
                    continue;
                }
                if ((access & Opcodes.ACC_ABSTRACT) == 0) {
                    concrete.add(method.getKey());
                } else if (!concrete.contains(method.getKey())) {
                    problems.add(self + ": does not implement abstract method " + current.get().name().replace('/', '.') + "#" + method.getKey()
                        + " (AbstractMethodError)");
                }
            }
        }
        Set<String> defaults = new HashSet<>();
        List<ClassModel> interfaces = allSuperinterfaces(type);
        for (ClassModel parent : interfaces) {
            parent.methods().forEach((key, access) -> {
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0) {
                    defaults.add(key);
                }
            });
        }
        for (ClassModel parent : interfaces) {
            parent.methods().forEach((key, access) -> {
                if ((access & Opcodes.ACC_ABSTRACT) != 0 && !concrete.contains(key) && !defaults.contains(key)) {
                    problems.add(self + ": does not implement interface method " + parent.name().replace('/', '.') + "#" + key
                        + " (AbstractMethodError)");
                }
            });
        }
    }

    /** Every interface a type implements or extends, directly or through its superclasses, each once. */
    private List<ClassModel> allSuperinterfaces(ClassModel type) {
        Map<String, ClassModel> found = new LinkedHashMap<>();
        List<ClassModel> pending = new ArrayList<>();
        for (Optional<ClassModel> current = Optional.of(type); current.isPresent(); current = current.flatMap(this::superclass)) {
            pending.add(current.get());
        }
        while (!pending.isEmpty()) {
            ClassModel next = pending.remove(0);
            for (String name : next.interfaces()) {
                if (!found.containsKey(name)) {
                    classPath.find(name).ifPresent(parent -> {
                        found.put(name, parent);
                        pending.add(parent);
                    });
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    private Optional<ClassModel> superclass(ClassModel type) {
        return type.superName() == null ? Optional.empty() : classPath.find(type.superName());
    }

    private boolean accessible(String self, ClassModel target) {
        return target.isPublic() || samePackage(self, target);
    }

    /** JVMS 5.4.4: private members within one nest (a class and its nested classes, in one jar). */
    private boolean accessible(String self, Member member) {
        int access = member.access;
        if ((access & Opcodes.ACC_PUBLIC) != 0) {
            return true;
        }
        if ((access & Opcodes.ACC_PRIVATE) != 0) {
            Optional<ClassModel> own = classPath.find(self);
            return own.isPresent() && own.get().nestHost().equals(member.declarer.nestHost())
                && own.get().origin().equals(member.declarer.origin());
        }
        if (samePackage(self, member.declarer)) {
            return true;
        }
        return (access & Opcodes.ACC_PROTECTED) != 0 && isSubclass(self, member.declarer.name());
    }

    /** Same runtime package: same name, and the target is among the checked classes' own (same jar, same loader). */
    private boolean samePackage(String self, ClassModel target) {
        Optional<ClassModel> own = classPath.find(self);
        return ClassModel.packageOf(self).equals(target.packageName()) && own.isPresent() && own.get().origin().equals(target.origin());
    }

    private boolean isSubclass(String self, String ancestor) {
        for (Optional<ClassModel> type = classPath.find(self); type.isPresent(); type = type.flatMap(this::superclass)) {
            if (type.get().name().equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    private static String visibility(int access) {
        if ((access & Opcodes.ACC_PRIVATE) != 0) {
            return "private";
        }
        return (access & Opcodes.ACC_PROTECTED) != 0 ? "protected" : "package-private";
    }

    private record Member(ClassModel declarer, int access) {
    }

    /** Where a reference resolved, or why it did not. */
    private record Resolution(String origin, String problem) {
        static Resolution in(ClassModel target) {
            return new Resolution(target.origin(), null);
        }

        static Resolution failed(String problem) {
            return new Resolution(null, problem);
        }
    }

    /** Gathers the references of one class file: its supertypes, member signatures and code. */
    private static final class Collector extends ClassVisitor {
        private final Set<Reference> references;

        Collector(Set<Reference> references) {
            super(Opcodes.ASM9);
            this.references = references;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            if (superName != null) {
                typeOf(superName);
            }
            for (String parent : interfaces) {
                typeOf(parent);
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            descriptorTypes(descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            descriptorTypes(descriptor);
            if (exceptions != null) {
                for (String exception : exceptions) {
                    typeOf(exception);
                }
            }
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitTypeInsn(int opcode, String type) {
                    typeOrArray(type);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                    field(owner, name, descriptor, opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                    method(owner, name, descriptor, opcode == Opcodes.INVOKESTATIC, isInterface);
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                    descriptorTypes(descriptor);
                    handle(bootstrap);
                    for (Object argument : arguments) {
                        constant(argument);
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    constant(value);
                }

                @Override
                public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
                    descriptorTypes(descriptor);
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                    if (type != null) {
                        typeOf(type);
                    }
                }
            };
        }

        private void constant(Object value) {
            if (value instanceof Type) {
                descriptorTypes(((Type) value).getDescriptor());
            } else if (value instanceof Handle) {
                handle((Handle) value);
            } else if (value instanceof ConstantDynamic) {
                ConstantDynamic dynamic = (ConstantDynamic) value;
                descriptorTypes(dynamic.getDescriptor());
                handle(dynamic.getBootstrapMethod());
                for (int i = 0; i < dynamic.getBootstrapMethodArgumentCount(); i++) {
                    constant(dynamic.getBootstrapMethodArgument(i));
                }
            }
        }

        private void handle(Handle handle) {
            switch (handle.getTag()) {
                case Opcodes.H_GETFIELD:
                case Opcodes.H_PUTFIELD:
                    field(handle.getOwner(), handle.getName(), handle.getDesc(), false);
                    break;
                case Opcodes.H_GETSTATIC:
                case Opcodes.H_PUTSTATIC:
                    field(handle.getOwner(), handle.getName(), handle.getDesc(), true);
                    break;
                default:
                    method(handle.getOwner(), handle.getName(), handle.getDesc(), handle.getTag() == Opcodes.H_INVOKESTATIC, handle.isInterface());
            }
        }

        private void field(String owner, String name, String descriptor, boolean isStatic) {
            if (owner.startsWith("[")) {
                descriptorTypes(owner);
                return;
            }
            descriptorTypes(descriptor);
            references.add(new Reference(Reference.Kind.FIELD, owner, name, descriptor, isStatic, false));
        }

        private void method(String owner, String name, String descriptor, boolean isStatic, boolean isInterface) {
            descriptorTypes(descriptor);
            if (owner.startsWith("[")) {
                // An array's clone() and Object's methods: only the element type can be missing.
                descriptorTypes(owner);
                return;
            }
            references.add(new Reference(Reference.Kind.METHOD, owner, name, descriptor, isStatic, isInterface));
        }

        private void typeOrArray(String internalNameOrArray) {
            if (internalNameOrArray.startsWith("[")) {
                descriptorTypes(internalNameOrArray);
            } else {
                typeOf(internalNameOrArray);
            }
        }

        private void descriptorTypes(String descriptor) {
            Type type = Type.getType(descriptor);
            if (type.getSort() == Type.METHOD) {
                for (Type argument : type.getArgumentTypes()) {
                    objectType(argument);
                }
                objectType(type.getReturnType());
            } else {
                objectType(type);
            }
        }

        private void objectType(Type type) {
            Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
            if (element.getSort() == Type.OBJECT) {
                typeOf(element.getInternalName());
            }
        }

        private void typeOf(String internalName) {
            references.add(Reference.toClass(internalName));
        }
    }
}
