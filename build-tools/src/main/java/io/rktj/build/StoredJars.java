package io.rktj.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites every jar of a folder with its entries stored, not deflated. Felix reads each class
 * of a bundle from its jar when the class is first loaded (also when the class-data-sharing
 * archive then supplies it), so every rkt command inflated the ~2,000 classes it uses; stored
 * entries are read as they are. Entry order, names, times and contents (signature files
 * included) are unchanged. Usage: {@code StoredJars DIR}.
 */
public final class StoredJars {

    private StoredJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: StoredJars DIR");
            System.exit(2);
        }
        int count = 0;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                store(jar, jar);
                count++;
            }
        }
        System.out.println("StoredJars: " + count + " jars in " + args[0] + " rewritten with stored entries");
    }

    /** Writes {@code in} to {@code out} (which may be the same file) with every entry stored. */
    static void store(Path in, Path out) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (ZipFile zip = new ZipFile(in.toFile());
                OutputStream file = Files.newOutputStream(tmp);
                ZipOutputStream target = new ZipOutputStream(file)) {
            target.setMethod(ZipOutputStream.STORED);
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream content = zip.getInputStream(entry)) {
                    bytes = content.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(bytes.length);
                copy.setCompressedSize(bytes.length);
                copy.setCrc(crc.getValue());
                copy.setTime(entry.getTime());
                if (entry.getExtra() != null) {
                    copy.setExtra(entry.getExtra());
                }
                target.putNextEntry(copy);
                target.write(bytes);
                target.closeEntry();
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
