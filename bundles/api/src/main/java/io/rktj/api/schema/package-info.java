/** The appc schema: image and pod manifests, names, labels, isolators, volumes. */
@Export
@Version("1.0.1")
package io.rktj.api.schema;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
