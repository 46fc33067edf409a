package io.rktj.fetch.aci;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.rktj.api.RktException;
import io.rktj.api.image.TrustedKeys;

/** rkt trust's key handling: reading keys from files and URLs, discovering them, storing them. */
@Component(service = TrustedKeys.class)
public final class TrustedKeysService implements TrustedKeys {
    private final TrustStore store;

    @Activate
    public TrustedKeysService(BundleContext context) {
        this(Config.systemConfig(context), Config.localConfig(context));
    }

    public TrustedKeysService(Path systemConfig, Path localConfig) {
        this.store = new TrustStore(systemConfig, localConfig);
    }

    @Override
    public List<String> discover(String prefix, boolean allowHttp, boolean insecureTls) {
        try {
            return new Discovery(new Http(insecureTls), allowHttp).keys(prefix);
        } catch (IOException e) {
            throw new RktException("prefix meta discovery error: " + e.getMessage(), e);
        }
    }

    @Override
    public PublicKey read(String location, boolean allowHttp, boolean insecureTls) {
        String context = "error accessing the key " + location;
        byte[] file;
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                if (location.startsWith("http://") && !allowHttp) {
                    throw new RktException(context + ": --insecure-allow-http required for http URLs");
                }
                file = new Http(insecureTls).getSmall(new URI(location));
            } else if (location.contains("://")) {
                throw new RktException(context + ": only local files and http or https URLs supported");
            } else {
                file = Files.readAllBytes(Path.of(location));
            }
        } catch (NoSuchFileException e) {
            throw new RktException(context + ": no such file");
        } catch (IOException | URISyntaxException e) {
            throw RktException.wrap(context, e);
        }
        try {
            return Keyring.describe(location, file);
        } catch (IOException e) {
            throw new RktException("error displaying the key " + location + ": error reading key: " + e.getMessage(), e);
        }
    }

    @Override
    public Path trust(PublicKey key, String prefix) {
        return store.store(key.armored(), prefix);
    }
}
