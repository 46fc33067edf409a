/**
 * The native calls the JDK does not offer (flock, mount, execve, kill, prctl, unshare, setns),
 * through JNA. This bundle loads libc once and is never hot-swapped.
 */
@Export
@Version("1.1.0")
package io.rktj.sys;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
