/** What every rktj bundle shares: the runtime's own error and how host tools are found. */
@Export
@Version("1.1.0")
package io.rktj.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
