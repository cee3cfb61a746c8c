package io.github.backscatterguard.james.smtp;

import com.google.inject.Singleton;
import io.github.backscatterguard.recipients.LocalPartRules;
import io.github.backscatterguard.recipients.RecipientListEditor;
import io.github.backscatterguard.recipients.RecipientListStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The one {@link RecipientListStore} of a James server, shared by every
 * {@link RelayRecipientListHook} (one per SMTP server: port 25, 587, ...) and by the WebAdmin
 * route that uploads lists, so that an upload takes effect at once on every port and one thread
 * reloads the files. A Guice singleton: James creates hooks and WebAdmin route extensions through
 * Guice, and both receive this same instance.
 * <p>
 * All hooks must name the same directory and local-part rules: one server has one set of lists
 * (a second, different configuration fails that hook's init). The store is closed when the last
 * hook is destroyed.
 */
@Singleton
public final class SharedRecipientListStore {
    private RecipientListStore store;
    private RecipientListEditor editor;
    private int holders;

    /**
     * The store for these settings, started (lists loaded) on the first call.
     *
     * @throws IllegalArgumentException if another hook already uses different settings; the message
     *                                  names both
     */
    public synchronized RecipientListStore acquire(Path directory, LocalPartRules rules, Duration reloadInterval) {
        if (store == null) {
            RecipientListStore started = new RecipientListStore(directory, rules, reloadInterval);
            started.start();
            store = started;
            editor = new RecipientListEditor(started);
        } else if (!store.directory().equals(directory) || !store.rules().equals(rules)
            || !store.reloadInterval().equals(reloadInterval)) {
            throw new IllegalArgumentException("another RelayRecipientListHook of this server already reads " + describe(store.directory(),
                store.rules(), store.reloadInterval()) + "; this one asks for " + describe(directory, rules, reloadInterval)
                + "; accepted: the same directory, caseSensitiveLocalParts, subaddressSeparator and reloadInterval in every"
                + " RelayRecipientListHook (a server has one set of recipient lists)");
        }
        holders++;
        return store;
    }

    /** Gives back a store obtained from {@link #acquire}; the last release stops its reload thread. */
    public synchronized void release(RecipientListStore released) {
        if (released != store || holders == 0) {
            return;
        }
        holders--;
        if (holders == 0) {
            store.close();
            store = null;
            editor = null;
        }
    }

    /** The editor of the store in use, if a hook configured one. */
    public synchronized Optional<RecipientListEditor> editor() {
        return Optional.ofNullable(editor);
    }

    /** The store in use, if a hook configured one. */
    public synchronized Optional<RecipientListStore> store() {
        return Optional.ofNullable(store);
    }

    private static String describe(Path directory, LocalPartRules rules, Duration reloadInterval) {
        return directory + " (" + rules + ", reloaded every " + reloadInterval.toMillis() + " ms)";
    }
}
