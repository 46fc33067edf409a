/** What every rktj bundle shares: the runtime's own error, how host tools are found, the native programs bundles carry. */
@Export
@Version("1.2.0")
package io.rktj.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
