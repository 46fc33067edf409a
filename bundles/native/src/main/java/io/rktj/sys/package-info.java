/**
 * The native calls the JDK does not offer (flock, mount, execve, kill, prctl, unshare, setns,
 * unix sockets with credentials and fd passing), through JNA, and
 * SHA-2 digests from libcrypto. This bundle loads libc once and is never hot-swapped.
 */
@Export
@Version("1.4.0")
package io.rktj.sys;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
