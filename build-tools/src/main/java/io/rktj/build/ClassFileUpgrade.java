package io.rktj.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;

/**
 * Rewrites the classes of a jar that are older than Java 8 as Java 8 class files with stack
 * map frames (jsr/ret inlined), and copies every other entry unchanged. Usage:
 * {@code ClassFileUpgrade IN.jar OUT.jar}. OUT is written to a temporary name and renamed.
 */
public final class ClassFileUpgrade {
    static final int TARGET = Opcodes.V1_8;

    private ClassFileUpgrade() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ClassFileUpgrade IN.jar OUT.jar");
            System.exit(2);
        }
        int upgraded = upgrade(Path.of(args[0]), Path.of(args[1]));
        System.out.println("ClassFileUpgrade: " + upgraded + " classes of " + args[0] + " rewritten as Java 8 class files");
    }

    /** Upgrades {@code in} into {@code out}; returns how many classes were rewritten. */
    static int upgrade(Path in, Path out) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        int count = 0;
        try (JarFile jar = new JarFile(in.toFile(), false);
                URLClassLoader hierarchy = new URLClassLoader(new URL[] {in.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                OutputStream file = Files.newOutputStream(tmp);
                JarOutputStream target = new JarOutputStream(file)) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements();) {
                JarEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream content = jar.getInputStream(entry)) {
                    bytes = content.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")
                        && majorVersion(bytes) < TARGET) {
                    bytes = upgrade(bytes, hierarchy);
                    count++;
                }
                JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                target.putNextEntry(copy);
                target.write(bytes);
                target.closeEntry();
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return count;
    }

    static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** One class file as Java 8 with frames; the loader resolves common super classes. */
    static byte[] upgrade(byte[] classFile, ClassLoader hierarchy) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(TARGET, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new JSRInlinerAdapter(mv, access, name, descriptor, signature, exceptions);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
