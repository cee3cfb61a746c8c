package io.github.backscatterguard.ndr;

/** The per-recipient fields of an RFC 3464 delivery-status report (all may be null). */
final class RecipientStatus {
    String finalRecipient;
    String originalRecipient;
    String action;
    String status;
    String diagnosticCode;
    String remoteMta;

    boolean isEmpty() {
        return finalRecipient == null && originalRecipient == null && action == null && status == null
            && diagnosticCode == null;
    }

    /** The recipient the report is about: Final-Recipient, else Original-Recipient. */
    String recipient() {
        return finalRecipient != null ? finalRecipient : originalRecipient;
    }
}
