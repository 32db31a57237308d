import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Build step (run by Maven after the jar is shaded): rewrites the classes of the jar whose class file version is
 * older than Java 6 (picocli is compiled for Java 5) as Java 8 classes, with the stack maps the JDK's ClassFile API
 * computes for them. The JDK 25 AOT cache leaves such old classes out ("Old class has been linked"), and with them
 * every class that extends or implements one, so every command that builds the command-line model loaded and
 * verified them at each start. Nothing else in a class changes. A class the API cannot rebuild stays as it was.
 *
 * <pre>java scripts/UpgradeOldClasses.java target/tcpdoctor.jar</pre>
 */
public final class UpgradeOldClasses {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Map<String, byte[]> classes = new HashMap<>();
        try (JarFile in = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    try (InputStream s = in.getInputStream(entry)) {
                        classes.put(entry.getName(), s.readAllBytes());
                    }
                }
            }
        }
        // Stack maps need the class hierarchy: the jar's own classes, then the JDK's.
        ClassHierarchyResolver resolver = ClassHierarchyResolver.defaultResolver().orElse(
                ClassHierarchyResolver.ofResourceParsing(desc -> {
                    byte[] b = classes.get(internalName(desc) + ".class");
                    return b == null ? null : new java.io.ByteArrayInputStream(b);
                }));
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver),
                ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
        ClassTransform toJava8 = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                .andThen((b, element) -> {
                    if (element instanceof ClassFileVersion) {
                        b.withVersion(ClassFile.JAVA_8_VERSION, 0);
                    } else {
                        b.with(element);
                    }
                });
        Map<String, byte[]> upgraded = new HashMap<>();
        int failed = 0;
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            byte[] b = c.getValue();
            int major = ((b[6] & 0xff) << 8) | (b[7] & 0xff);
            if (major >= ClassFile.JAVA_6_VERSION) {
                continue;
            }
            try {
                ClassModel model = cf.parse(b);
                byte[] out = cf.transformClass(model, toJava8);
                cf.verify(out).stream().findFirst().ifPresent(err -> {
                    throw new IllegalStateException(err.getMessage());
                });
                upgraded.put(c.getKey(), out);
            } catch (RuntimeException e) {
                failed++;
                System.err.println("upgrade-old-classes: keeping " + c.getKey() + " as it is: " + e.getMessage());
            }
        }
        if (upgraded.isEmpty()) {
            System.err.println("upgrade-old-classes: no class older than Java 6 in " + jar);
            return;
        }
        Path tmp = Files.createTempFile(jar.toAbsolutePath().getParent(), "upgrade", ".jar");
        try (JarFile in = new JarFile(jar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                byte[] replaced = upgraded.get(entry.getName());
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                if (replaced != null) {
                    out.write(replaced);
                } else {
                    try (InputStream s = in.getInputStream(entry)) {
                        s.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        // The temporary file is private (0600); the jar keeps the permissions it had, so that other users (and the
        // release packages, which copy it) can read it.
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(jar));
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.err.println("upgrade-old-classes: " + upgraded.size() + " classes rewritten as Java 8 classes"
                + (failed > 0 ? ", " + failed + " kept as they were" : ""));
    }

    private static String internalName(ClassDesc desc) {
        String d = desc.descriptorString();
        return d.substring(1, d.length() - 1);
    }
}
