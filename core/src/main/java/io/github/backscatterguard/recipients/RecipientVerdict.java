package io.github.backscatterguard.recipients;

/** What a domain's recipient list says about one address. */
public enum RecipientVerdict {
    /** The domain has a list and the address is on it (exactly, by its base address, or by a catch-all). */
    ACCEPT,
    /** The domain has a list and the address is not on it. */
    REJECT,
    /** The domain has no list in force: the list says nothing, the rest of the chain decides. */
    NO_LIST
}
