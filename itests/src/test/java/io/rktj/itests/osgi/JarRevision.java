package io.rktj.itests.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/** Makes a new revision of a bundle jar: the same content under a new Bundle-Version. */
final class JarRevision {
    private JarRevision() {
    }

    static Path restamp(Path jar, Version version, Path target) throws IOException {
        try (JarFile in = new JarFile(jar.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            main.putValue(Constants.BUNDLE_VERSION, version.toString());
            main.putValue("Rktj-Itest-Revision", "restamped from " + jar.getFileName());
            try (OutputStream out = Files.newOutputStream(target); JarOutputStream jos = new JarOutputStream(out, manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().equals(JarFile.MANIFEST_NAME) || e.getName().equals("META-INF/")) {
                        continue;
                    }
                    JarEntry copy = new JarEntry(e.getName());
                    copy.setTime(e.getTime());
                    jos.putNextEntry(copy);
                    try (InputStream content = in.getInputStream(e)) {
                        content.transferTo(jos);
                    }
                    jos.closeEntry();
                }
            }
        }
        return target;
    }
}
