/** Network plugins: host, none, CNI networks. */
@Export
@Version("1.1.0")
package io.rktj.api.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
