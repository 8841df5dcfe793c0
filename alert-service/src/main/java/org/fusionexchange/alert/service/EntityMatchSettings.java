package org.fusionexchange.alert.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fusionexchange.alert.config.AlertConfig;

/**
 * What entity matching takes from configuration and from the directory: the window, the limit past which a value is
 * common, the directory's ignore list (topic {@code directory.ignored-entities}, by value key, highest version
 * kept), and which agencies are suspended.
 */
@ApplicationScoped
public class EntityMatchSettings {

    /** An entry of the ignore list as the directory last published it. */
    record Ignore(boolean ignored, long version) {
    }

    private final DirectoryView directory;
    private final Duration window;
    private final int commonLimit;
    private final Map<String, Ignore> ignores = new ConcurrentHashMap<>();

    @Inject
    public EntityMatchSettings(DirectoryView directory, AlertConfig config) {
        this(directory, config.matches().window(), config.matches().commonLimit());
    }

    public EntityMatchSettings(DirectoryView directory, Duration window, int commonLimit) {
        this.directory = directory;
        this.window = window;
        this.commonLimit = commonLimit;
    }

    /** The rules' settings for one value. */
    public MatchRules.Settings forValue(String key) {
        return new MatchRules.Settings(window, commonLimit, ignored(key), directory::suspended);
    }

    public Duration window() {
        return window;
    }

    public boolean ignored(String key) {
        Ignore entry = ignores.get(key);
        return entry != null && entry.ignored();
    }

    /**
     * An entry of the ignore list from the directory; an older version than the one held changes nothing.
     *
     * @return whether it changed what is ignored
     */
    public boolean apply(String key, boolean ignored, long version) {
        boolean[] changed = { false };
        ignores.compute(key, (k, held) -> {
            if (held != null && held.version() >= version) {
                return held;
            }
            changed[0] = held == null ? ignored : held.ignored() != ignored;
            return new Ignore(ignored, version);
        });
        return changed[0];
    }
}
