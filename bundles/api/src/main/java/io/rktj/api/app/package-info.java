/**
 * The appc executor semantics every flavor and app executor shares: the app's environment in
 * rkt's precedence, its user and groups from the image's own files, paths resolved inside its
 * rootfs, the program it executes, and the volumes it mounts. One implementation, so fly and
 * systemd/runc give an app the same identity and environment.
 */
@Export
@Version("1.0.0")
package io.rktj.api.app;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
