/** The image store and the image fetchers that fill it. */
@Export
@Version("1.2.0")
package io.rktj.api.image;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
