/**
 * The pod lifecycle (stage0) and the contracts of stage1 flavors and stage2 app executors.
 * docs/stage1-flavor-contract.md describes the flavor contract in prose.
 */
@Export
@Version("1.4.0")
package io.rktj.api.pod;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
