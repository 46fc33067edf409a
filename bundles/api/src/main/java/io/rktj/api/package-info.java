/** What every rktj bundle shares: the runtime's own error. */
@Export
@Version("1.0.0")
package io.rktj.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
