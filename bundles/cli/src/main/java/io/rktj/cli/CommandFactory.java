package io.rktj.cli;

import java.lang.reflect.Constructor;

import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Creates picocli's objects for one execution: commands get the {@link Session} through their
 * constructor, and every request for the global flags gets the session's single instance.
 */
final class CommandFactory implements IFactory {
    private final Session session;

    CommandFactory(Session session) {
        this.session = session;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        if (cls == GlobalOptions.class) {
            return cls.cast(session.global());
        }
        Constructor<K> withSession;
        try {
            withSession = cls.getDeclaredConstructor(Session.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
        return withSession.newInstance(session);
    }
}
