package io.rktj.api.image;

import org.osgi.annotation.versioning.ConsumerType;

/** Told about bytes as they arrive, so that a terminal can show a fetch's progress. */
@ConsumerType
public interface FetchProgress {
    FetchProgress NONE = (blob, received, total) -> { };

    /**
     * @param blob     the blob's digest
     * @param received bytes of it received so far
     * @param total    its size, -1 if unknown
     */
    void received(String blob, long received, long total);
}
