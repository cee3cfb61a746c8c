package io.github.backscatterguard.james.webadmin;

import io.github.backscatterguard.recipients.RecipientList;

/** One domain's list as WebAdmin shows it: {@code {"domain":"customer.example","addresses":2,"catchAll":false}}. */
public final class RecipientListSummary {
    private final String domain;
    private final int addresses;
    private final boolean catchAll;

    RecipientListSummary(String domain, RecipientList list) {
        this.domain = domain;
        this.addresses = list.size();
        this.catchAll = list.hasCatchAll();
    }

    public String getDomain() {
        return domain;
    }

    public int getAddresses() {
        return addresses;
    }

    public boolean isCatchAll() {
        return catchAll;
    }
}
