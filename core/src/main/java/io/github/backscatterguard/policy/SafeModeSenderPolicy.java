package io.github.backscatterguard.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Backscatterer.org's "safe mode": a listing only counts for mail whose envelope sender is the
 * null sender {@code <>} or {@code postmaster@} any domain, the senders of bounces. Other local
 * parts (e.g. {@code mailer-daemon}) can be added; they are off by default, as the list defines it.
 */
public final class SafeModeSenderPolicy {
    private static final SafeModeSenderPolicy DEFAULT = new SafeModeSenderPolicy(Set.of("postmaster"));

    private final Set<String> localParts;

    private SafeModeSenderPolicy(Set<String> localParts) {
        this.localParts = localParts;
    }

    /** The list's own definition: {@code <>} and {@code postmaster@}. */
    public static SafeModeSenderPolicy backscattererDefault() {
        return DEFAULT;
    }

    /** {@code postmaster} plus {@code extraLocalParts} (case-insensitive). */
    public static SafeModeSenderPolicy withExtraLocalParts(Set<String> extraLocalParts) {
        Set<String> all = extraLocalParts.stream().map(part -> part.trim().toLowerCase(Locale.ROOT))
            .filter(part -> !part.isEmpty()).collect(Collectors.toSet());
        all.add("postmaster");
        return new SafeModeSenderPolicy(Set.copyOf(all));
    }

    /**
     * True when a listing applies to mail from this sender: {@code sender} empty means the null
     * sender; otherwise the address {@code local@domain}.
     */
    public boolean qualifies(Optional<String> sender) {
        if (sender.isEmpty()) {
            return true;
        }
        String address = sender.get();
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            local = local.substring(1, local.length() - 1);
        }
        return localParts.contains(local.toLowerCase(Locale.ROOT));
    }

    public Set<String> localParts() {
        return localParts;
    }
}
